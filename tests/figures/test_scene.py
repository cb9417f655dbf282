"""The plausibility check: a pose a body cannot take is refused, with what is wrong and where."""

import math

import pytest

from psoas.figures.body import FOOT, FOREARM, HEEL, SHIN, THIGH, UPPER_ARM, Figure, Frame, skeleton
from psoas.figures.scene import figure_problems, place, read_rest
from psoas.practice.library import default_library

STANDING = {"shoulder": 10, "elbow": 10, "rests": ["feet"]}


def problems(view: str = "side", **pose: object) -> list[str]:
    return figure_problems(Figure.model_validate({"view": view, "frames": [pose]}))


def test_a_person_standing_on_their_feet_is_plausible() -> None:
    assert problems(**STANDING) == []


def test_a_joint_past_its_range_is_named_with_the_range() -> None:
    found = problems(**{**STANDING, "knee": [170, 0]})
    assert "near knee at 170° is outside what it reaches (-5° to 160°)" in found


def test_a_part_said_to_rest_on_the_floor_may_not_float() -> None:
    found = problems(**{**STANDING, "rests": ["feet", "hands"]})
    assert any("hands: the near hand floats" in p and "above the floor" in p for p in found), found


def test_no_part_passes_through_the_floor() -> None:
    # Lying on the back with the legs pressed down past straight: the heels go under the floor.
    found = problems(trunk=-90, hip=-30, rests=["back"])
    assert any("passes" in p and "through the floor" in p for p in found), found


def test_no_part_sinks_into_or_passes_through_a_prop() -> None:
    # Sitting with straight legs and a heel "on" a block: the leg would have to go through it.
    found = problems(hip=90, shoulder=40, rests=["pelvis", "near-heel on block"])
    assert any("sinks" in p and "into the block" in p for p in found), found
    assert any("passes through the block" in p for p in found), found


def test_a_part_against_the_wall_must_reach_it() -> None:
    assert problems(hip=60, knee=60, rests=["feet", "back on wall"]) == []
    leaning = problems(trunk=25, hip=85, knee=60, rests=["feet", "back on wall"])
    assert any("away from the wall" in p for p in leaning), leaning


def test_lying_on_the_back_means_the_back_is_down() -> None:
    assert problems(trunk=-90, rests=["back"]) == []
    assert "back: rests on the floor but faces away from it" in problems(trunk=90, rests=["back"])


def test_the_first_rest_carries_the_body() -> None:
    assert "the first rest carries the body; a wall cannot" in problems(rests=["back on wall", "feet"])


@pytest.mark.parametrize(
    ("rest", "message"),
    [
        ("tail", "'tail' is not a part of the body"),
        ("feet on cloud", "'cloud' is not something to rest on"),
    ],
)
def test_an_unknown_part_or_support_is_named(rest: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_rest(rest)
    assert any(message in p for p in problems(rests=[rest]))


def test_every_frame_in_the_library_keeps_the_bodys_lengths() -> None:
    """Angles, not positions, are the data: no frame can stretch a limb, and this holds it."""
    figures = [e.figure for e in default_library().exercises.values() if e.figure]
    figures += [m.figure for c in default_library().conditions.values() for m in c.modifies if m.figure]
    figures += [w.figure for e in default_library().exercises.values() for w in e.ways]
    lengths = {("hip", "knee"): THIGH, ("knee", "ankle"): SHIN, ("ankle", "heel"): HEEL}
    lengths |= {("heel", "toe"): FOOT, ("shoulder", "elbow"): UPPER_ARM, ("elbow", "hand"): FOREARM}
    for figure in figures:
        for frame in figure.frames:
            joints = place(frame, figure.view).joints
            for limb in ("near", "far"):
                for (start, end), length in lengths.items():
                    measured = math.dist(joints[f"{limb}-{start}"], joints[f"{limb}-{end}"])
                    assert measured == pytest.approx(length, abs=1e-6)


def test_one_number_means_both_limbs() -> None:
    frame = Frame.model_validate({"knee": 40, "rests": ["feet"]})
    assert frame.knee == (40, 40)
    joints = skeleton(frame, "side").joints
    assert joints["near-ankle"] == joints["far-ankle"]


def test_a_wedge_of_pillows_takes_the_shape_of_the_back_on_it_but_no_steeper_than_sixty_degrees() -> None:
    half_sitting = {"trunk": -50, "hip": 80, "knee": 90, "ankle": 30, "shoulder": 10}
    assert problems(**half_sitting, rests=["pelvis", "back on wedge", "feet"]) == []
    upright = problems(trunk=-20, hip=80, knee=90, ankle=30, rests=["pelvis", "back on wedge"])
    assert any("a wedge of" in p and "is steeper than 60°" in p for p in upright), upright
    assert "near-hand: a wedge needs a part that lies along it, not a point" in problems(
        rests=["feet", "near-hand on wedge"]
    )


def test_from_overhead_the_knees_fall_open_as_in_the_front_view() -> None:
    butterfly = {"hip": 55, "knee": 120, "rests": ["back", "feet"]}
    assert problems("overhead", **butterfly) == []
    joints = place(Frame.model_validate(butterfly), "overhead").joints
    assert joints["near-knee"].x > 30 > -30 > joints["far-knee"].x  # one knee to each side
    assert abs(joints["near-ankle"].x - joints["far-ankle"].x) < 20  # soles together in the middle
    assert problems("overhead", hip=100, rests=["back"])[0].startswith("near hip at 100°")
