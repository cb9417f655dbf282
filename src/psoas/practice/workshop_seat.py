"""A participant's own plan in a workshop: the room's steps, in the same order and lengths, each
one done in the way that person's screening answers allow.

A step their conditions rule out becomes a safe alternative of the same phase and length; during
the tremor, where the tremor is not for them, a calm practice of their own (a restful pose, slow
breath) while the room tremors. The facilitator sees only flags (`attention`), never a condition.

The room's length always wins: when a facilitator has made a step shorter than any calm practice
lasts (a 20-second practice of stopping, for a seat the tremor is not advised), the seat's calm
step keeps the room's length, below that practice's usual least.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.request import InvalidRequest
from psoas.practice.screening import ChangedWay, Screening, screen
from psoas.practice.selection import PHASE_ANCHORS
from psoas.practice.session_plan import PhasePlan, SessionPlan, Step
from psoas.practice.tre import BRAKES_ON_THE_SIDE, INVITATION, TREMOR_POSITIONS
from psoas.practice.vocabulary import Kind, Phase

TREMOR_NOT_ADVISED = "tremor not advised"
FACILITATOR_ONLY = "facilitator-only condition"
CHANGED_POSITIONS = "changed positions"
# Calm practices a person can do in the room while others tremor, most restful first.
CALM_KINDS: tuple[Kind, ...] = ("restorative", "breathing", "grounding", "mindfulness")
# The final rest and the reflection close a session; they are not borrowed for its middle.
CLOSING = frozenset(PHASE_ANCHORS["integrate"])


@dataclass(frozen=True)
class SeatPlan:
    """One participant's plan: the room's steps, adapted to them."""

    plan: SessionPlan  # same number of steps as the room's, same seconds each
    attention: tuple[str, ...]  # for the facilitator's roster only: flags, never a condition
    notes: tuple[str, ...]  # for the participant: what changed for them and why


def _tremor_steps(room: SessionPlan) -> list[int]:
    return [i for i, (_, step) in enumerate(room.steps()) if step.exercise in TREMOR_POSITIONS]


class _Seat:
    """One seat's choices while they are made; used once, by `seat_plan`."""

    def __init__(self, room: SessionPlan, screening: Screening, library: Library) -> None:
        self.room = room
        self.screening = screening
        self.library = library
        self.position = self._tremor_position()
        self.kept_tremor = self._kept_tremor()
        self.notes: list[str] = []
        self.changed_position = False
        # The step before's alternative and the room's step it replaced: carried on to the other
        # side of the same exercise, and through the tremor phase, so a run reads as one practice.
        self.previous: tuple[Step, Exercise] | None = None
        self.chosen: set[str] = set()  # alternatives already in this seat's plan

    def _tremor_position(self) -> Exercise | None:
        """The seat's tremor position: the room's when their answers allow it, else the other."""
        room_ids = [step.exercise for _, step in self.room.steps() if step.exercise in TREMOR_POSITIONS]
        for exercise_id in (*room_ids, *TREMOR_POSITIONS):
            exercise = self.library.exercises.get(exercise_id)
            if exercise is not None and self.screening.allows(exercise):
                return exercise
        return None

    def _kept_tremor(self) -> set[int]:
        """The room's tremor steps this seat tremors in: whole steps, from the first, while they fit
        its cap. Never a later one alone, so stopping is still practised after the seat's tremor."""
        if not self.screening.tremor_allowed or self.position is None:
            return set()
        kept: set[int] = set()
        used = 0
        steps = [step for _, step in self.room.steps()]
        rng = self.position.duration
        for index in _tremor_steps(self.room):
            seconds = steps[index].seconds
            if used + seconds > self.screening.tremor_cap_seconds or not rng.min <= seconds <= rng.max:
                break
            kept.add(index)
            used += seconds
        return kept

    @property
    def tremors(self) -> bool:
        return bool(self.kept_tremor)

    def step(self, index: int, phase: Phase, step: Step) -> Step:
        """The room's step as this seat does it."""
        exercise = self.library.exercises.get(step.exercise)
        if exercise is None:
            return step  # the room's own problem, which safety_problems names
        why_not = self._why_not(index, exercise)
        if why_not is None:
            self.previous = None
            return self._kept(step, exercise)
        if exercise.id in TREMOR_POSITIONS and self.position is not None and index in self.kept_tremor:
            return self._replaced(step, self.position, why_not)
        alternative = self._alternative(phase, step)
        self.previous = (step, alternative)
        self.chosen.add(alternative.id)
        return self._replaced(step, alternative, why_not)

    def _why_not(self, index: int, exercise: Exercise) -> str | None:
        """Why this seat does not do the step as the room does, or None when it does."""
        cap = self.screening.tremor_cap_seconds // 60
        if exercise.id in TREMOR_POSITIONS:
            if not self.screening.tremor_allowed:
                return "the tremor is not advised for you, so you rest while the room tremors"
            if index not in self.kept_tremor:
                return f"your tremor stays within {cap} minutes, so you rest while the room tremors"
            if self.position is not None and exercise.id != self.position.id:
                return self.screening.excluded.get(exercise.id, "your tremor is done in another position")
            return None
        if exercise.kind == "safety" and not self.screening.tremor_allowed:
            return "the tremor is not advised for you, so you do something else while the room learns to stop"
        # The brakes stay for anyone the tremor is allowed, tremoring today or not: practising
        # them is safe, and a tremor can come on its own after the work.
        if exercise.id == INVITATION and not self.tremors:
            return "there is no tremor for you today, so you rest while the room works with the tremor"
        if exercise.id == INVITATION and self.position and exercise.position != self.position.position:
            return "your tremor is done in another position, so you settle into it instead"
        return self.screening.excluded.get(exercise.id)

    def _way(self, exercise: Exercise) -> ChangedWay | None:
        """The way the step is said for this seat: the brakes follow the seat's tremor, as the
        planner says them; otherwise a condition's changed way, if any."""
        if exercise.kind == "safety" and self.position is not None and self.position.position == "side-lying":
            way = exercise.way(BRAKES_ON_THE_SIDE)
            if way is not None:
                return ChangedWay(way.cues, way.come_out, way.figure)
        return self.screening.changed_ways.get(exercise.id)

    def _kept(self, step: Step, exercise: Exercise) -> Step:
        way = self._way(exercise)
        if way is not None and exercise.kind != "safety":
            self.changed_position = True
        return step._replace(
            cues=way.cues if way else exercise.cues,
            come_out=way.come_out if way else exercise.come_out,
            adjustments=self.screening.adjustments.get(exercise.id, ()),
        )

    def _replaced(self, step: Step, exercise: Exercise, why_not: str) -> Step:
        note = f"{exercise.name} in place of {step.name}: {why_not.rstrip('.')}."
        if note not in self.notes:
            self.notes.append(note)
        if exercise.id in TREMOR_POSITIONS:
            self.changed_position = True  # the tremor itself in another position
        side = step.side if exercise.per_side else None
        kept = self._kept(step, exercise)
        return kept._replace(
            exercise=exercise.id,
            name=exercise.name,
            kind=exercise.kind,
            side=side,
            reason=f"Your own step, in place of {step.name}; {step.seconds} s.",
            breath=exercise.breath,
        )

    def _fits(self, exercise: Exercise, step: Step) -> bool:
        # A per-side exercise needs a side to be done on; the room's step gives one or none.
        return (
            self.screening.allows(exercise)
            and exercise.kind not in ("safety", "tre")
            and exercise.id not in CLOSING
            and exercise.duration.min <= step.seconds <= exercise.duration.max
            and (step.side is not None or not exercise.per_side)
        )

    def _alternative(self, phase: Phase, step: Step) -> Exercise:
        """A safe exercise of the same phase that lasts as long as the step; during the tremor
        (or when the phase has none) a calm practice from the whole library."""
        in_room = {s.exercise for _, s in self.room.steps()}
        pool: Iterable[Exercise] = () if phase == "tremor" else self.library.for_phase(phase)
        found = [e for e in pool if self._fits(e, step)]
        if not found:
            found = [e for e in self._calm() if self._fits(e, step)]
        if not found:  # the room's length wins over a calm practice's usual range
            found = sorted(self._calm(), key=lambda e: abs(e.duration.clamp(step.seconds) - step.seconds))[:1]

        def preference(exercise: Exercise) -> tuple[bool, bool, bool, bool, int, str]:
            return (
                exercise != self._carried_on(phase, step),
                exercise.kind != step.kind,
                exercise.per_side != (step.side is not None),
                exercise.id in in_room or exercise.id in self.chosen,  # something not done already
                self._calm_rank(exercise),
                exercise.name,
            )

        return min(found, key=preference)

    def _carried_on(self, phase: Phase, step: Step) -> Exercise | None:
        if self.previous is None:
            return None
        before, alternative = self.previous
        other_side = step.side == "right" and before.exercise == step.exercise and before.side == "left"
        return alternative if other_side or phase == "tremor" else None

    def _calm(self) -> list[Exercise]:
        return [
            e
            for e in sorted(self.library.exercises.values(), key=lambda e: e.id)
            if e.kind in CALM_KINDS and self.screening.allows(e) and e.id not in CLOSING and not e.per_side
        ]

    def _calm_rank(self, exercise: Exercise) -> int:
        kind = CALM_KINDS.index(exercise.kind) if exercise.kind in CALM_KINDS else len(CALM_KINDS)
        # Resting on the side, as a pregnant seat does its tremor, before resting on the back.
        same_position = self.position is not None and exercise.position == self.position.position
        return kind * 2 + (0 if same_position else 1)

    def attention(self, conditions: list[str]) -> tuple[str, ...]:
        """Flags for the facilitator's roster, never the condition's name."""
        policies = {self.library.conditions[c].tremor for c in conditions if c in self.library.conditions}
        room_tremor = sum(s.seconds for _, s in self.room.steps() if s.exercise in TREMOR_POSITIONS)
        flags = []
        if room_tremor and not self.screening.tremor_allowed:
            flags.append(TREMOR_NOT_ADVISED)
        if "facilitator-only" in policies:
            flags.append(FACILITATOR_ONLY)
        if room_tremor and self.screening.tremor_allowed and self.screening.tremor_cap_seconds < room_tremor:
            flags.append(f"tremor at most {self.screening.tremor_cap_seconds // 60} minutes")
        if self.changed_position:
            flags.append(CHANGED_POSITIONS)
        return tuple(flags)


def seat_plan(room: SessionPlan, conditions: tuple[str, ...], library: Library) -> SeatPlan:
    """A participant's own plan for the room: screened with their conditions and a facilitator
    present, the same number of steps as the room's and the same seconds each."""
    unknown = [c for c in conditions if c not in library.conditions]
    if unknown:
        valid = ", ".join(sorted(library.conditions))
        raise InvalidRequest("conditions", f"unknown condition {unknown[0]!r}; valid: {valid}")
    request = replace(room.request, conditions=tuple(conditions), with_facilitator=True)
    seat = _Seat(room, screen(request, library), library)
    index = 0
    phases = []
    for phase in room.phases:
        steps = []
        for step in phase.steps:
            steps.append(seat.step(index, phase.phase, step))
            index += 1
        phases.append(PhasePlan(phase.phase, tuple(steps)))
    plan = replace(room, request=request, phases=tuple(phases), notes=tuple(seat.notes))
    return SeatPlan(plan=plan, attention=seat.attention(list(conditions)), notes=tuple(seat.notes))
