"""What keeps a person safe reaches them in the player: a condition's adjustment shown above the
cues and spoken before them, cues that do the step the adjusted way, the exercise's cautions behind
"Safety", and how to come out said as the step ends."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from psoas.practice.library import default_library
from tests.browser.conftest import shoot
from tests.browser.journey import begin_planned, give_intake
from tests.browser.test_player_keys_and_voice import FAKE_VOICE

CURRENT = "window.psoasPlayer.steps[window.psoasPlayer.index].step"


def open_pregnancy_plan(page: Page, base: str, speed: int) -> None:
    """A 20-minute plan for someone pregnant (no facilitator, so no tremor), begun at `speed`."""
    page.add_init_script(FAKE_VOICE)
    give_intake(base, conditions=("pregnancy",))
    request = {"minutes": 20, "conditions": ["pregnancy"], "props": ["pillow"], "focus": ["hips"], "seed": 5}
    begin_planned(page, base, request, speed)


def skip_to(page: Page, exercise: str | None = None, side: str | None = None) -> dict[str, object]:
    """Press Next until the step on show is this exercise, or this side of any exercise."""
    for _ in range(40):
        step: dict[str, object] = page.evaluate(CURRENT)
        if (exercise is None or step["exercise"] == exercise) and (side is None or step["side"] == side):
            return step
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"never reached {exercise or 'an exercise'} {side or ''}".strip())


@pytest.mark.widths
def test_an_adjusted_step_shows_and_says_the_adjustment_before_its_cues(page: Page, app_url: str) -> None:
    open_pregnancy_plan(page, app_url, speed=4)  # the player speaks at up to 4 times the pace
    step = skip_to(page, "final-rest")
    adjustment = page.locator("#step-adjust")
    expect(adjustment).to_be_visible()
    expect(adjustment).to_contain_text("Pregnancy: Rest on your left side")
    expect(page.locator("#cue")).to_contain_text("Lie down on your left side")
    # The figure is the changed position's own: on the side, not on the back.
    expect(page.locator("#step-figure svg")).to_have_attribute(
        "aria-label", re.compile(r"^Figure of Final rest, seen from above: resting on side")
    )
    # A wide figure (lying down) goes under the countdown, and the cue still starts above the controls.
    cue, controls = page.locator("#cue").bounding_box(), page.locator(".controls").bounding_box()
    assert cue is not None
    assert controls is not None
    assert cue["y"] + 30 <= controls["y"]
    # Spoken in order: the step's name, the adjustment, then its first cue; never "on your back".
    spoken = page.evaluate("() => window.spoken")
    arrived = len(spoken) - 1 - spoken[::-1].index("Final rest")
    assert spoken[arrived + 1].startswith("Pregnancy: Rest on your left side")
    assert spoken[arrived + 2] == step["cues"][0]  # type: ignore[index]
    assert not [said for said in spoken if "on your back" in said and not said.startswith("Pregnancy")]
    # The exercise's cautions are one tap away.
    safety = page.locator("#step-safety")
    expect(safety).to_be_visible()
    safety.locator("summary").click()
    expect(page.locator("#step-cautions")).to_contain_text("Stillness can bring up strong feelings")
    shoot(page, "player-adjusted-step")


@pytest.mark.widths
def test_as_a_step_ends_it_shows_how_to_come_out_before_the_next_begins(page: Page, app_url: str) -> None:
    open_pregnancy_plan(page, app_url, speed=1)
    step = skip_to(page, "final-rest")
    come_out = str(step["come_out"])
    # Eight seconds before the step ends, in real time: long enough to look, however busy the
    # machine (at 60 times the pace the last 20 s lasted a third of a second, and once ran out).
    page.evaluate("p => { p.elapsed = p.lengths[p.index] - 8; }", page.evaluate_handle("window.psoasPlayer"))
    expect(page.locator("#cue")).to_contain_text("Coming out", timeout=5_000)
    expect(page.locator("#cue")).to_contain_text(come_out)
    assert page.evaluate(CURRENT)["exercise"] == "final-rest"
    expect(page.locator("#announce")).to_contain_text(f"Coming out: {come_out}")
    # Said to screen readers, never drawn: a long announcement once spilled over the phase bar.
    box = page.locator("#announce").bounding_box()
    assert box is not None
    assert box["width"] <= 1
    assert box["height"] <= 1
    shoot(page, "player-coming-out")


def test_how_to_come_out_is_spoken_and_said_again_after_a_pause(page: Page, app_url: str) -> None:
    open_pregnancy_plan(page, app_url, speed=4)
    step = skip_to(page, "final-rest")
    come_out = str(step["come_out"])
    # Forward to a second before the step's last stretch, rather than wait through it at 4 times.
    player = "window.psoasPlayer"
    page.evaluate(
        f"(L => {{ {player}.elapsed = L - Math.min(20, L / 4) - 1; }})({player}.lengths[{player}.index])"
    )
    expect(page.locator("#cue")).to_contain_text("Coming out", timeout=30_000)
    assert page.evaluate("() => window.spoken")[-1] == come_out
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Resume")
    page.keyboard.press(" ")
    assert page.evaluate("() => window.spoken")[-2:] == ["<hush>", come_out]


def test_without_conditions_there_is_no_adjustment_and_safety_holds_the_steps_own_cautions(
    page: Page, app_url: str
) -> None:
    give_intake(app_url)
    begin_planned(page, app_url, {"minutes": 20, "seed": 5})
    for number in range(1, 4):
        expect(page.locator("#step-position")).to_contain_text(f"step {number} of")
        expect(page.locator("#step-adjust")).to_be_hidden()
        cautions = default_library().exercise(page.evaluate(f"{CURRENT}.exercise")).cautions
        if cautions:
            expect(page.locator("#step-cautions li")).to_have_text(list(cautions))
        else:
            expect(page.locator("#step-safety")).to_be_hidden()
        page.keyboard.press("ArrowRight")


def test_the_phase_bar_holds_the_plans_own_phases_and_the_session_time_left_shows(
    page: Page, app_url: str
) -> None:
    open_pregnancy_plan(page, app_url, speed=1)  # no facilitator: the plan holds no tremor
    phases = page.evaluate("[...new Set(window.psoasPlayer.steps.map((entry) => entry.phase))]")
    assert "tremor" not in phases
    expect(page.locator("#arc li")).to_have_text(phases)
    total = sum(page.evaluate("[...window.psoasPlayer.lengths]"))
    expect(page.locator("#session-left")).to_contain_text("left in the session")
    minutes, seconds = page.locator("#session-left").inner_text().split(" ")[0].split(":")
    assert total - 5 <= int(minutes) * 60 + int(seconds) <= total


def test_key_hints_are_not_shown_on_a_touch_screen(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    give_intake(app_url)
    begin_planned(page, app_url, {"minutes": 20, "seed": 5})
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    expect(page.locator(".key-hints")).to_be_hidden()
    context.close()


@pytest.mark.widths
def test_each_step_shows_its_figure_large_with_the_side_named(page: Page, app_url: str) -> None:
    give_intake(app_url)
    begin_planned(page, app_url, {"minutes": 30, "seed": 2}, speed=1)
    figure = page.locator("#step-figure")
    expect(figure.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"^Figure of "))
    step = skip_to(page, side="left")
    expect(figure.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(rf"^Figure of {re.escape(str(step['name']))}, left side")
    )
    expect(page.locator("#step-figure-side")).to_have_text("Your left side")
    box = figure.locator("svg").bounding_box()
    assert box is not None
    assert max(box["width"], box["height"]) >= 160  # large beside the countdown, even on a phone
    # and the cue is still on the first screen, above the controls.
    cue, controls = page.locator("#cue").bounding_box(), page.locator(".controls").bounding_box()
    assert cue is not None
    assert controls is not None
    assert cue["y"] + cue["height"] <= controls["y"]
    shoot(page, "player-figure")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-figure-side")).to_have_text("Your right side")
    expect(figure.locator("svg > g[transform='scale(-1 1)']")).to_have_count(1)
