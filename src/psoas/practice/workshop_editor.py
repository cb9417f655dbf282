"""The facilitator's editor: move, swap and resize a room plan's steps, each edit giving a new plan
or refused with the rule it would break.

Indices are flat, in the order of `SessionPlan.steps()`. An exercise done on each side is two
steps, left then right, that the editor keeps together: moving, swapping or resizing either side
moves, swaps or resizes both.
"""

from dataclasses import replace

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.screening import screen
from psoas.practice.session_plan import PhasePlan, SessionPlan, Step
from psoas.practice.tre import BRAKES_ON_THE_SIDE, TREMOR_POSITIONS
from psoas.practice.vocabulary import Side, level_rank
from psoas.practice.workshop_rules import length_problem, safety_problems

CHOSEN = "Chosen by the facilitator"


class EditRefused(ValueError):
    """An edit that would break a rule: str(error) is the reason, in plain words, naming the rule."""


# A step's place: which phase of the plan, and which step within it.
Place = tuple[int, int]


def _place(plan: SessionPlan, index: int) -> Place:
    rest = index
    if rest >= 0:
        for phase_at, phase in enumerate(plan.phases):
            if rest < len(phase.steps):
                return phase_at, rest
            rest -= len(phase.steps)
    count = sum(len(p.steps) for p in plan.phases)
    raise EditRefused(f"There is no step {index}: the plan has steps 0 to {count - 1}")


def _unit(steps: tuple[Step, ...], at: int) -> range:
    """The steps done as one: both sides of a per-side exercise, or the one step."""
    step = steps[at]
    after = steps[at + 1] if at + 1 < len(steps) else None
    before = steps[at - 1] if at > 0 else None
    if step.side == "left" and after and after.exercise == step.exercise and after.side == "right":
        return range(at, at + 2)
    if step.side == "right" and before and before.exercise == step.exercise and before.side == "left":
        return range(at - 1, at + 1)
    return range(at, at + 1)


def _units(steps: tuple[Step, ...]) -> list[tuple[Step, ...]]:
    units: list[tuple[Step, ...]] = []
    at = 0
    while at < len(steps):
        unit = _unit(steps, at)
        units.append(steps[unit.start : unit.stop])
        at = unit.stop
    return units


def _with_steps(plan: SessionPlan, phase_at: int, steps: tuple[Step, ...]) -> SessionPlan:
    phases = list(plan.phases)
    phases[phase_at] = PhasePlan(phases[phase_at].phase, steps)
    return replace(plan, phases=tuple(phases))


def _checked(before: SessionPlan, after: SessionPlan, library: Library) -> SessionPlan:
    """The edited plan, unless it breaks a rule the plan kept before the edit. A rule already
    broken (a template from an older library) does not block edits that leave it as it was."""
    known = set(safety_problems(before, library))
    new = [p for p in safety_problems(after, library) if p not in known]
    if new:
        raise EditRefused("; ".join(new))
    return after


def _exercise(step: Step, library: Library) -> Exercise:
    exercise = library.exercises.get(step.exercise)
    if exercise is None:
        raise EditRefused(f"{step.name} is no longer in the library: swap it for another exercise")
    return exercise


def move_step(plan: SessionPlan, index: int, to: int, library: Library) -> SessionPlan:
    """The plan with step `index` (both sides of it) moved to where step `to` is, in its phase."""
    (phase_at, at), (to_phase_at, to_at) = _place(plan, index), _place(plan, to)
    phase = plan.phases[phase_at]
    if to_phase_at != phase_at:
        name = phase.steps[at].name
        raise EditRefused(f"{name} stays in the {phase.phase} phase: steps move within their phase")
    units = _units(phase.steps)
    starts = [sum(len(u) for u in units[:k]) for k in range(len(units))]
    source = max(k for k, start in enumerate(starts) if start <= at)
    target = max(k for k, start in enumerate(starts) if start <= to_at)
    units.insert(target, units.pop(source))
    moved = _with_steps(plan, phase_at, tuple(step for unit in units for step in unit))
    return _checked(plan, moved, library)


def _swappable(current: Step, exercise: Exercise) -> bool:
    # The brakes are placed by the rules, not chosen; a tremor gives way only to another tremor
    # position, and nothing else becomes one, so the tremor's length stays under its cap.
    if exercise.kind == "safety" or exercise.id == current.exercise:
        return False
    return (exercise.id in TREMOR_POSITIONS) == (current.exercise in TREMOR_POSITIONS)


def swap_choices(plan: SessionPlan, index: int, library: Library) -> list[Exercise]:
    """What the editor offers in place of step `index`: exercises of its phase the group may do
    (level, props), same kind first. Nothing for the brakes, which are never swapped."""
    phase_at, at = _place(plan, index)
    phase, current = plan.phases[phase_at], plan.phases[phase_at].steps[at]
    if current.kind == "safety":
        return []
    screening = screen(plan.request, library)
    choices = [e for e in library.for_phase(phase.phase) if screening.allows(e) and _swappable(current, e)]
    return sorted(choices, key=lambda e: (e.kind != current.kind, e.name))


def _why_not(plan: SessionPlan, index: int, exercise: Exercise, library: Library) -> str:
    phase_at, at = _place(plan, index)
    phase, current = plan.phases[phase_at].phase, plan.phases[phase_at].steps[at]
    if not exercise.serves(phase):
        return f"{exercise.name} does not belong in the {phase} phase"
    if level_rank(exercise.level) > level_rank(plan.request.level):
        return f"{exercise.name} suits {exercise.level} groups and beyond"
    if exercise.kind == "safety":
        return f"{exercise.name} has its own place before and during the tremor; it is not swapped in"
    if current.exercise in TREMOR_POSITIONS:
        return "The tremor can only give way to another tremor position"
    if exercise.id in TREMOR_POSITIONS:
        return "A tremor can only take the place of a tremor"
    excluded = screen(plan.request, library).excluded.get(exercise.id)
    return (
        f"{exercise.name} is left out for this group: {excluded}" if excluded else "It is the same exercise"
    )


def _chosen_steps(exercise: Exercise, seconds: int) -> tuple[Step, ...]:
    each = " each side" if exercise.per_side else ""
    sides: tuple[Side | None, ...] = ("left", "right") if exercise.per_side else (None,)
    return tuple(
        Step(
            exercise=exercise.id,
            name=exercise.name,
            kind=exercise.kind,
            seconds=seconds,
            side=side,
            reason=f"{CHOSEN}; {seconds} s{each}.",
            cues=exercise.cues,
            come_out=exercise.come_out,
            breath=exercise.breath,
        )
        for side in sides
    )


def _brakes_for_the_tremor(plan: SessionPlan, library: Library) -> SessionPlan:
    """The brakes said for the tremor's position: on the side when the tremor is, as the planner
    says them, so a swap of the tremor's position never leaves the brakes asking for feet flat."""
    on_side = any(
        step.exercise in TREMOR_POSITIONS and library.exercise(step.exercise).position == "side-lying"
        for _, step in plan.steps()
    )
    phases = []
    for phase in plan.phases:
        steps = []
        for step in phase.steps:
            exercise = library.exercises.get(step.exercise)
            way = exercise.way(BRAKES_ON_THE_SIDE) if exercise and exercise.kind == "safety" else None
            if exercise is not None and way is not None:
                cues, come_out = (way.cues, way.come_out) if on_side else (exercise.cues, exercise.come_out)
                step = step._replace(cues=cues, come_out=come_out)
            steps.append(step)
        phases.append(PhasePlan(phase.phase, tuple(steps)))
    return replace(plan, phases=tuple(phases))


def swap_step(plan: SessionPlan, index: int, exercise_id: str, library: Library) -> SessionPlan:
    """The plan with step `index` (both sides of it) done as another exercise, at the same length
    where its range allows, else the nearest length it allows."""
    phase_at, at = _place(plan, index)
    current = plan.phases[phase_at].steps[at]
    if current.kind == "safety":
        raise EditRefused(f"{current.name} cannot be swapped: it keeps the tremor safe to stop")
    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        raise EditRefused(f"There is no exercise {exercise_id!r} in the library")
    if exercise not in swap_choices(plan, index, library):
        raise EditRefused(_why_not(plan, index, exercise, library))
    steps = plan.phases[phase_at].steps
    unit = _unit(steps, at)
    chosen = _chosen_steps(exercise, exercise.duration.clamp(current.seconds))
    swapped = _with_steps(plan, phase_at, (*steps[: unit.start], *chosen, *steps[unit.stop :]))
    return _checked(plan, _brakes_for_the_tremor(swapped, library), library)


def resize_step(plan: SessionPlan, index: int, seconds: int, library: Library) -> SessionPlan:
    """The plan with step `index` (each side, for a per-side exercise) lasting `seconds`."""
    phase_at, at = _place(plan, index)
    steps = plan.phases[phase_at].steps
    exercise = _exercise(steps[at], library)
    if not exercise.duration.min <= seconds <= exercise.duration.max:
        raise EditRefused(length_problem(exercise))
    why = steps[at].reason.split("; ")[0]
    each = " each side" if exercise.per_side else ""
    reason = f"{why}; {seconds} s{each}, as the facilitator chose."
    unit = _unit(steps, at)
    resized = tuple(
        step._replace(seconds=seconds, reason=reason) if k in unit else step for k, step in enumerate(steps)
    )
    return _checked(plan, _with_steps(plan, phase_at, resized), library)
