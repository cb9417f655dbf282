"""Step lengths fitted to a budget, checked against the plain definition they shortcut."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from psoas.practice.exercise import Duration, Exercise
from psoas.practice.library import default_library
from psoas.practice.timing import GRAIN, fit_lengths, nudge_lengths, total

TEMPLATE = default_library().exercise("constructive-rest")


def scaled(exercises: list[Exercise], scale: float) -> tuple[list[int], int]:
    lengths = [
        min(max(round(e.duration.default * scale / GRAIN) * GRAIN, e.duration.min), e.duration.max)
        for e in exercises
    ]
    return lengths, total(exercises, lengths)


def plain_fit(exercises: list[Exercise], target: int) -> list[int]:
    """The definition: bisect the common scale twenty times, keep the closer side, nudge the rest."""
    low, high = 0.0, 1.0
    while scaled(exercises, high)[1] < target and high < 1024:
        high *= 2
    below, above = scaled(exercises, low), scaled(exercises, high)
    for _ in range(20):
        middle = (low + high) / 2
        at_middle = scaled(exercises, middle)
        if at_middle[1] < target:
            low, below = middle, at_middle
        else:
            high, above = middle, at_middle
    closer = above if abs(above[1] - target) <= abs(below[1] - target) else below
    return nudge_lengths(exercises, list(closer[0]), target)


def made(shortest: int, usual: int, longest: int, per_side: bool) -> Exercise:
    duration = Duration(min=shortest, default=usual, max=longest)
    return TEMPLATE.model_copy(update={"duration": duration, "per_side": per_side})


@st.composite
def exercises(draw: st.DrawFn) -> Exercise:
    shortest = draw(st.sampled_from([10, 15, 20, 30, 42, 45, 60, 90]))
    longest = shortest + draw(st.sampled_from([0, 5, 7, 30, 60, 115, 300, 600]))
    usual = draw(st.integers(shortest, longest))
    return made(shortest, usual, longest, draw(st.booleans()))


@settings(max_examples=1500, deadline=None)
@given(st.lists(exercises(), min_size=1, max_size=9), st.integers(0, 12_000))
# 45 s lies between a shortest of 42 and a longest of 47, though neither is a whole grain.
@example([made(42, 45, 47, True)], 91)
# Two lengths change at the same scale, 7/8, where rounding half to even moves only one.
@example([made(30, 60, 180, True), made(60, 180, 600, True)], 420)
# Two steps alike in every length change at one scale: the bisection may stop with both apart.
@example([made(30, 45, 120, True), made(30, 45, 120, True), made(60, 120, 180, False)], 320)
def test_fitted_lengths_are_those_of_the_plain_bisection(chosen: list[Exercise], target: int) -> None:
    fitted = fit_lengths(chosen, target)
    assert fitted == plain_fit(chosen, target)
    assert all(e.duration.min <= n <= e.duration.max for e, n in zip(chosen, fitted, strict=True))
