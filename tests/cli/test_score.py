"""`psoas score` and `psoas instruments` as a contract: JSON shapes and exit status 2 on bad input."""

import json

import pytest

from tests.conftest import run_psoas


def test_score_phq9_json() -> None:
    result = run_psoas("score", "phq9", "--answers", "1,2,0,3,1,1,2,0,1", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert (data["instrument"], data["total"], data["band"]) == ("phq9", 11, "moderate")
    assert data["flags"] == ["self-harm-thoughts"]
    assert data["flag_messages"]["self-harm-thoughts"].startswith("Thoughts like these can be very heavy")
    assert "https://findahelpline.com" in data["support"]


def test_a_raised_flag_is_answered_with_its_words_and_where_to_find_help() -> None:
    out = run_psoas("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").stdout
    assert "flag: self-harm-thoughts" in out
    assert "you do not have to carry them alone" in out
    assert "Where to find help: If you feel overwhelmed" in out
    assert "112" in out


def test_the_host_names_the_support_resources_once_for_everyone() -> None:
    host = {"PSOAS_SUPPORT_TEXT": "Call the clinic on 555 0100, day or night."}
    out = run_psoas("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", env=host).stdout
    assert "Where to find help: Call the clinic on 555 0100, day or night." in out


def test_without_a_flag_no_support_is_added() -> None:
    data = json.loads(run_psoas("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--json").stdout)
    assert data["flags"] == []
    assert "support" not in data


def test_score_pcl5_json_has_clusters_and_both_results() -> None:
    answers = ",".join(["2"] * 20)
    data = json.loads(run_psoas("score", "pcl5", "--answers", answers, "--json").stdout)
    assert data["clusters"] == {"B": 10, "C": 4, "D": 14, "E": 12}
    assert data["total"] == 40
    assert data["provisional_by_cutpoint"] is True
    assert data["provisional_by_dsm5_rule"] is True


def test_a_pcl5_total_at_the_cut_point_suggests_the_trauma_precautions_as_the_web_app_does() -> None:
    out = run_psoas("score", "pcl5", "--answers", ",".join(["2"] * 20)).stdout
    assert "Something to consider for your practice" in out
    assert "--condition severe-ptsd" in out
    assert "not a diagnosis" in out
    below = run_psoas("score", "pcl5", "--answers", ",".join(["1"] * 20)).stdout
    assert "Something to consider" not in below


def test_score_prints_a_readable_result_that_is_not_a_diagnosis() -> None:
    out = run_psoas("score", "gad7", "--answers", "1,1,1,1,1,0,0").stdout
    assert "GAD-7: total 5 of 21 (mild)" in out
    assert "not a diagnosis" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "pss10", "--answers", "1,2"], "unknown instrument 'pss10'; valid: gad7, pcl5, phq9"),
        (["score", "phq9", "--answers", "1,2,3"], "PHQ-9 has 9 items; got 3 answers"),
        (
            ["score", "gad7", "--answers", "0,0,0,9,0,0,0"],
            "item 4 answer 9 is out of range; valid: 0, 1, 2, 3",
        ),
        (["score", "gad7", "--answers", "0,0,x,0,0,0,0"], "answer 3 is 'x', not a whole number"),
        (["score", "phq9", "--answers", "0,0,,0,0,0,0,0,0"], "question 3 has no answer"),
        (
            ["score", "pcl5", "--answers", ",".join(["1"] * 20), "--cutpoint", "40"],
            "outside the published range 31-33",
        ),
    ],
)
def test_score_refuses_bad_input_with_status_2(args: list[str], message: str) -> None:
    result = run_psoas(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "PHQ-9: PHQ-9" not in result.stderr  # the questionnaire is named once
    assert "Traceback" not in result.stderr


def test_instruments_lists_terms() -> None:
    data = json.loads(run_psoas("instruments", "--json").stdout)
    by_id = {i["id"]: i for i in data["instruments"]}
    assert set(by_id) == {"phq9", "gad7", "pcl5"}
    assert all(i["terms"] for i in by_id.values())
    assert "phq9" in run_psoas("instruments").stdout


def test_score_pcl5_names_each_cluster_and_what_the_total_is() -> None:
    result = run_psoas("score", "pcl5", "--answers", ",".join(["2"] * 20), env={"COLUMNS": "200"})
    assert "Coming back: memories, dreams and reactions to reminders (cluster B): 10 of 20" in result.stdout
    assert "no severity bands are published" in result.stdout
    assert "(no severity bands are published; it is read against the cut-point)" not in result.stdout
