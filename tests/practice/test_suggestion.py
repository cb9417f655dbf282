"""The next session after a hard one: shorter where it can be, a small tremor limit, and why."""

import pytest

from psoas.practice.suggestion import LastSession, suggest_next

EASY = LastSession(grounded=False, distress_before=3, distress_after=2)


def test_without_a_hard_session_the_usual_one_is_offered() -> None:
    for last in (None, EASY, LastSession(grounded=False, distress_before=7, distress_after=7)):
        suggestion = suggest_next(30, last)
        assert (suggestion.minutes, suggestion.tremor_cap_minutes, suggestion.reason) == (30, None, None)


@pytest.mark.parametrize(
    ("last", "because"),
    [
        (LastSession(grounded=True, distress_before=2, distress_after=3), "you stopped to ground yourself"),
        (LastSession(grounded=False, distress_before=2, distress_after=8), "was 8 out of 10 after"),
        (LastSession(grounded=False, distress_before=9, distress_after=None), "was 9 out of 10 before"),
    ],
)
def test_a_hard_session_makes_the_next_shorter_and_gentler_and_says_why(
    last: LastSession, because: str
) -> None:
    suggestion = suggest_next(30, last)
    assert suggestion.gentle
    assert (suggestion.minutes, suggestion.tremor_cap_minutes) == (20, 3)
    assert suggestion.reason is not None
    assert because in suggestion.reason
    assert "shorter and gentler: 20 minutes with at most 3 minutes of tremor" in suggestion.reason


@pytest.mark.parametrize(("usual", "gentler"), [(45, 30), (60, 40), (20, 10), (15, 10)])
def test_the_gentler_length_is_two_thirds_in_whole_fives_and_never_under_ten(
    usual: int, gentler: int
) -> None:
    assert (
        suggest_next(usual, LastSession(grounded=True, distress_before=None, distress_after=None)).minutes
        == gentler
    )


def test_the_shortest_session_is_not_called_shorter() -> None:
    suggestion = suggest_next(10, LastSession(grounded=True, distress_before=None, distress_after=None))
    assert suggestion.minutes == 10
    assert suggestion.reason is not None
    assert "today's session is gentler: 10 minutes" in suggestion.reason
    assert "shorter" not in suggestion.reason


def test_without_a_tremor_in_the_plan_the_reason_names_no_tremor_limit() -> None:
    last = LastSession(grounded=True, distress_before=None, distress_after=None)
    suggestion = suggest_next(30, last, tremor_possible=False)
    assert suggestion.reason is not None
    assert "shorter and gentler: 20 minutes." in suggestion.reason
    assert "tremor" not in suggestion.reason
    assert suggestion.tremor_possible is False


def test_thoughts_of_self_harm_told_today_call_for_grounding_only_whatever_came_before() -> None:
    for last in (None, LastSession(grounded=False, distress_before=2, distress_after=1)):
        suggestion = suggest_next(45, last, grounding_because="you told us of thoughts of hurting yourself")
        assert suggestion.grounding_only
        assert suggestion.tremor_cap_minutes == 0
        assert suggestion.minutes == 10
        assert suggestion.reason is not None
        assert suggestion.reason.startswith("Because you told us of thoughts of hurting yourself,")
        assert "no tremor" in suggestion.reason


def test_an_ordinary_day_is_not_grounding_only() -> None:
    assert not suggest_next(30, None).grounding_only
