"""A planned session: phases of timed steps, each with the reason it was chosen."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from psoas.practice.exercise import BreathPattern
from psoas.practice.request import PlanRequest
from psoas.practice.vocabulary import Kind, Phase, Side

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
