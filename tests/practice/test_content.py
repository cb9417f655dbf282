"""Every content file loads and validates, covers the practice, and broken files are named clearly."""

import re
import shutil
from pathlib import Path

import pytest

from psoas.practice.care import load_care
from psoas.practice.grounding import GROUNDING_SEQUENCE
from psoas.practice.library import CONTENT_DIR, ContentError, Library, load_library
from psoas.practice.tre import HOW_TO_STOP, INVITATION, PRACTISE_STOPPING, TREMOR_POSITIONS

REQUIRED_CONDITIONS = {
    "pregnancy",
    "recent-surgery",
    "hip-replacement",
    "knee-injury",
    "acute-back-pain",
    "osteoporosis",
    "hernia",
    "high-blood-pressure",
    "heart-condition",
    "epilepsy",
    "psychosis",
    "dissociation",
    "severe-ptsd",
    "complex-trauma",
}

# Every technique the source articles and the content brief name, with the entries that teach it.
TECHNIQUES = {
    "the seven TRE exercises": [
        "tre-ankle-rolls",
        "tre-heel-raises",
        "tre-knee-bends",
        "tre-wide-forward-fold",
        "tre-hip-flexor-stretch",
        "tre-wall-sit",
        "tre-tremor-position",
    ],
    "how to stop tremoring": [HOW_TO_STOP, PRACTISE_STOPPING],
    "warrior series": ["warrior-one", "warrior-two", "warrior-three"],
    "pigeon and kneeling lunge": ["pigeon-pose", "kneeling-lunge"],
    "poses that fatigue the psoas": [
        "boat-pose",
        "chair-pose",
        "tre-wall-sit",
        "bridge-pose",
        "low-lunge",
    ],
    "restorative poses": [
        "constructive-rest",
        "supported-bridge",
        "reclined-bound-angle",
        "legs-up-the-wall",
        "supported-childs-pose",
        "supine-twist",
        "final-rest",
    ],
    "breathing": ["diaphragmatic-breathing", "extended-exhale", "resonance-breathing"],
    "grounding and orienting": [
        "five-four-three-two-one",
        "feet-on-the-floor",
        "self-hold",
        "orienting",
    ],
    "self-massage": ["massage-ball-glutes", "foam-roller-thighs", "massage-gun-legs"],
    "heat and cold": ["heat-on-lower-back", "cold-compress"],
    "body scan and mindfulness": ["body-scan"],
    "strengthening weakened muscles": ["clamshells", "bird-dog", "dead-bug"],
}


def test_it_loads_every_file(library: Library) -> None:
    files = list((CONTENT_DIR / "exercises").glob("*.toml"))
    assert len(library.exercises) == len(files)
    assert len(library.exercises) >= 40
    assert len(library.conditions) == len(list((CONTENT_DIR / "conditions").glob("*.toml")))


def test_it_has_every_required_condition(library: Library) -> None:
    assert set(library.conditions) >= REQUIRED_CONDITIONS


@pytest.mark.parametrize("technique", sorted(TECHNIQUES))
def test_it_covers_every_named_technique(library: Library, technique: str) -> None:
    missing = [i for i in TECHNIQUES[technique] if i not in library.exercises]
    assert missing == []


def test_the_tre_exercises_are_numbered_in_order(library: Library) -> None:
    numbered = {e.sequence for e in library.exercises.values() if e.kind == "tre"}
    assert numbered == {1, 2, 3, 4, 5, 6, 7}
    assert library.exercise("tre-ankle-rolls").sequence == 1
    assert library.exercise("tre-wall-sit").sequence == 6


def test_the_tremor_entries_serve_the_tremor_phase(library: Library) -> None:
    for exercise_id in (PRACTISE_STOPPING, INVITATION, *TREMOR_POSITIONS):
        assert library.exercise(exercise_id).phases == ("tremor",)
    # How to stop is taught in the tremor phase, or before the wall sit when the plan has one.
    assert library.exercise(HOW_TO_STOP).phases == ("fatigue", "tremor")


def test_the_wall_sit_is_marked_as_inviting_shaking(library: Library) -> None:
    assert [e.id for e in library.exercises.values() if e.invites_tremor] == ["tre-wall-sit"]


def test_how_to_stop_teaches_legs_long_and_rolling_to_the_side(library: Library) -> None:
    text = " ".join(library.exercise(HOW_TO_STOP).cues).lower()
    assert "long" in text
    assert "side" in text
    assert "eyes" in text


def test_practising_stopping_rehearses_knees_together_then_legs_long(library: Library) -> None:
    # Both brakes are rehearsed mid-tremor, the stronger one second, before the tremor may return.
    cues = [cue.lower() for cue in library.exercise(PRACTISE_STOPPING).cues]

    def first(*words: str) -> int:
        return next((i for i, cue in enumerate(cues) if all(word in cue for word in words)), len(cues))

    knees_together, legs_long, tremor_again = (
        first("knees", "together"),
        first("legs", "long"),
        first("come back"),
    )
    assert knees_together < legs_long < tremor_again < len(cues), cues


@pytest.mark.parametrize("exercise_id", [HOW_TO_STOP, PRACTISE_STOPPING, *GROUNDING_SEQUENCE])
def test_no_condition_rules_out_stopping_or_grounding(library: Library, exercise_id: str) -> None:
    exercise = library.exercise(exercise_id)
    assert library.contraindications(exercise) == []


def test_every_exercise_serves_a_phase_with_cues_and_a_way_out(library: Library) -> None:
    for exercise in library.exercises.values():
        assert exercise.phases
        assert len(exercise.cues) >= 2, exercise.id
        assert exercise.come_out, exercise.id
        assert exercise.evidence, exercise.id


def test_cues_name_limits_of_time_never_lengths(library: Library) -> None:
    # The planner sets how long a step lasts and the player spreads its cues over that time, so a
    # cue saying "for about a minute" could be shown for ten seconds; "at most" is a limit, and true.
    lengths = re.compile(r"\b(minutes?|seconds?)\b", re.IGNORECASE)
    naming_a_length = [
        (exercise.id, cue)
        for exercise in library.exercises.values()
        for cue in exercise.cues
        if lengths.search(cue) and "at most" not in cue and "at the most" not in cue
    ]
    assert naming_a_length == []


def test_paced_breathing_has_a_pattern_and_resonance_is_near_six_a_minute(library: Library) -> None:
    paced = [e for e in library.exercises.values() if e.kind == "breathing" and e.breath]
    assert {"diaphragmatic-breathing", "extended-exhale", "resonance-breathing"} <= {e.id for e in paced}
    resonance = library.exercise("resonance-breathing").breath
    assert resonance is not None
    assert 5.0 <= resonance.breaths_per_minute <= 7.0
    exhale = library.exercise("extended-exhale").breath
    assert exhale is not None
    assert exhale.exhale > exhale.inhale


def test_pressure_release_entries_warn_about_pain(library: Library) -> None:
    for exercise in library.exercises.values():
        if exercise.kind == "self-massage":
            assert any("pain" in c.lower() for c in exercise.cautions), exercise.id


def test_every_condition_explains_itself(library: Library) -> None:
    for condition in library.conditions.values():
        assert condition.reason, condition.id
        assert condition.advice, condition.id
        assert condition.primary_sources, condition.id
        for exclusion in condition.excludes:
            assert exclusion.reason, (condition.id, exclusion.exercise)


def test_the_careful_tremor_rules_hold(library: Library) -> None:
    conditions = library.conditions
    assert conditions["severe-ptsd"].tremor == "facilitator-only"
    assert (conditions["severe-ptsd"].tremor_cap_minutes or 99) <= 5
    assert conditions["complex-trauma"].tremor == "facilitator-only"
    assert (conditions["complex-trauma"].tremor_cap_minutes or 99) <= 2
    assert conditions["dissociation"].tremor != "self-practice"
    assert (conditions["dissociation"].tremor_cap_minutes or 0) <= 2
    assert conditions["psychosis"].tremor != "self-practice"
    assert "supine" in conditions["pregnancy"].avoid_positions


# --- broken content is reported with the file and the field --------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def _problems(content: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_library(content)
    return str(caught.value)


def test_it_names_a_missing_field_and_its_file(content_copy: Path) -> None:
    path = content_copy / "exercises" / "warrior-two.toml"
    path.write_text(path.read_text().replace("come_out", "comeout"))
    message = _problems(content_copy)
    assert "exercises/warrior-two.toml: come_out: Field required" in message
    assert "comeout: Extra inputs are not permitted" in message


def test_it_names_an_unknown_phase_and_lists_the_valid_ones(content_copy: Path) -> None:
    path = content_copy / "exercises" / "warrior-two.toml"
    text = path.read_text()
    start = text.index("phases")
    end = text.index("\n", start)
    path.write_text(text[:start] + 'phases = ["warm-up"]' + text[end:])
    message = _problems(content_copy)
    assert "exercises/warrior-two.toml: phases.0:" in message
    assert "'arrive'" in message
    assert "'warm-up'" in message


def test_it_reports_toml_syntax_errors(content_copy: Path) -> None:
    (content_copy / "exercises" / "broken.toml").write_text('id = "broken\n')
    assert "exercises/broken.toml: not valid TOML" in _problems(content_copy)


def test_it_requires_the_id_to_match_the_file_name(content_copy: Path) -> None:
    source = content_copy / "exercises" / "warrior-two.toml"
    shutil.copy(source, content_copy / "exercises" / "warrior-2.toml")
    assert "warrior-2.toml: id 'warrior-two' must equal the file name" in _problems(content_copy)


def test_it_rejects_a_duration_range_out_of_order(content_copy: Path) -> None:
    path = content_copy / "exercises" / "final-rest.toml"
    text = path.read_text()
    start = text.index("[duration]")
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    path.write_text(text[:start] + "[duration]\nmin = 300\ndefault = 100\nmax = 600" + text[end:])
    assert "final-rest.toml: duration: Value error, needs min <= default <= max" in _problems(content_copy)


def test_it_rejects_references_to_unknown_ids(content_copy: Path) -> None:
    path = content_copy / "conditions" / "hernia.toml"
    path.write_text(path.read_text() + '\n[[excludes]]\nexercise = "no-such-pose"\nreason = "Testing."\n')
    assert "conditions/hernia.toml: exercise 'no-such-pose' does not exist" in _problems(content_copy)


def test_it_requires_the_how_to_stop_entry(content_copy: Path) -> None:
    (content_copy / "exercises" / f"{HOW_TO_STOP}.toml").unlink()
    assert f"the entry '{HOW_TO_STOP}' is missing" in _problems(content_copy)


def test_it_refuses_an_avoided_position_kept_without_its_own_cues(content_copy: Path) -> None:
    path = content_copy / "conditions" / "pregnancy.toml"
    text = path.read_text()
    start = text.index('exercise = "final-rest"')
    cues, end = text.index("cues = [", start), text.index("\n[[", start)
    path.write_text(text[:cues] + text[end:])
    message = _problems(content_copy)
    assert (
        "conditions/pregnancy.toml: 'final-rest' is done lying on the back, which this condition avoids"
        in (message)
    )


def test_it_refuses_a_condition_without_a_primary_source(content_copy: Path) -> None:
    # A provider's page or a video may add to a safety rule; it cannot carry one alone.
    path = content_copy / "conditions" / "hernia.toml"
    text = path.read_text()
    start = text.index("primary_sources = [")
    path.write_text(text[:start] + text[text.index("]\n", start) + 2 :])
    assert "conditions/hernia.toml: primary_sources: Field required" in _problems(content_copy)


def test_it_refuses_a_changed_way_without_its_come_out(content_copy: Path) -> None:
    path = content_copy / "conditions" / "pregnancy.toml"
    text = path.read_text()
    start = text.index('exercise = "final-rest"')
    come_out = text.index("come_out = ", start)
    path.write_text(text[:come_out] + text[text.index("\n", come_out) + 1 :])
    assert "needs both its own cues and its own come_out" in _problems(content_copy)


def test_it_refuses_two_conditions_saying_a_safety_step_their_own_way(content_copy: Path) -> None:
    hip = (content_copy / "conditions" / "hip-replacement.toml").read_text()
    start = hip.index('[[modifies]]\nexercise = "how-to-stop-tremoring"')
    end = hip.index("[[modifies]]", start + 10)
    knee = content_copy / "conditions" / "knee-injury.toml"
    knee.write_text(knee.read_text() + "\n" + hip[start:end])
    assert "'how-to-stop-tremoring' is a safety step and hip-replacement, knee-injury" in _problems(
        content_copy
    )


def test_every_exercise_and_changed_position_has_a_plausible_figure(library: Library) -> None:
    # load_library refuses content otherwise; this says it where a reader looks for it.
    assert all(e.figure is not None for e in library.exercises.values())
    changed = [m for c in library.conditions.values() for m in c.modifies if m.cues]
    assert changed
    assert all(m.figure is not None for m in changed)


def test_it_refuses_an_implausible_pose(content_copy: Path) -> None:
    path = content_copy / "exercises" / "tre-wall-sit.toml"
    text = path.read_text()
    assert "hip = 65\nknee = 65" in text
    path.write_text(text.replace("hip = 65\nknee = 65", "hip = 65\nknee = 175"))
    message = _problems(content_copy)
    assert "exercises/tre-wall-sit.toml: figure: near knee at 175° is outside what it reaches" in message
    assert "feet: the near heel floats" in message


def test_it_refuses_a_figure_missing_or_a_changed_position_drawn_by_no_one(content_copy: Path) -> None:
    path = content_copy / "exercises" / "bird-dog.toml"
    text = path.read_text()
    path.write_text(text[: text.index("[figure]")])
    pregnancy = content_copy / "conditions" / "pregnancy.toml"
    text = pregnancy.read_text()
    start = text.index("[modifies.figure]", text.index('exercise = "final-rest"'))
    end = text.find("\n[[modifies]]", start)
    pregnancy.write_text(text[:start] + (text[end:] if end >= 0 else ""))
    message = _problems(content_copy)
    assert "exercises/bird-dog.toml: figure: missing; every exercise is shown as well as told" in message
    assert "conditions/pregnancy.toml: 'final-rest': a changed position needs its own figure" in message


def test_it_refuses_an_adjustment_that_replaces_what_the_cues_say_without_saying_it(
    content_copy: Path,
) -> None:
    path = content_copy / "conditions" / "heart-condition.toml"
    text = path.read_text()
    assert 'way = "calves-on-chair"\n' in text
    path.write_text(text.replace('way = "calves-on-chair"\n', ""))
    assert (
        "conditions/heart-condition.toml: 'legs-up-the-wall' is done another way ('Rest your calves on a "
        "chair seat instead of raising the legs up the wall" in _problems(content_copy)
    )


def test_it_refuses_a_way_the_exercise_does_not_have(content_copy: Path) -> None:
    path = content_copy / "conditions" / "heart-condition.toml"
    path.write_text(path.read_text().replace('way = "calves-on-chair"', 'way = "calves-on-sofa"'))
    assert (
        "conditions/heart-condition.toml: 'legs-up-the-wall' has no way 'calves-on-sofa'; "
        "its ways: calves-on-chair" in _problems(content_copy)
    )


@pytest.mark.parametrize(
    "exercise_id",
    [
        *("cat-cow", "pelvic-tilts", "tre-ankle-rolls", "tre-heel-raises", "tre-knee-bends"),
        *("breath-awareness", "diaphragmatic-breathing", "extended-exhale", "resonance-breathing"),
    ],
)
def test_moving_exercises_and_the_breathing_practices_move(library: Library, exercise_id: str) -> None:
    figure = library.exercise(exercise_id).figure
    assert figure is not None
    assert len(figure.frames) >= 2
    assert len(set(figure.frames)) == len(figure.frames)  # frames that differ, or nothing moves


def test_a_condition_says_why_in_its_own_words_before_an_exercise_list_says_that(library: Library) -> None:
    pregnancy = library.conditions["pregnancy"]
    boat = library.exercise("boat-pose")
    assert "pregnancy" in boat.contraindications
    own = next(x.reason for x in pregnancy.excludes if x.exercise == "boat-pose")
    assert library.exclusion_reason(boat, pregnancy) == own


def test_the_care_guide_loads_and_names_who_the_sources_name() -> None:
    guide = load_care()
    names = " ".join(h.name for h in guide.helpers).lower()
    for who in ("massage", "physiotherapist", "chiropractor", "myofascial", "trauma"):
        assert who in names
    assert {e.id for e in guide.everyday} >= {"long-sitting", "posture", "pelvis-and-digestion"}


def test_a_broken_care_guide_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "care.toml"
    broken.write_text('intro = "A guide."\n[[helpers]]\nid = "Bad Id"\nname = "x"\n')
    with pytest.raises(ContentError) as caught:
        load_care(broken)
    assert "care.toml: helpers.0.id" in str(caught.value)
