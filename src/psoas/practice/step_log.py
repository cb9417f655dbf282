"""What happened in a session, step by step: the player's log, checked against the plan it followed
and summed into the figures a person and the weekly target count on.

The plan says what was meant; the log says what was done: each step begun, how long it ran, how
it ended (done, skipped, gone back from, or left for Stop & ground), pauses, fatigue ratings and
"It hurts". Read and written here, so the store keeps it and the web shows it without reading
its keys.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from psoas.practice.session_plan import plan_steps

Ending = Literal["done", "skipped", "back", "grounded"]
ENDINGS: tuple[Ending, ...] = ("done", "skipped", "back", "grounded")
PainPlace = Literal["feet", "knees", "legs", "hips", "lower-back", "upper-back", "neck", "elsewhere"]
PAIN_PLACES: tuple[PainPlace, ...] = get_args(PainPlace)
# Seconds practised for a session to count towards the weekly target: opening the player and
# leaving, or saying "Not now", is a check-in, not a session.
COUNTS_AS_PRACTICE = 5 * 60
TREMOR_STEPS = ("tre-tremor-position", "tre-tremor-side-lying")
# A step within this many seconds of its planned length ran as planned.
AS_PLANNED = 2


@dataclass(frozen=True)
class StepRecord:
    """One step as it was done (`step` counts the plan's steps from 0)."""

    step: int
    exercise: str
    planned_seconds: int
    seconds: int
    ending: Ending
    paused_seconds: int = 0
    fatigue: int | None = None
    hurts: bool = False
    hurts_where: str | None = None
    # When the step began and was left, by the player's clock: the moment of a Stop & ground is the
    # end of the step it left. None from players that did not say (older ones).
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def how(self) -> str:
        """How the step went, in a word a person reads: done, shortened, lengthened, skipped..."""
        if self.ending == "grounded":
            return "stopped to ground"
        if self.ending == "back":
            return "went back"
        # Next pressed in the first half of a step skips it; later, it shortens it.
        if self.ending == "skipped" and self.seconds < self.planned_seconds / 2:
            return "skipped"
        if self.seconds < self.planned_seconds - AS_PLANNED:
            return "shortened"
        if self.seconds > self.planned_seconds + AS_PLANNED:
            return "lengthened"
        return "done"

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "exercise": self.exercise,
            "planned_seconds": self.planned_seconds,
            "seconds": self.seconds,
            "ending": self.ending,
            "how": self.how,
            "paused_seconds": self.paused_seconds,
            "fatigue": self.fatigue,
            "hurts": self.hurts,
            "hurts_where": self.hurts_where,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
        }


@dataclass(frozen=True)
class LogSummary:
    """The figures a session's log adds up to."""

    practised_seconds: int
    tremor_seconds: int
    skipped: int
    fatigue: tuple[int, ...]
    hurts: int

    @property
    def counts_as_practice(self) -> bool:
        return self.practised_seconds >= COUNTS_AS_PRACTICE


def read_log(entries: Sequence[Mapping[str, Any]]) -> list[StepRecord]:
    """Records from stored or sent JSON (already checked by `log_problems`)."""
    return [
        StepRecord(
            step=int(e["step"]),
            exercise=str(e["exercise"]),
            planned_seconds=int(e["planned_seconds"]),
            seconds=int(e["seconds"]),
            ending=e["ending"],
            paused_seconds=int(e.get("paused_seconds", 0)),
            fatigue=e.get("fatigue"),
            hurts=bool(e.get("hurts", False)),
            hurts_where=e.get("hurts_where"),
            started_at=_moment(e.get("started_at")),
            ended_at=_moment(e.get("ended_at")),
        )
        for e in entries
    ]


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def log_problems(plan: Mapping[str, Any], records: Sequence[StepRecord]) -> list[str]:
    """What in a sent log does not fit the plan it claims to follow, each naming the entry."""
    steps = plan_steps(plan)
    problems = []
    for number, record in enumerate(records):
        where = f"log entry {number}"
        if record.step >= len(steps):
            problems.append(f"{where}: step {record.step} is not in the plan, which has {len(steps)} steps")
            continue
        if record.exercise != steps[record.step]["exercise"]:
            problems.append(
                f"{where}: step {record.step} of the plan is {steps[record.step]['exercise']!r}, "
                f"not {record.exercise!r}"
            )
        if record.fatigue is not None and not 1 <= record.fatigue <= 10:
            problems.append(f"{where}: fatigue is rated 1 to 10, got {record.fatigue}")
        if record.hurts_where is not None and record.hurts_where not in PAIN_PLACES:
            problems.append(f"{where}: hurts_where must be one of {', '.join(PAIN_PLACES)}")
        if record.started_at and record.ended_at and record.ended_at < record.started_at:
            problems.append(f"{where}: ended_at is before started_at")
    return problems


def summarise(records: Sequence[StepRecord]) -> LogSummary:
    """Seconds practised and of tremor, steps skipped, fatigue ratings and times it hurt."""
    return LogSummary(
        practised_seconds=sum(r.seconds for r in records),
        tremor_seconds=sum(r.seconds for r in records if r.exercise in TREMOR_STEPS),
        skipped=sum(r.how == "skipped" for r in records),
        fatigue=tuple(r.fatigue for r in records if r.fatigue is not None),
        hurts=sum(r.hurts for r in records),
    )


def noted(records: Sequence[StepRecord]) -> list[str]:
    """What a reader of a report should see of a session's log, in a few words each: steps
    skipped, fatigue rated, and every time it hurt, with where."""
    summary = summarise(records)
    said = []
    if summary.skipped:
        said.append(f"{summary.skipped} {'step' if summary.skipped == 1 else 'steps'} skipped")
    if summary.fatigue:
        said.append("fatigue " + ", ".join(str(f) for f in summary.fatigue))
    places = [r.hurts_where.replace("-", " ") if r.hurts_where else "" for r in records if r.hurts]
    if places:
        named = sorted({p for p in places if p})
        said.append("it hurt" + (f" ({', '.join(named)})" if named else "") + _times(len(places)))
    return said


def _times(count: int) -> str:
    return "" if count == 1 else f", {count} times"
