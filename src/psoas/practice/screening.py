"""What a person's screening answers change in a session: exercises left out or adapted, tremor rules."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from psoas.figures.body import Figure
from psoas.practice.condition import Condition, Modification
from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.request import PlanRequest
from psoas.practice.tre import TREMOR_POSITIONS
from psoas.practice.vocabulary import Level, level_rank

# Most tremor minutes in one self-practice session by level. TRE providers advise first-timers to
# stay at or under about 15 minutes and nobody to go past 30 without a provider.
LEVEL_TREMOR_CAP_MINUTES: Mapping[Level, int] = {
    "beginner": 15,
    "intermediate": 20,
    "experienced": 30,
}


@dataclass(frozen=True)
class ChangedWay:
    """How an exercise is done when a condition changes its position: said in full."""

    cues: tuple[str, ...]
    come_out: str
    # As drawn: what the library shows beside the cues (compared with neither, so two conditions
    # naming one way, or saying the same cues, still agree).
    figure: Figure | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Screening:
    """The rules one request's conditions, level and preferences put on its plan."""

    excluded: Mapping[str, str]
    adjustments: Mapping[str, tuple[str, ...]]
    # Exercises a condition does in another position: the cues and come-out said instead.
    changed_ways: Mapping[str, "ChangedWay"]
    tremor_allowed: bool
    tremor_cap_seconds: int
    notes: tuple[str, ...]

    def allows(self, exercise: Exercise) -> bool:
        """Whether the exercise may appear in this plan at all."""
        return exercise.id not in self.excluded


def _tremor_rules(request: PlanRequest, conditions: list[Condition]) -> tuple[bool, int, list[str]]:
    notes: list[str] = []
    cap = LEVEL_TREMOR_CAP_MINUTES[request.level]
    cap_reason = f"at your level ({request.level}) tremor stays at most {cap} minutes"
    # "Not advised" is looked for first, whatever order the conditions came in: saying the tremor
    # needs a facilitator would suggest one makes it right, when another condition rules it out.
    for condition in conditions:
        if condition.tremor == "not-advised":
            notes.append(
                f"The tremor phase is left out: with {condition.name.lower()} tremoring is not "
                f"advised. Its time went to the other phases."
            )
            return False, 0, notes
    for condition in conditions:
        if condition.tremor == "facilitator-only" and not request.with_facilitator:
            notes.append(
                f"The tremor phase is left out: with {condition.name.lower()} tremoring is only "
                f"advised with a trained facilitator present (asked before each session begins). "
                f"Its time went to the other phases."
            )
            return False, 0, notes
        if condition.tremor_cap_minutes is not None and condition.tremor_cap_minutes < cap:
            cap = condition.tremor_cap_minutes
            cap_reason = f"with {condition.name.lower()} tremor stays at most {cap} minutes"
    if request.tremor_cap_minutes is not None and request.tremor_cap_minutes < cap:
        cap = request.tremor_cap_minutes
        cap_reason = f"this session's tremor is kept to {cap} minutes"
    if cap == 0:
        notes.append("The tremor phase is left out: this session asks for no tremor time.")
        return False, 0, notes
    notes.append(f"Tremor time is capped: {cap_reason}.")
    return True, cap * 60, notes


def _exclusions(request: PlanRequest, conditions: list[Condition], library: Library) -> dict[str, str]:
    excluded: dict[str, str] = {}
    for exercise in library.exercises.values():
        if exercise.id in request.avoid:
            excluded[exercise.id] = "You marked it 'not for me'."
            continue
        if level_rank(exercise.level) > level_rank(request.level):
            excluded[exercise.id] = f"Suits {exercise.level} practice and beyond."
            continue
        missing = [p for p in exercise.props if p not in request.props]
        if missing:
            excluded[exercise.id] = f"Needs {', '.join(missing)}."
            continue
        for condition in conditions:
            reason = library.exclusion_reason(exercise, condition)
            if reason is not None:
                excluded[exercise.id] = reason
                break
    return excluded


def _tre_preparation(library: Library, excluded: Mapping[str, str]) -> dict[str, str]:
    # The TRE exercises are built to bring on a tremor, and the wall sit often does so standing;
    # when the tremor phase is left out, so is the sequence that invites it.
    return {
        e.id: "Part of the TRE sequence, which invites a tremor this plan leaves out."
        for e in library.exercises.values()
        if e.kind == "tre" and e.id not in excluded
    }


def facilitator_decides_tremor(request: PlanRequest, library: Library) -> bool:
    """Whether a trained facilitator being present is what allows this request a tremor: asked at
    the start of each session, never kept as a standing answer."""
    present = screen(replace(request, with_facilitator=True), library)
    absent = screen(replace(request, with_facilitator=False), library)
    return present.tremor_allowed and not absent.tremor_allowed


def without_tremor(screening: Screening, library: Library, note: str) -> Screening:
    """The same screening with the tremor left out for this plan, and the TRE sequence with it."""
    excluded = dict(screening.excluded)
    excluded.update(_tre_preparation(library, excluded))
    notes = tuple(n for n in screening.notes if not n.startswith("Tremor time is capped"))
    return replace(
        screening,
        excluded=MappingProxyType(excluded),
        tremor_allowed=False,
        tremor_cap_seconds=0,
        notes=(note, *notes),
    )


def _adjustments(conditions: list[Condition]) -> dict[str, tuple[str, ...]]:
    adjustments: dict[str, tuple[str, ...]] = {}
    for condition in conditions:
        for change in condition.modifies:
            text = f"{condition.name}: {change.how}"
            adjustments[change.exercise] = (*adjustments.get(change.exercise, ()), text)
    return adjustments


def _changed_ways(
    conditions: list[Condition], library: Library
) -> tuple[dict[str, ChangedWay], dict[str, str]]:
    """Each exercise one condition does its own way, and those two or more conditions would each
    change: rather than mix their instructions, those are left out, with the reason."""
    changing: dict[str, list[tuple[Condition, ChangedWay]]] = {}
    for condition in conditions:
        for change in condition.modifies:
            way = changed_way(change, library)
            if way is not None:
                changing.setdefault(change.exercise, []).append((condition, way))
    # Conditions that name the same way agree: it is said once.
    changing = {exercise: _distinct(found) for exercise, found in changing.items()}
    ways = {exercise: found[0][1] for exercise, found in changing.items() if len(found) == 1}
    clashes = {
        exercise: (
            f"{' and '.join(c.name.lower() for c, _ in found).capitalize()} each change "
            f"{library.exercise(exercise).name}; rather than mix their ways, it is left out."
        )
        for exercise, found in changing.items()
        if len(found) > 1
    }
    return ways, clashes


def changed_way(change: Modification, library: Library) -> ChangedWay | None:
    """The way a modification has the exercise done, said in full, or None when it only adjusts."""
    if change.way is not None:
        way = library.exercise(change.exercise).way(change.way)
        return ChangedWay(way.cues, way.come_out, way.figure) if way else None
    if change.cues and change.come_out is not None:
        return ChangedWay(change.cues, change.come_out, change.figure)
    return None


def _distinct(found: list[tuple[Condition, ChangedWay]]) -> list[tuple[Condition, ChangedWay]]:
    kept: list[tuple[Condition, ChangedWay]] = []
    for condition, way in found:
        if all(way != other for _, other in kept):
            kept.append((condition, way))
    return kept


def _condition_notes(
    conditions: list[Condition], excluded: Mapping[str, str], library: Library, tremor_allowed: bool
) -> list[str]:
    notes = []
    # With no tremor in the plan, its note already says the tremor steps are left out; naming
    # them again under a condition would read as two separate things left out.
    said = set() if tremor_allowed else {e.id for e in library.exercises.values() if e.phases == ("tremor",)}
    for condition in conditions:
        left_out = [
            library.exercise(exercise_id).name
            for exercise_id in sorted(excluded)
            if exercise_id not in said
            and library.exclusion_reason(library.exercise(exercise_id), condition) is not None
        ]
        if left_out:
            notes.append(f"Left out for {condition.name.lower()}: {', '.join(left_out)}.")
    return notes


def screen(request: PlanRequest, library: Library) -> Screening:
    """Apply the request's conditions, props, level and dislikes to the library."""
    # Only the screening answers, level, props and dislikes matter, and a person asks with the
    # same ones plan after plan: the fields screening never reads are blanked so those plans share
    # one answer.
    return _screen(replace(request, minutes=0, focus=(), seed=0, prefer=()), library)


@lru_cache(maxsize=512)
def _screen(request: PlanRequest, library: Library) -> Screening:
    conditions = [library.conditions[c] for c in request.conditions]
    tremor_allowed, cap_seconds, tremor_notes = _tremor_rules(request, conditions)
    excluded = _exclusions(request, conditions, library)
    ways, clashes = _changed_ways(conditions, library)
    for exercise_id, reason in clashes.items():
        excluded.setdefault(exercise_id, reason)
    positions = [
        library.exercises[p] for p in TREMOR_POSITIONS if p in library.exercises and p not in excluded
    ]
    if tremor_allowed and not positions:
        tremor_allowed, cap_seconds = False, 0
        tremor_notes = [
            "The tremor phase is left out: no tremor position suits your screening answers and "
            "'not for me' marks. Its time went to the other phases."
        ]
    if tremor_allowed and all(p.duration.min > cap_seconds for p in positions):
        tremor_allowed, cap_seconds = False, 0
        tremor_notes = ["The tremor phase is left out: the tremor cap is shorter than one tremor step."]
    if not tremor_allowed:
        excluded.update(_tre_preparation(library, excluded))
    return Screening(
        # Read-only: one screening is shared by every plan made with the same answers.
        excluded=MappingProxyType(excluded),
        adjustments=MappingProxyType(_adjustments(conditions)),
        changed_ways=MappingProxyType(ways),
        tremor_allowed=tremor_allowed,
        tremor_cap_seconds=cap_seconds,
        notes=(*tremor_notes, *_condition_notes(conditions, excluded, library, tremor_allowed)),
    )
