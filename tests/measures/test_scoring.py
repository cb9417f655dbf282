"""Scoring by the published rules: totals, every band boundary, flags, PCL-5 clusters and results."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.measures.instrument import Instrument
from psoas.measures.instruments import shipped_instruments
from psoas.measures.scoring import ScoringError, score

INSTRUMENTS = shipped_instruments()
PHQ9, GAD7, PCL5 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"], INSTRUMENTS["pcl5"]


def answers_for(instrument: Instrument, total: int) -> list[int]:
    """Answers in form order that add up to `total`, filling items from the first."""
    top = max(instrument.values)
    answers = []
    for _ in instrument.items:
        answers.append(min(top, total))
        total -= answers[-1]
    return answers


# Kroenke, Spitzer & Williams 2001: 5, 10, 15 and 20 are the cut-points for mild, moderate,
# moderately severe and severe depression; 0-27 in all.
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_every_boundary(total: int, band: str) -> None:
    result = score(PHQ9, answers_for(PHQ9, total))
    assert (result.total, result.band) == (total, band)


# Spitzer et al. 2006: 5, 10 and 15 mark mild, moderate and severe anxiety; 0-21 in all.
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_at_every_boundary(total: int, band: str) -> None:
    result = score(GAD7, answers_for(GAD7, total))
    assert (result.total, result.band) == (total, band)


def test_phq9_worked_example_sums_the_items() -> None:
    # The PHQ-9 instructions: add the item scores; here 1+2+0+3+1+1+2+0+0 = 10, moderate.
    result = score(PHQ9, [1, 2, 0, 3, 1, 1, 2, 0, 0])
    assert (result.total, result.band, result.flags) == (10, "moderate", ())


@pytest.mark.parametrize("item_nine", [1, 2, 3])
def test_phq9_item_nine_above_zero_is_flagged_whatever_the_total(item_nine: int) -> None:
    result = score(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, item_nine])
    assert result.flags == ("self-harm-thoughts",)
    assert result.band == "minimal"


def test_phq9_item_nine_at_zero_raises_no_flag() -> None:
    assert score(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags == ()


def by_cluster(b: list[int], c: list[int], d: list[int], e: list[int]) -> list[int]:
    """PCL-5 answers written cluster by cluster: B items 1-5, C 6-7, D 8-14, E 15-20."""
    assert (len(b), len(c), len(d), len(e)) == (5, 2, 7, 6)
    return [*b, *c, *d, *e]


def test_pcl5_clusters_follow_the_national_center_for_ptsd_rules() -> None:
    # B = items 1-5, C = 6-7, D = 8-14, E = 15-20; total 0-80.
    answers = by_cluster([1, 2, 3, 4, 0], [2, 1], [0, 1, 2, 3, 4, 0, 1], [4, 3, 2, 1, 0, 2])
    result = score(PCL5, answers)
    assert result.clusters == {"B": 10, "C": 3, "D": 11, "E": 12}
    assert result.total == 36
    assert result.cutpoint == 33
    assert result.provisional_by_cutpoint is True
    # Items at 2 ("Moderately") or more: B 3, C 1, D 3, E 4: the DSM-5 rule is met.
    assert result.provisional_by_dsm5_rule is True


def test_pcl5_dsm5_rule_needs_two_d_and_two_e_symptoms() -> None:
    just = by_cluster([2, 0, 0, 0, 0], [2, 0], [2, 2, 0, 0, 0, 0, 0], [2, 2, 0, 0, 0, 0])
    assert score(PCL5, just).provisional_by_dsm5_rule is True
    one_d = by_cluster([2, 0, 0, 0, 0], [2, 0], [2, 1, 1, 1, 1, 1, 1], [2, 2, 0, 0, 0, 0])
    assert score(PCL5, one_d).provisional_by_dsm5_rule is False
    assert score(PCL5, one_d).total == 16


def test_pcl5_cutpoint_is_configurable_within_the_published_range() -> None:
    answers = answers_for(PCL5, 32)
    assert score(PCL5, answers).provisional_by_cutpoint is False
    assert score(PCL5, answers, cutpoint=31).provisional_by_cutpoint is True
    with pytest.raises(ScoringError, match="cut-point 30 is outside the published range 31-33"):
        score(PCL5, answers, cutpoint=30)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 8, "PHQ-9 has 9 items; got 8 answers"),
        ([0] * 10, "PHQ-9 has 9 items; got 10 answers"),
        ([0, 0, 4, 0, 0, 0, 0, 0, 0], "item 3 answer 4 is out of range; valid: 0, 1, 2, 3"),
        ([0, 0, 0, -1, 0, 0, 0, 0, 0], "item 4 answer -1 is out of range"),
        (
            [0, 0, None, 0, 0, 0, 0, 0, 0],
            "question 3 has no answer; for a score, every question needs an answer",
        ),
        ([None] * 9, "none of the 9 questions has an answer"),
        ([0, 0, None, 0, None, None, 0, 0, 0], "questions 3, 5 and 6 have no answer"),
        ([0, 0, None, None, None, 0, 0, 0, 0], "questions 3 to 5 have no answer"),
    ],
)
def test_it_refuses_answers_it_cannot_score(answers: list[int | None], message: str) -> None:
    with pytest.raises(ScoringError, match=message.replace("(", r"\(")):
        score(PHQ9, answers)


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_every_valid_answer_set_scores_inside_the_possible_range(instrument_id: str) -> None:
    instrument = INSTRUMENTS[instrument_id]

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(
            st.sampled_from(instrument.values), min_size=len(instrument.items), max_size=len(instrument.items)
        )
    )
    def check(answers: list[int]) -> None:
        result = score(instrument, answers)
        assert instrument.min_total <= result.total <= instrument.max_total
        assert result.total == sum(answers)
        assert result.band is not None
        if result.clusters:
            assert sum(result.clusters.values()) == result.total

    check()
