"""A planned session: phases of timed steps, each with the reason it was chosen; and reading a
plan back from its stored JSON (schema 1), which this module alone knows the shape of."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from psoas.practice.exercise import BreathPattern
from psoas.practice.request import PlanRequest
from psoas.practice.tre import TREMOR_POSITIONS
from psoas.practice.vocabulary import FOCUSES, KINDS, LEVELS, PHASES, PROPS, SIDES, Kind, Phase, Side

Word = TypeVar("Word", bound=str)

SCHEMA = 1


# A named tuple rather than a frozen dataclass: a plan builds dozens of steps, and a frozen
# dataclass's __init__ sets each field through object.__setattr__, taking most of the time.
class Step(NamedTuple):
    """One timed step: an exercise (one side of it, for per-side exercises) and why it is here."""

    exercise: str
    name: str
    kind: Kind
    seconds: int
    side: Side | None
    reason: str
    cues: tuple[str, ...]
    come_out: str
    adjustments: tuple[str, ...] = ()
    breath: BreathPattern | None = None

    def to_json(self) -> dict[str, object]:
        """The step as the JSON contract describes it."""
        return {
            "exercise": self.exercise,
            "name": self.name,
            "kind": self.kind,
            "seconds": self.seconds,
            "side": self.side,
            "reason": self.reason,
            "cues": list(self.cues),
            "come_out": self.come_out,
            "adjustments": list(self.adjustments),
            "breath": self.breath.model_dump() if self.breath else None,
        }


@dataclass(frozen=True)
class PhasePlan:
    """The steps of one phase, in the order they are done."""

    phase: Phase
    steps: tuple[Step, ...]

    @property
    def seconds(self) -> int:
        """How long the phase lasts."""
        return sum(step.seconds for step in self.steps)

    @property
    def tremor_seconds(self) -> int:
        """Seconds of the tremor itself, apart from the invitation and practising stopping: what
        a tremor limit counts against, and what a person reads beside the limit."""
        return sum(step.seconds for step in self.steps if step.exercise in TREMOR_POSITIONS)

    def to_json(self) -> dict[str, object]:
        """The phase as the JSON contract describes it."""
        return {
            "phase": self.phase,
            "seconds": self.seconds,
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass(frozen=True)
class SessionPlan:
    """A whole session, phases in the order of the arc, with notes on what screening changed."""

    request: PlanRequest
    phases: tuple[PhasePlan, ...]
    notes: tuple[str, ...]

    @property
    def total_seconds(self) -> int:
        """How long the whole session lasts."""
        return sum(phase.seconds for phase in self.phases)

    def steps(self) -> Iterator[tuple[Phase, Step]]:
        """Every step with its phase, in order."""
        for phase in self.phases:
            for step in phase.steps:
                yield phase.phase, step

    def phase(self, name: Phase) -> PhasePlan | None:
        """The named phase, or None when the plan leaves it out."""
        return next((p for p in self.phases if p.phase == name), None)

    def to_json(self) -> dict[str, object]:
        """The plan as `psoas plan --json` prints it (schema 1)."""
        return {
            "schema": SCHEMA,
            "request": self.request.to_json(),
            "total_seconds": self.total_seconds,
            "phases": [phase.to_json() for phase in self.phases],
            "notes": list(self.notes),
        }


# Reading a stored plan. The store keeps a plan as the JSON `SessionPlan.to_json` wrote; these
# read it back for the store (how far a session went), the web (the player's steps) and the
# recordings (which stretch of a recording was the arrive phase and which the integrate phase).

Window = tuple[float, float]  # seconds from the start of a recording


def plan_steps(plan: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A stored plan's steps in the order they are done, as `stopped_at_step` counts them."""
    return [step for phase in plan["phases"] for step in phase["steps"]]


def reached_seconds(
    plan: Mapping[str, Any], *, completed: bool, ended: bool, stopped_at_step: int | None
) -> int | None:
    """The planned seconds of the steps a session reached: how far through the plan it went.

    Planned, not timed: a skipped or shortened step counts at its planned length. A completed
    session reached every step; a stopped one, those before the step it stopped at (begun, so not
    counted); one that ended without naming a step (grounding only, or left at the first check-in)
    reached none. None while the session has not ended.
    """
    if completed:
        return int(plan["total_seconds"])
    if not ended:
        return None
    if stopped_at_step is None:
        return 0
    return sum(int(step["seconds"]) for step in plan_steps(plan)[:stopped_at_step])


def start_and_end_windows(plan: Mapping[str, Any], offset_s: float = 0.0) -> tuple[Window, Window] | None:
    """The arrive and the integrate phase as windows of a recording that started `offset_s` seconds
    after the session; None when the plan leaves either out."""
    edges: dict[str, Window] = {}
    clock = -offset_s
    for phase in plan["phases"]:
        seconds = float(phase["seconds"])
        edges[str(phase["phase"])] = (clock, clock + seconds)
        clock += seconds
    if "arrive" not in edges or "integrate" not in edges:
        return None
    return edges["arrive"], edges["integrate"]


class PlanShapeError(ValueError):
    """Stored plan JSON that is not the shape `SessionPlan.to_json` writes; says where."""


def _word(value: object, valid: Sequence[Word], where: str) -> Word:
    for word in valid:
        if word == value:
            return word
    raise PlanShapeError(f"{where}: {value!r} is not one of {', '.join(valid)}")


def _request_from_json(data: Mapping[str, Any]) -> PlanRequest:
    # Read as written, not checked against one person's limits (make_request): a workshop's plan
    # may be longer than a one-person session, and the lengths were checked when it was made.
    cap = data.get("tremor_cap_minutes")
    return PlanRequest(
        minutes=int(data["minutes"]),
        level=_word(data["level"], LEVELS, "request.level"),
        focus=tuple(_word(f, FOCUSES, "request.focus") for f in data["focus"]),
        conditions=tuple(str(c) for c in data["conditions"]),
        props=tuple(_word(p, PROPS, "request.props") for p in data["props"]),
        with_facilitator=bool(data["with_facilitator"]),
        seed=int(data["seed"]),
        prefer=tuple(str(e) for e in data["prefer"]),
        avoid=tuple(str(e) for e in data["avoid"]),
        tremor_cap_minutes=None if cap is None else int(cap),
    )


def _step_from_json(data: Mapping[str, Any], where: str) -> Step:
    side = data["side"]
    breath = data.get("breath")
    return Step(
        exercise=str(data["exercise"]),
        name=str(data["name"]),
        kind=_word(data["kind"], KINDS, f"{where}.kind"),
        seconds=int(data["seconds"]),
        side=None if side is None else _word(side, SIDES, f"{where}.side"),
        reason=str(data["reason"]),
        cues=tuple(str(c) for c in data["cues"]),
        come_out=str(data["come_out"]),
        adjustments=tuple(str(a) for a in data.get("adjustments", ())),
        breath=BreathPattern.model_validate(breath) if breath else None,
    )


def plan_from_json(data: Mapping[str, Any]) -> SessionPlan:
    """A plan read back from the JSON `SessionPlan.to_json` wrote (a stored plan, a template);
    raises PlanShapeError, saying where, when the data is not that shape."""
    if data.get("schema") != SCHEMA:
        raise PlanShapeError(f"schema: expected {SCHEMA}, got {data.get('schema')!r}")
    try:
        phases = tuple(
            PhasePlan(
                phase=_word(phase["phase"], PHASES, f"phases[{i}].phase"),
                steps=tuple(
                    _step_from_json(step, f"phases[{i}].steps[{j}]") for j, step in enumerate(phase["steps"])
                ),
            )
            for i, phase in enumerate(data["phases"])
        )
        return SessionPlan(
            request=_request_from_json(data["request"]),
            phases=phases,
            notes=tuple(str(n) for n in data.get("notes", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, PlanShapeError):
            raise
        raise PlanShapeError(f"not a stored plan: {error!r}") from error
