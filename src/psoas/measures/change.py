"""Judging change between two results by the instrument's published minimal important difference."""

from dataclasses import dataclass

from psoas.measures.instrument import Instrument


@dataclass(frozen=True)
class Change:
    """The difference between two totals and whether it reaches the meaningful threshold."""

    points: int
    threshold: float | None
    meaningful: bool
    words: str


def _points(n: float) -> str:
    return f"{n:g} point" + ("" if n == 1 else "s")


def describe_change(instrument: Instrument, earlier: int, later: int) -> Change:
    """How the later total differs from the earlier one, in plain words."""
    points = later - earlier
    threshold = instrument.minimal_important_difference
    if points == 0:
        return Change(0, threshold, False, f"No change: {later} both times.")
    direction = "higher" if points > 0 else "lower"
    size = abs(points)
    start = f"A change of {_points(size)}, from {earlier} to {later} ({direction})"
    if threshold is None:
        return Change(
            points, None, False, f"{start}. This instrument publishes no threshold for meaningful change."
        )
    meaningful = size >= threshold
    if meaningful:
        tail = f"at least the {_points(threshold)} that count as a meaningful change"
    else:
        tail = (
            f"less than the {_points(threshold)} that count as meaningful, so within the usual ups and downs"
        )
    return Change(points, threshold, meaningful, f"{start}: {tail}.")
