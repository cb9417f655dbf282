"""The safety rules a room's plan keeps, however it was made: planned, edited or loaded from a
template. Each problem is said in plain words naming the rule, for a facilitator to read."""

from collections.abc import Iterator, Sequence

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.planner import REST_AFTER_TREMOR
from psoas.practice.screening import screen
from psoas.practice.session_plan import SessionPlan, Step
from psoas.practice.tre import HOW_TO_STOP, INVITATION, PRACTISE_STOPPING, TREMOR_POSITIONS
from psoas.practice.vocabulary import PHASES, Phase, level_rank

STOP_FIRST = "How to stop must come before the tremor is invited"
PRACTISE_DURING = "Stopping must be practised once the tremor has begun"
REST_AFTER = f"Rest after the tremor needs at least {REST_AFTER_TREMOR // 60} minutes"
ARC_ORDER = "The phases must follow the arc: " + ", ".join(PHASES)
# How long a workshop may be asked for; an edit may shorten a room below the least, not take it
# past the most (a longer day of shaking and holding asks too much of a group).
WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST = 45, 180
TOO_LONG = f"A workshop lasts at most {WORKSHOP_MINUTES_MOST // 60} hours"


def tremor_cap_seconds(plan: SessionPlan, library: Library) -> int:
    """The most tremor this plan's group may have: the level's cap with a facilitator present
    (and the plan's own, lower, cap when it has one), as screening sets it for the planner."""
    screening = screen(plan.request, library)
    return screening.tremor_cap_seconds if screening.tremor_allowed else 0


def cap_problem(cap_seconds: int) -> str:
    return f"Tremor is capped at {cap_seconds // 60} minutes for this group"


def length_problem(exercise: Exercise) -> str:
    each = " on each side" if exercise.per_side else ""
    return f"{exercise.name} lasts from {exercise.duration.min} to {exercise.duration.max} seconds{each}"


def invites_shaking(exercise_id: str, library: Library) -> bool:
    """Whether a step can bring on shaking: the tremor, its invitation, or the wall sit."""
    if exercise_id in TREMOR_POSITIONS or exercise_id == INVITATION:
        return True
    exercise = library.exercises.get(exercise_id)
    return exercise is not None and exercise.invites_tremor


def _step_problems(phase: Phase, step: Step, plan: SessionPlan, library: Library) -> Iterator[str]:
    exercise = library.exercises.get(step.exercise)
    if exercise is None:
        yield f"{step.name} is no longer in the library"
        return
    if not exercise.serves(phase):
        yield f"{exercise.name} does not belong in the {phase} phase"
    if level_rank(exercise.level) > level_rank(plan.request.level):
        yield f"{exercise.name} suits {exercise.level} groups and beyond"
    if not exercise.duration.min <= step.seconds <= exercise.duration.max:
        yield length_problem(exercise)


def _first(ids: Sequence[str], wanted: frozenset[str] | None = None, start: int = 0) -> int | None:
    return next((i for i in range(start, len(ids)) if wanted is None or ids[i] in wanted), None)


def _tremor_problems(plan: SessionPlan, library: Library) -> Iterator[str]:
    ids = [step.exercise for _, step in plan.steps()]
    shaking = _first(ids, frozenset(i for i in ids if invites_shaking(i, library)))
    if shaking is None:
        return
    taught = _first(ids, frozenset({HOW_TO_STOP}))
    if taught is None or taught > shaking:
        yield STOP_FIRST
    first_tremor = _first(ids, frozenset(TREMOR_POSITIONS))
    if first_tremor is None:
        return
    if _first(ids, frozenset({PRACTISE_STOPPING}), first_tremor) is None:
        yield PRACTISE_DURING
    tremor = sum(step.seconds for _, step in plan.steps() if step.exercise in TREMOR_POSITIONS)
    cap = tremor_cap_seconds(plan, library)
    if tremor > cap:
        yield cap_problem(cap)
    rest = sum(step.seconds for phase, step in plan.steps() if phase in ("restore", "integrate"))
    if rest < REST_AFTER_TREMOR:
        yield REST_AFTER


def safety_problems(plan: SessionPlan, library: Library) -> list[str]:
    """Every rule the plan breaks, in plain words; [] when every rule holds."""
    problems: list[str] = []
    order = [PHASES.index(p.phase) for p in plan.phases]
    if order != sorted(set(order)):
        problems.append(ARC_ORDER)
    for phase, step in plan.steps():
        problems.extend(_step_problems(phase, step, plan, library))
    problems.extend(_tremor_problems(plan, library))
    if plan.total_seconds > WORKSHOP_MINUTES_MOST * 60:
        problems.append(TOO_LONG)
    return list(dict.fromkeys(problems))
