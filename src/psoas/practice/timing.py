"""Fitting step lengths to a time budget while every step stays inside its exercise's range."""

from collections.abc import Sequence

from psoas.practice.exercise import Exercise

# Lengths are whole multiples of five seconds where the range allows: easier to say and to follow.
GRAIN = 5


def clock(seconds: int) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour, as a timer shows them."""
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def sides(exercise: Exercise) -> int:
    """How many times a step of this exercise is done: twice for per-side exercises."""
    return 2 if exercise.per_side else 1


def total(exercises: Sequence[Exercise], lengths: Sequence[int]) -> int:
    """Seconds taken by these exercises at these lengths, both sides counted."""
    return sum(length * sides(e) for e, length in zip(exercises, lengths, strict=True))


def shortest(exercises: Sequence[Exercise]) -> int:
    """The least time these exercises can take together."""
    return total(exercises, [e.duration.min for e in exercises])


def longest(exercises: Sequence[Exercise]) -> int:
    """The most time these exercises can take together."""
    return total(exercises, [e.duration.max for e in exercises])


def _scaled(ranges: Sequence[tuple[int, int, int, int]], scale: float) -> tuple[list[int], int]:
    lengths = []
    covered = 0
    for low, usual, high, times in ranges:
        length = round(usual * scale / GRAIN) * GRAIN
        length = low if length < low else high if length > high else length
        lengths.append(length)
        covered += length * times
    return lengths, covered


def _move_together(lower: list[int], upper: list[int], usuals: Sequence[int]) -> bool:
    """Whether every scale between gives either `lower` or `upper`, never a mix of the two.

    It does when each step that differs has no whole grain between its two lengths and all of
    them share one usual length and one longer length: their rounding is then the very same
    sum, so they all change at one scale, and lengths only grow with the scale.
    """
    moving: tuple[int, int] | None = None  # the usual and longer length the differing steps share
    for shorter, longer, usual in zip(lower, upper, usuals, strict=True):
        if shorter == longer:
            continue
        if (longer - 1) // GRAIN > shorter // GRAIN or moving not in (None, (usual, longer)):
            return False
        moving = (usual, longer)
    return True


def _closest_scale(exercises: Sequence[Exercise], target: int) -> list[int]:
    ranges = [(e.duration.min, e.duration.default, e.duration.max, sides(e)) for e in exercises]
    usuals = [usual for _, usual, _, _ in ranges]
    low, high = 0.0, 1.0
    below, above = _scaled(ranges, low), _scaled(ranges, high)
    while above[1] < target and high < 1024:
        high *= 2
        above = _scaled(ranges, high)
    # Twenty halvings narrow the scale far below one grain of the longest step.
    for _ in range(20):
        if _move_together(below[0], above[0], usuals):
            break  # halving further would only ever find these same two lengths again
        middle = (low + high) / 2
        scaled = _scaled(ranges, middle)
        if scaled[1] < target:
            low, below = middle, scaled
        else:
            high, above = middle, scaled
    return above[0] if abs(above[1] - target) <= abs(below[1] - target) else below[0]


def nudge_lengths(exercises: Sequence[Exercise], lengths: list[int], target: int) -> list[int]:
    """Close the gap to target grain by grain, on the steps with the most room in that direction."""
    for _ in range(10_000):
        gap = target - total(exercises, lengths)
        if gap == 0:
            return lengths
        direction = 1 if gap > 0 else -1
        movable = [
            i
            for i, e in enumerate(exercises)
            if GRAIN * sides(e) <= abs(gap)
            and e.duration.min <= lengths[i] + direction * GRAIN <= e.duration.max
        ]
        if not movable:
            return lengths
        room = [
            (exercises[i].duration.max - lengths[i])
            if direction > 0
            else (lengths[i] - exercises[i].duration.min)
            for i in movable
        ]
        chosen = movable[max(range(len(movable)), key=lambda k: room[k])]
        lengths[chosen] += direction * GRAIN
    return lengths


def fit_lengths(exercises: Sequence[Exercise], target: int) -> list[int]:
    """Lengths, one per exercise and inside each range, whose total comes as close to target as allowed.

    Every step is stretched or shortened in proportion to its usual length, so a long session
    lengthens long holds more than short ones; the last few seconds go where there is most room.
    """
    if not exercises:
        return []
    lengths = _closest_scale(exercises, target)
    return nudge_lengths(exercises, lengths, target)
