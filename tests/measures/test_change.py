"""Change is judged by the instrument's published minimal important difference, in plain words."""

from psoas.measures.change import describe_change
from psoas.measures.instruments import shipped_instruments

PHQ9 = shipped_instruments()["phq9"]


def test_a_drop_of_six_on_the_phq9_is_more_than_the_five_that_counts() -> None:
    change = describe_change(PHQ9, 14, 8)
    assert change.points == -6
    assert change.meaningful is True
    assert change.words == (
        "A change of 6 points, from 14 to 8 (lower): at least the 5 points that count as a meaningful change."
    )


def test_exactly_the_threshold_counts_and_one_less_does_not() -> None:
    assert describe_change(PHQ9, 10, 5).meaningful is True
    small = describe_change(PHQ9, 10, 6)
    assert small.meaningful is False
    assert "within the usual ups and downs" in small.words


def test_no_change_says_so() -> None:
    assert describe_change(PHQ9, 7, 7).words == "No change: 7 both times."


def test_a_rise_is_called_higher_not_worse() -> None:
    assert "(higher)" in describe_change(PHQ9, 3, 9).words
