"""Scoring checked against the instruments' own scoring guides: their worked steps and stated rules.

Every expected value below is worked out by hand from the guide quoted beside it, never by running
our code. Where a guide states a rule rather than printing a filled form, the test applies that rule
to one concrete answer set, described in the comment.

Guides used (as found; the phqscreeners.com and ptsd.va.gov originals are quoted through these copies):
- PHQ-9: "PHQ-9 Questionnaire for Depression Scoring and Interpretation Guide" (MacArthur toolkit,
  reproduced in the UMHS Depression Guideline, Aug 2011), as quoted at
  https://info.5y1.org/total-interest-percentage-calculator_1_d9785d.html
  and https://mipmclinic.com/patient-health-questionnaire-phq-9/
- PHQ-9: Pfizer "PHQ-9 Quick Depression Assessment" scoring instructions (phqscreeners.com), as quoted at
  https://info.5y1.org/practice-english-assessment-test_1_ffd2e8.html
- PHQ-9: difficulty-question guidance in "PHQ-9 - Nine Symptom Checklist" (dep-tool-05), scribd.com
  document 19430104, returned via a proxy address by the search.
- PHQ-9: Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613 (PMC1495268).
- GAD-7: Pfizer GAD-7 scoring text (phqscreeners.com instruction manual), as quoted at
  https://scales.arabpsychology.com/index.php/s/gad-7-anxiety-severity/ ; Spitzer et al., Arch Intern
  Med 2006;166:1092-1097.
- PCL-5: National Center for PTSD, "Using the PTSD Checklist for DSM-5 (PCL-5)" / "PTSD Checklist for
  DSM-5 (PCL-5)" (www.ptsd.va.gov), as quoted at
  https://online.documentine.com/ptsd-benefit-chart/1/using-the-ptsd-checklist-for-dsm-5-pcl-5.html ,
  http://www.medafile.com/WRIISC/PCL5.htm and
  https://comorbidityguidelines.org.au/appendix-s-ptsd-checklist-for-dsm5-pcl5/pcl5-scoring-and-interpretation
"""

import pytest

from psoas.measures.instruments import shipped_instruments
from psoas.measures.scoring import ScoringError, score

INSTRUMENTS = shipped_instruments()
PHQ9, GAD7, PCL5 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"], INSTRUMENTS["pcl5"]


def pcl5_form(b: list[int], c: list[int], d: list[int], e: list[int]) -> list[int]:
    """PCL-5 answers written cluster by cluster, as the guide groups them: B 1-5, C 6-7, D 8-14, E 15-20."""
    assert (len(b), len(c), len(d), len(e)) == (5, 2, 7, 6)
    return [*b, *c, *d, *e]


# ---------------------------------------------------------------------------------------------
# PHQ-9
# ---------------------------------------------------------------------------------------------


def test_phq9_total_by_the_scoring_guides_column_method() -> None:
    # "PHQ-9 Questionnaire for Depression Scoring and Interpretation Guide": "Count the number (#) of
    # boxes checked in a column. Multiply that number by the value indicated below, then add the
    # subtotal to produce a total score. The possible range is 0-27."
    # The form here is checked, items 1-9: 2, 3, 1, 2, 0, 1, 2, 1, 0. Worked by hand, column by column:
    #   Not at all               (#) 2 x 0 = 0   (items 5, 9)
    #   Several days             (#) 3 x 1 = 3   (items 3, 6, 8)
    #   More than half the days  (#) 3 x 2 = 6   (items 1, 4, 7)
    #   Nearly every day         (#) 1 x 3 = 3   (item 2)
    #   Total score                      = 12, which the guide's table reads as "Moderate depression" (10-14).
    result = score(PHQ9, [2, 3, 1, 2, 0, 1, 2, 1, 0])
    assert result.total == 0 + 3 + 6 + 3 == 12
    assert result.band == "moderate"
    assert result.flags == ()


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        # One check in each column except "Not at all": 1 x 1 + 1 x 2 + 1 x 3 = 6, "Mild" (5-9).
        ([1, 2, 3, 0, 0, 0, 0, 0, 0], 6, "mild"),
        # Every item "Several days": 9 x 1 = 9, still "Mild"; one more point would reach "Moderate".
        ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "mild"),
        # Four "Nearly every day" and five "More than half the days": 4 x 3 + 5 x 2 = 22, "Severe" (20-27).
        ([3, 3, 3, 3, 2, 2, 2, 2, 2], 22, "severe"),
        # Every item "Nearly every day": 9 x 3 = 27, the top of the guide's "possible range is 0-27".
        ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe"),
    ],
)
def test_phq9_column_subtotals_and_severity_table(answers: list[int], total: int, band: str) -> None:
    # Pfizer's PHQ-9 Quick Depression Assessment: "Several days = 1 More than half the days = 2 Nearly
    # every day = 3" then "Add together column scores to get a TOTAL score", read against "1-4 Minimal",
    # "5-9 Mild", "10-14 Moderate", "15-19 Moderately severe", "20-27 Severe depression".
    result = score(PHQ9, answers)
    assert (result.total, result.band) == (total, band)


def test_phq9_item_nine_counts_if_present_at_all_whatever_the_total() -> None:
    # Pfizer's PHQ-9 diagnostic instructions shade item 9 from the "Several days" column, unlike items
    # 1-8, which count only from "More than half the days": thoughts of death or self-harm count
    # whenever present (Kroenke 2001's algorithm counts item 9 "if present at all, regardless of
    # duration"), and the manual asks how to assess suicide risk in those who "answer positively to
    # the 9th question" (both phrases as quoted in a secondary summary of the manual and the paper).
    # Here item 9 is "Several days" and the only other answers are two "Several days": total 1+1+1 = 3,
    # "Minimal", yet the self-harm answer must still be raised.
    result = score(PHQ9, [1, 0, 0, 1, 0, 0, 0, 0, 1])
    assert (result.total, result.band) == (3, "minimal")
    assert result.flags == ("self-harm-thoughts",)
    # The same answers with item 9 "Not at all" (total 2) raise nothing.
    assert score(PHQ9, [1, 0, 0, 1, 0, 0, 0, 0, 0]).flags == ()


def test_phq9_difficulty_question_is_not_part_of_the_total() -> None:
    # The question after item 9 ("If you checked off any problems, how difficult have these problems
    # made it ...") is answered "Not difficult at all", "Somewhat difficult", "Very difficult" or
    # "Extremely difficult"; per the scoring guidance "The last two responses suggest that the
    # patient's functionality is impaired" -- it is read on its own, not added in. The total is the
    # nine items only ("The possible range is 0-27"), so our data holds exactly nine scored items.
    assert len(PHQ9.items) == 9
    assert (PHQ9.min_total, PHQ9.max_total) == (0, 27)
    assert not any("difficult" in item.text.lower() for item in PHQ9.items)
    # A form whose nine items are all "Nearly every day" totals 27 whatever the difficulty answer; a
    # tenth answer (here "Extremely difficult" coded 3) is refused rather than summed to 30.
    assert score(PHQ9, [3] * 9).total == 27
    with pytest.raises(ScoringError, match="PHQ-9 has 9 items; got 10 answers"):
        score(PHQ9, [3] * 9 + [3])


# ---------------------------------------------------------------------------------------------
# GAD-7
# ---------------------------------------------------------------------------------------------


def test_gad7_total_by_column_subtotals_reaches_the_further_evaluation_cutpoint() -> None:
    # GAD-7 scoring (Pfizer instruction manual): scores of 0, 1, 2 and 3 for "not at all", "several
    # days", "more than half the days" and "nearly every day"; "GAD-7 total score for the seven items
    # ranges from 0 to 21"; "Scores of 5, 10, and 15 represent cut points for mild, moderate, and severe
    # anxiety"; "a recommended cutpoint for further evaluation is a score of 10 or greater".
    # The form's office-coding line adds the column subtotals ("Total Score T__ = __ + __ + __").
    # Items 1-7 checked 1, 2, 3, 0, 1, 2, 1:
    #   Several days             3 checks x 1 = 3   (items 1, 5, 7)
    #   More than half the days  2 checks x 2 = 4   (items 2, 6)
    #   Nearly every day         1 check  x 3 = 3   (item 3)
    #   Total = 3 + 4 + 3 = 10: "moderate", and at the cut point for further evaluation.
    result = score(GAD7, [1, 2, 3, 0, 1, 2, 1])
    assert result.total == 3 + 4 + 3 == 10
    assert result.band == "moderate"
    # Item 6 lowered from "more than half the days" to "several days": 4 x 1 + 1 x 2 + 1 x 3 = 9,
    # "mild", below the further-evaluation cut point.
    lower = score(GAD7, [1, 2, 3, 0, 1, 1, 1])
    assert (lower.total, lower.band) == (9, "mild")


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),  # 5 x 1 = 5: the "mild" cut point
        ([3, 3, 3, 3, 2, 1, 0], 15, "severe"),  # 4 x 3 + 1 x 2 + 1 x 1 = 15: the "severe" cut point
        ([3, 3, 3, 3, 3, 3, 3], 21, "severe"),  # 7 x 3 = 21, the top of "0 to 21"
    ],
)
def test_gad7_cut_points_of_5_10_and_15(answers: list[int], total: int, band: str) -> None:
    result = score(GAD7, answers)
    assert (result.total, result.band) == (total, band)
    # The GAD-7 has no single item the guide singles out, so no item raises a flag.
    assert result.flags == ()


def test_gad7_difficulty_question_is_not_part_of_the_total() -> None:
    # The GAD-7 form ends with the same unscored difficulty question; the total covers "the seven
    # items" only, 0 to 21.
    assert len(GAD7.items) == 7
    assert (GAD7.min_total, GAD7.max_total) == (0, 21)
    assert not any("difficult" in item.text.lower() for item in GAD7.items)
    with pytest.raises(ScoringError, match="GAD-7 has 7 items; got 8 answers"):
        score(GAD7, [3] * 7 + [3])


# ---------------------------------------------------------------------------------------------
# PCL-5
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "cluster"),
    [(n, "B") for n in range(1, 6)]
    + [(n, "C") for n in range(6, 8)]
    + [(n, "D") for n in range(8, 15)]
    + [(n, "E") for n in range(15, 21)],
)
def test_pcl5_each_item_scores_into_the_cluster_the_guide_names(item: int, cluster: str) -> None:
    # National Center for PTSD: "DSM-5 symptom cluster severity scores can be obtained by summing the
    # scores for the items within a given cluster, i.e., cluster B (items 1-5), cluster C (items 6-7),
    # cluster D (items 8-14), and cluster E (items 15-20)."
    # One item rated 4 ("Extremely"), all others 0: that item's cluster alone scores 4.
    answers = [0] * 20
    answers[item - 1] = 4
    result = score(PCL5, answers)
    assert result.total == 4
    assert result.clusters == {name: (4 if name == cluster else 0) for name in "BCDE"}


def test_pcl5_highest_total_is_80_with_cluster_maxima() -> None:
    # "A total symptom severity score (range - 0-80) can be obtained by summing the scores for each of
    # the 20 items." Every item "Extremely" (4): B 5 x 4 = 20, C 2 x 4 = 8, D 7 x 4 = 28, E 6 x 4 = 24.
    result = score(PCL5, [4] * 20)
    assert result.total == 20 + 8 + 28 + 24 == 80
    assert result.clusters == {"B": 20, "C": 8, "D": 28, "E": 24}
    assert result.provisional_by_cutpoint is True
    assert result.provisional_by_dsm5_rule is True


def test_pcl5_meets_the_cutpoint_but_not_the_dsm5_rule() -> None:
    # The DSM-5 rule: "treating each item rated as 2 = 'Moderately' or higher as a symptom endorsed,
    # then following the DSM-5 diagnostic rule which requires at least: 1 B item (questions 1-5), 1 C
    # item (questions 6-7), 2 D items (questions 8-14), 2 E items (questions 15-20)."
    # Here B is all "Extremely" (5 x 4 = 20), both C items only "A little bit" (1 + 1 = 2), D all
    # "Moderately" (7 x 2 = 14), E two "Moderately" (2 + 2 = 4). Total 20 + 2 + 14 + 4 = 40, over every
    # cut point in "31-33", but no C item is endorsed, so the DSM-5 rule is not met.
    answers = pcl5_form([4, 4, 4, 4, 4], [1, 1], [2, 2, 2, 2, 2, 2, 2], [2, 2, 0, 0, 0, 0])
    for cutpoint in (31, 32, 33):
        result = score(PCL5, answers, cutpoint=cutpoint)
        assert result.total == 40
        assert result.clusters == {"B": 20, "C": 2, "D": 14, "E": 4}
        assert result.provisional_by_cutpoint is True
        assert result.provisional_by_dsm5_rule is False


def test_pcl5_meets_the_dsm5_rule_but_not_the_cutpoint() -> None:
    # The fewest endorsed items the DSM-5 rule accepts -- 1 B, 1 C, 2 D, 2 E -- each at the lowest
    # endorsed rating, 2 = "Moderately", everything else "Not at all": 6 x 2 = 12. The rule is met, yet
    # 12 is far below a cut point of 31-33 ("a PCL-5 cutoff score between 31-33 is indicative of
    # probable PTSD"), so the two provisional readings disagree.
    answers = pcl5_form([2, 0, 0, 0, 0], [0, 2], [0, 0, 2, 0, 0, 2, 0], [0, 0, 2, 2, 0, 0])
    for cutpoint in (31, 32, 33):
        result = score(PCL5, answers, cutpoint=cutpoint)
        assert result.total == 12
        assert result.clusters == {"B": 2, "C": 2, "D": 4, "E": 4}
        assert result.provisional_by_cutpoint is False
        assert result.provisional_by_dsm5_rule is True


def test_pcl5_a_little_bit_is_not_an_endorsed_symptom_but_moderately_is() -> None:
    # Only "2 = 'Moderately' or higher" counts as endorsed; 1 = "A little bit" does not.
    # Start from the minimal set above (total 12, rule met) and lower the second D item (question 13)
    # from "Moderately" to "A little bit": total 11, D now has one endorsed item of the two required.
    answers = pcl5_form([2, 0, 0, 0, 0], [0, 2], [0, 0, 2, 0, 0, 1, 0], [0, 0, 2, 2, 0, 0])
    result = score(PCL5, answers)
    assert (result.total, result.clusters["D"]) == (11, 3)
    assert result.provisional_by_dsm5_rule is False
    # Every item "A little bit": total 20 x 1 = 20, and not one symptom is endorsed.
    everything_a_little = score(PCL5, [1] * 20)
    assert everything_a_little.total == 20
    assert everything_a_little.clusters == {"B": 5, "C": 2, "D": 7, "E": 6}
    assert everything_a_little.provisional_by_dsm5_rule is False
    assert everything_a_little.provisional_by_cutpoint is False
    # Raising one item per required slot to "Moderately" (items 1, 6, 8, 9, 15, 16) adds 6 points
    # (total 26) and meets the rule.
    raised = [1] * 20
    for question in (1, 6, 8, 9, 15, 16):
        raised[question - 1] = 2
    result = score(PCL5, raised)
    assert result.total == 26
    assert result.provisional_by_dsm5_rule is True


@pytest.mark.parametrize(
    ("total", "cutpoint", "provisional"),
    [
        (30, 31, False),
        (31, 31, True),
        (31, 32, False),
        (32, 32, True),
        (32, 33, False),
        (33, 33, True),
        (34, 33, True),
    ],
)
def test_pcl5_cutpoint_is_a_score_at_or_above_it(total: int, cutpoint: int, provisional: bool) -> None:
    # "Initial research suggests that a PCL-5 cutoff score between 31-33 is indicative of probable
    # PTSD": a total equal to the chosen cut point counts. The answers are filled "Extremely" from
    # question 1 until the total is used up, so the total is exactly the one named.
    answers = []
    left = total
    for _ in range(20):
        answers.append(min(4, left))
        left -= answers[-1]
    result = score(PCL5, answers, cutpoint=cutpoint)
    assert result.total == total
    assert result.cutpoint == cutpoint
    assert result.provisional_by_cutpoint is provisional


def test_pcl5_has_no_severity_bands() -> None:
    # "There are currently no empirically derived severity ranges for the PCL-5." Lowest and highest
    # totals fall under the one descriptive label, not a severity.
    assert score(PCL5, [0] * 20).band == score(PCL5, [4] * 20).band == PCL5.bands[0].label
    assert len(PCL5.bands) == 1
    assert (PCL5.bands[0].min, PCL5.bands[0].max) == (0, 80)
