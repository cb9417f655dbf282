"""Which exercises a phase may use, in the order the planner considers them, and the order they are done."""

from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from itertools import zip_longest
from operator import itemgetter
from random import Random
from typing import NamedTuple

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.request import PlanRequest
from psoas.practice.screening import Screening
from psoas.practice.vocabulary import FOCUS_REGIONS, Focus, Kind, Phase, Region

# Kinds grouped for selection. Selection takes turns between the groups, so a short phase still
# gets one of each (in arrive: something grounding, then breath).
PHASE_GROUPS: Mapping[Phase, tuple[tuple[Kind, ...], ...]] = {
    "arrive": (
        ("grounding",),
        ("breathing",),
        ("yoga", "restorative", "self-massage", "mindfulness"),
    ),
    "fatigue": (("yoga", "strength"), ("tre",)),
    "restore": (("restorative",), ("yoga", "self-massage", "thermal", "breathing", "mindfulness")),
    "integrate": (("restorative",), ("mindfulness",), ("breathing", "grounding")),
}
# The order kinds are done in within a phase: settle before moving, pressure release and stretches
# before long supported holds, breath before the final rest, the reflection last of all.
PHASE_ORDER: Mapping[Phase, tuple[Kind, ...]] = {
    "arrive": ("grounding", "breathing", "mindfulness", "self-massage", "yoga", "restorative"),
    "fatigue": ("yoga", "strength", "tre"),  # by position instead: see arrange()
    "restore": ("self-massage", "thermal", "yoga", "restorative", "breathing", "mindfulness"),
    "integrate": ("breathing", "grounding", "restorative", "mindfulness"),
}
# Exercises a phase takes first whenever screening allows them and their shortest length fits:
# a session ends with a final rest and a short reflection, as a workshop does.
PHASE_ANCHORS: Mapping[Phase, tuple[str, ...]] = {"integrate": ("final-rest", "reflection")}
CLOSING = "reflection"


def focus_regions(request: PlanRequest) -> frozenset[Region]:
    """The body regions the request's focuses favour."""
    return _regions(request.focus)


@cache
def _regions(focus: tuple[Focus, ...]) -> frozenset[Region]:
    return frozenset().union(*(FOCUS_REGIONS[f] for f in focus))


# Which group of the phase each kind belongs to, looked up once per exercise and phase.
_GROUP_OF_KIND: Mapping[Phase, Mapping[Kind, int]] = {
    phase: {kind: index for index, kinds in enumerate(groups) for kind in kinds}
    for phase, groups in PHASE_GROUPS.items()
}


class _Entry(NamedTuple):
    """What selection needs of one exercise in one phase, worked out once per library."""

    exercise: Exercise
    group: int | None  # None: the phase never takes it
    tre_key: float | None  # TRE exercises rank by their place in the sequence, not by score
    targets: frozenset[Region]


def _tre_priority(exercise: Exercise) -> float:
    # The later TRE exercises (wall sit, hip flexors, inner thighs) do most to invite the tremor,
    # so a short session keeps those first.
    return -(exercise.sequence or 0)


@lru_cache(maxsize=64)
def _entries(library: Library, phase: Phase) -> tuple[_Entry, ...]:
    entries = []
    for exercise in library.for_phase(phase):
        group = _GROUP_OF_KIND[phase].get(exercise.kind)
        if phase != "integrate" and exercise.id in PHASE_ANCHORS["integrate"]:
            group = None  # kept for the end of the session
        tre_key = _tre_priority(exercise) if exercise.kind == "tre" else None
        entries.append(_Entry(exercise, group, tre_key, frozenset(exercise.targets)))
    return tuple(entries)


def candidates(
    phase: Phase,
    library: Library,
    screening: Screening,
    request: PlanRequest,
    rng: Random,
    used: set[str],
) -> list[Exercise]:
    """The exercises this phase may use: anchors first, then best first, taking turns between groups."""
    regions = focus_regions(request)
    groups: list[list[tuple[float, Exercise]]] = [[] for _ in PHASE_GROUPS[phase]]
    for exercise, group, tre_key, targets in _entries(library, phase):
        # Every exercise draws its score, taken or not, so a seed always gives the same plan.
        score = rng.random()
        if group is None or exercise.id in used or not screening.allows(exercise):
            continue
        if tre_key is not None:
            groups[group].append((tre_key, exercise))
            continue
        if not regions.isdisjoint(targets):
            score += 1.0
        if exercise.id in request.prefer:
            score += 2.0
        groups[group].append((-score, exercise))
    for ranked in groups:
        ranked.sort(key=itemgetter(0))
    # Turns: the best of each group, then the second best of each, and so on; zip_longest pads
    # the shorter groups with None, which filter drops.
    turns = [exercise for depth in zip_longest(*groups) for _, exercise in filter(None, depth)]
    anchors = PHASE_ANCHORS.get(phase, ())
    if not anchors:
        return turns
    return sorted(turns, key=lambda e: anchors.index(e.id) if e.id in anchors else len(anchors))


def options(phase: Phase, library: Library, screening: Screening, used: set[str]) -> set[str]:
    """The exercises the phase could still take, in no order and with no draw of chance."""
    return {
        exercise.id
        for exercise, group, _, _ in _entries(library, phase)
        if group is not None and exercise.id not in used and screening.allows(exercise)
    }


def is_anchor(phase: Phase, exercise: Exercise) -> bool:
    """Whether the phase takes this exercise whenever it fits."""
    return exercise.id in PHASE_ANCHORS.get(phase, ())


def arrange(phase: Phase, chosen: Sequence[Exercise]) -> list[Exercise]:
    """Put a phase's chosen exercises in the order they are done."""
    kinds = PHASE_ORDER[phase]
    picked_at = {e.id: i for i, e in enumerate(chosen)}

    def order(exercise: Exercise) -> tuple[int, int, int, int]:
        closing = int(exercise.id == CLOSING)
        if phase == "fatigue":
            # Floor work first, then standing work, then the TRE sequence in its own order, which
            # ends standing and leads straight down into the tremor on the floor.
            if exercise.kind == "tre":
                return (closing, 1, exercise.sequence or 0, 0)
            return (closing, 0, int(exercise.position == "standing"), picked_at[exercise.id])
        kind = kinds.index(exercise.kind) if exercise.kind in kinds else len(kinds)
        return (closing, kind, 0, picked_at[exercise.id])

    return sorted(chosen, key=order)
