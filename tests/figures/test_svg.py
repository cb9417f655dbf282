"""The renderer: valid SVG with alt text, the right side mirrored, movement that can be stilled."""

import xml.etree.ElementTree as ET

from psoas.figures.body import Figure
from psoas.figures.svg import render
from psoas.practice.drawing import describe, figure_svg, step_figure
from psoas.practice.library import default_library

NS = "{http://www.w3.org/2000/svg}"


def test_a_standalone_figure_is_well_formed_svg_with_its_alt_text() -> None:
    figure = Figure.model_validate({"frames": [{"rests": ["feet"]}]})
    root = ET.fromstring(render(figure, label='Standing "tall" & easy', standalone=True))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == 'Standing "tall" & easy'
    assert root.find(f"{NS}title").text == 'Standing "tall" & easy'  # type: ignore[union-attr]
    assert "prefers-color-scheme: dark" in render(figure, label="x", standalone=True)
    assert "prefers-color-scheme" not in render(figure, label="x")  # in a page, the app's theme rules


def test_the_right_side_is_the_mirror_of_the_left() -> None:
    library = default_library()
    per_side = next(e for e in library.exercises.values() if e.per_side and e.figure)
    left = figure_svg(library, per_side.id, side="left")
    right = figure_svg(library, per_side.id, side="right")
    assert left is not None
    assert right is not None
    assert 'transform="scale(-1 1)"' in right
    assert "scale(-1 1)" not in left
    assert "left side" in left
    assert "right side" in right
    # The same drawing inside the mirror.
    left_art = left.split("</style>", 1)[1]
    right_art = right.split("</style>", 1)[1].replace('<g transform="scale(-1 1)">', "", 1)
    assert right_art == left_art[: -len("</svg>")] + "</g></svg>"


def test_frames_take_turns_and_hold_still_without_motion() -> None:
    two = Figure.model_validate({"frames": [{"rests": ["feet"]}, {"knee": 30, "hip": 30, "rests": ["feet"]}]})
    drawn = render(two, label="x")
    assert drawn.count('class="pf-frame') == 2
    assert "--pf-name: pf-cycle-2; animation-delay: 0s" in drawn
    assert "--pf-name: pf-cycle-2; animation-delay: -2.5s" in drawn
    # Animation runs only for people who have not asked for less motion; without it, frame 1 alone.
    assert "@media (prefers-reduced-motion: no-preference)" in drawn
    assert ".pf-frame:not(.pf-still) { opacity: 0; }" in drawn
    assert drawn.index('class="pf-frame pf-still"') < drawn.index('class="pf-frame"')  # frame 1 is still
    later = render(two.model_copy(update={"still": 2}), label="x")
    assert later.index('class="pf-frame"') < later.index('class="pf-frame pf-still"')


def test_a_changed_position_is_drawn_its_own_way() -> None:
    library = default_library()
    pregnancy = library.conditions["pregnancy"]
    change = next(m for m in pregnancy.modifies if m.exercise == "final-rest")
    assert change.figure is not None
    assert step_figure(library, "final-rest", change.cues) == change.figure
    assert (
        step_figure(library, "final-rest", library.exercise("final-rest").cues)
        == library.exercise("final-rest").figure
    )


def test_the_alt_text_says_what_the_figure_rests_on() -> None:
    figure = Figure.model_validate(
        {"frames": [{"hip": 60, "knee": 60, "rests": ["feet", "back on wall"]}], "items": ["strap"]}
    )
    assert describe("Wall sit", figure, None) == (
        "Figure of Wall sit: resting on feet, back against the wall; with strap."
    )
    assert "near" not in describe(
        "Lunge", Figure.model_validate({"frames": [{"rests": ["near-foot"]}]}), "right"
    )


def test_from_above_the_alt_text_names_the_top_and_lower_limbs() -> None:
    library = default_library()
    change = next(m for m in library.conditions["pregnancy"].modifies if m.exercise == "final-rest")
    assert change.figure is not None
    label = describe("Final rest", change.figure, None)
    assert "left knee" not in label
    assert "right knee" not in label


def test_a_standalone_file_brings_its_own_background_for_dark_mode() -> None:
    figure = Figure.model_validate({"frames": [{"rests": ["feet"]}]})
    drawn = render(figure, label="x", standalone=True)
    assert '<rect style="fill: var(--figure-bg)"' in drawn
    assert "--figure-bg: #121a1d" in drawn
