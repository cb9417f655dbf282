"""The command line as a contract: JSON shapes, readable tables, and clear errors with status 2."""

import json

import pytest

from tests.conftest import run_psoas


def test_plan_json_follows_schema_1() -> None:
    result = run_psoas("plan", "--minutes", "30", "--seed", "11", "--focus", "hips", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert data["request"]["minutes"] == 30
    assert data["request"]["focus"] == ["hips"]
    assert data["request"]["seed"] == 11
    assert abs(data["total_seconds"] - 1800) <= 30
    assert [p["phase"] for p in data["phases"]] == ["arrive", "fatigue", "tremor", "restore", "integrate"]
    for phase in data["phases"]:
        assert phase["seconds"] == sum(s["seconds"] for s in phase["steps"])
        for step in phase["steps"]:
            assert set(step) >= {"exercise", "name", "seconds", "side", "reason", "cues"}
            assert step["side"] in ("left", "right", None)
    every = [step["exercise"] for phase in data["phases"] for step in phase["steps"]]
    assert every.index("how-to-stop-tremoring") < every.index("tre-wall-sit")
    assert isinstance(data["notes"], list)


def test_plan_with_the_same_seed_prints_the_same_plan() -> None:
    first = run_psoas("plan", "-m", "45", "--seed", "3", "--json")
    second = run_psoas("plan", "-m", "45", "--seed", "3", "--json")
    assert first.stdout == second.stdout


def test_plan_without_a_seed_records_the_one_it_chose() -> None:
    data = json.loads(run_psoas("plan", "-m", "20", "--json").stdout)
    replay = json.loads(
        run_psoas("plan", "-m", "20", "--seed", str(data["request"]["seed"]), "--json").stdout
    )
    assert replay == data


def test_plan_prints_a_timed_table_with_reasons_and_notes() -> None:
    result = run_psoas("plan", "--minutes", "40", "--seed", "2", "--condition", "severe-ptsd")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "40-minute session" in out
    assert "Total 40:00" in out
    assert "arrive" in out
    assert "integrate" in out
    assert "tremor phase is left out" in out
    assert "facilitator" in out


def test_plan_passes_every_option_through() -> None:
    result = run_psoas(
        "plan",
        "-m",
        "60",
        "--level",
        "experienced",
        "--focus",
        "back",
        "--focus",
        "sleep",
        "--condition",
        "knee-injury",
        "--prop",
        "pillow",
        "--prop",
        "block",
        "--with-facilitator",
        "--seed",
        "5",
        "--prefer",
        "bird-dog",
        "--avoid",
        "warrior-one",
        "--json",
    )
    request = json.loads(result.stdout)["request"]
    assert request["level"] == "experienced"
    assert request["focus"] == ["back", "sleep"]
    assert request["conditions"] == ["knee-injury"]
    assert request["props"] == ["pillow", "block"]
    assert request["with_facilitator"] is True
    assert request["prefer"] == ["bird-dog"]
    assert request["avoid"] == ["warrior-one"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--minutes", "5"], "minutes must be between 10 and 120, got 5"),
        (["--minutes", "121"], "minutes must be between 10 and 120, got 121"),
        (["-m", "30", "--level", "guru"], "unknown level 'guru'; valid: beginner, intermediate, experienced"),
        (
            ["-m", "30", "--focus", "knees"],
            "unknown focus 'knees'; valid: back, hips, breath, sleep, anxiety, general, long-sitting, "
            "posture",
        ),
        (["-m", "30", "--condition", "flu"], "unknown condition 'flu'; valid: acute-back-pain,"),
        (["-m", "30", "--prop", "wheel"], "unknown prop 'wheel'; valid: blanket, pillow,"),
        (["-m", "30", "--avoid", "no-such"], "unknown exercise 'no-such'"),
        (["-m", "30", "--avoid", "how-to-stop-tremoring"], "cannot be avoided"),
        (["--minutes", "many"], "Invalid value for '--minutes'"),
        ([], "Missing option '--minutes'"),
    ],
)
def test_plan_refuses_bad_input_with_status_2_and_names_it(args: list[str], message: str) -> None:
    result = run_psoas("plan", *args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_library_json_lists_every_entry_with_all_fields() -> None:
    result = run_psoas("library", "--json")
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    entries = {e["id"]: e for e in data["exercises"]}
    assert len(entries) >= 40
    fields = {
        "id",
        "name",
        "kind",
        "phases",
        "level",
        "duration",
        "per_side",
        "targets",
        "cues",
        "come_out",
        "modifications",
        "props",
        "contraindications",
        "cautions",
        "evidence",
    }
    for entry in entries.values():
        assert fields <= set(entry), entry["id"]
    assert "knee-injury" in entries["pigeon-pose"]["contraindications"]
    assert "pregnancy" in entries["boat-pose"]["contraindications"]
    assert entries["how-to-stop-tremoring"]["contraindications"] == []


def test_library_filters_by_phase() -> None:
    data = json.loads(run_psoas("library", "--phase", "tremor", "--json").stdout)
    assert data["exercises"]
    assert all("tremor" in e["phases"] for e in data["exercises"])


def test_library_refuses_an_unknown_phase() -> None:
    result = run_psoas("library", "--phase", "warmup")
    assert result.returncode == 2
    assert "unknown phase 'warmup'; valid: arrive, fatigue, tremor, restore, integrate" in result.stderr


def test_library_table_is_readable() -> None:
    result = run_psoas("library", "--phase", "restore")
    assert result.returncode == 0
    assert "Final Rest" in result.stdout or "final-rest" in result.stdout


def test_conditions_json_and_table() -> None:
    data = json.loads(run_psoas("conditions", "--json").stdout)
    by_id = {c["id"]: c for c in data["conditions"]}
    assert by_id["severe-ptsd"]["tremor"] == "facilitator-only"
    assert by_id["severe-ptsd"]["tremor_cap_minutes"] == 5
    assert all(c["advice"] and c["reason"] for c in data["conditions"])
    table = run_psoas("conditions").stdout
    assert "severe-ptsd" in table
    assert "facilitator-only" in table


def test_program_json_grows_tremor_time_with_rest_days() -> None:
    result = run_psoas("program", "--weeks", "4", "--sessions-per-week", "3", "--seed", "1", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    limits = [w["tremor_limit_minutes"] for w in data["weeks"]]
    assert limits == sorted(limits)
    assert limits[0] < limits[-1]
    for week in data["weeks"]:
        assert len(week["days"]) == 7
        assert sum(1 for d in week["days"] if d["rest"]) == 4


def test_program_table_and_bad_shape() -> None:
    assert "rest" in run_psoas("program", "-w", "2", "--seed", "1").stdout
    result = run_psoas("program", "-w", "2", "-s", "6")
    assert result.returncode == 2
    assert "sessions per week must be between 1 and 4, got 6" in result.stderr


def test_help_lists_every_command() -> None:
    out = run_psoas("--help").stdout
    for command in ("library", "conditions", "plan", "program", "play"):
        assert command in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "-m", "abc"], "'abc' is not a whole number"),
        (["plan", "-m", "20", "--seed", "1.5"], "'1.5' is not a whole number"),
        (["program", "-w", "x"], "'x' is not a whole number"),
        (["play", "-m", "10", "--speed", "fast"], "'fast' is not a number"),
        (["play", "-m", "10", "--speed", "nan"], "'nan' is not a finite number"),
        (["play", "-m", "10", "--speed", "1e-9"], "speed must be between 0.1 and 10000, got 1e-09"),
    ],
)
def test_unparsable_numbers_are_named(args: list[str], message: str) -> None:
    result = run_psoas(*args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert "Traceback" not in result.stderr


def test_library_figure_writes_a_standalone_svg_and_names_a_wrong_id() -> None:
    import xml.etree.ElementTree as ET

    drawn = run_psoas("library", "--figure", "tre-knee-bends", "--side", "right")
    assert drawn.returncode == 0, drawn.stderr
    root = ET.fromstring(drawn.stdout.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-label", "").startswith("Figure of Knee bends")
    assert "right side" in root.get("aria-label", "")
    assert 'transform="scale(-1 1)"' in drawn.stdout
    unknown = run_psoas("library", "--figure", "wall")
    assert unknown.returncode == 2
    assert "no exercise with id 'wall'; did you mean legs-up-the-wall, tre-wall-sit?" in unknown.stderr
    both = run_psoas("library", "--figure", "cat-cow", "--side", "left")
    assert both.returncode == 2
    assert "is done on both sides at once; leave out --side" in both.stderr


def test_library_ids_are_never_cut_in_a_narrow_terminal() -> None:
    listed = run_psoas("library", "--phase", "tremor", env={"COLUMNS": "80"})
    assert listed.returncode == 0, listed.stderr
    for exercise_id in ("tre-tremor-invitation", "tre-tremor-position", "tre-tremor-side-lying"):
        assert exercise_id in listed.stdout


def test_analyze_names_a_folder_as_a_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_psoas("analyze", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path} is a folder: name the recording file in it" in result.stderr


def test_program_shows_the_tremor_itself_and_says_what_the_limit_counts() -> None:
    shown = run_psoas("program", "--weeks", "1", "--sessions-per-week", "3")
    assert shown.returncode == 0, shown.stderr
    assert "tremor itself" in shown.stdout
    assert "counting its invitation and the practice of stopping" in " ".join(shown.stdout.split())
