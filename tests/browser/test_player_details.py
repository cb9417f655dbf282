"""Player details in the browser: the breath pacer, reduced motion, and TRE fatigue guidance."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CHROMIUM_FLAGS, shoot  # noqa: F401 - flags documented beside the browser
from tests.browser.journey import begin_planned, give_intake, until_shown


def open_breath_plan(page: Page, base: str, speed: float = 1) -> None:
    """A fixed plan whose arrive phase holds paced breathing (breath focus, seed 3)."""
    give_intake(base)
    begin_planned(page, base, {"minutes": 20, "focus": ["breath"], "seed": 3}, speed)


def skip_to_breathing(page: Page) -> None:
    for _ in range(10):
        if page.locator("#pacer-wrap").is_visible():
            return
        page.keyboard.press("ArrowRight")
        if page.locator("#screen-confirm-stop").is_visible():
            page.get_by_role("button", name="I know how to stop: continue").click()
        page.wait_for_timeout(50)
    raise AssertionError("no breathing step found")


@pytest.mark.widths
def test_breathing_steps_show_the_pacer_following_the_breath(page: Page, app_url: str) -> None:
    open_breath_plan(page, app_url)
    skip_to_breathing(page)
    expect(page.locator("#pacer")).to_have_text("Breathe in")
    duration = page.locator("#pacer").evaluate("e => e.style.transitionDuration")
    assert duration not in ("", "0s")
    shoot(page, "player-pacer")


def begin_an_hour_session(page: Page, base: str, speed: int = 400) -> None:
    """An hour-long session (all six TRE exercises), played `speed` times faster, on the page's
    clock (`until_shown`)."""
    page.clock.install()
    give_intake(base)
    request = {"minutes": 60, "focus": ["hips"], "props": ["pillow"]}  # as Home plans from the intake
    begin_planned(page, base, request, speed=speed)


def test_rating_the_same_exercise_again_does_not_shorten_the_next_twice(page: Page, app_url: str) -> None:
    # 40 times faster, not 400: the next TRE exercise must not run out (and ask about itself)
    # before the test has gone back to the one it rated. Skipped straight to the first of them.
    begin_an_hour_session(page, app_url, speed=40)
    current = "window.psoasPlayer.steps[window.psoasPlayer.index]"
    for _ in range(20):
        if page.evaluate(f"{current}.phase === 'fatigue' && {current}.step.kind === 'tre'"):
            break
        page.keyboard.press("ArrowRight")
    fatigue = page.get_by_role("heading", name="How tired are those muscles?")
    until_shown(page, fatigue)
    expect(fatigue).to_be_visible(timeout=30_000)
    page.locator("#fatigue-buttons button", has_text="9").click()
    once = page.evaluate("() => [...window.psoasPlayer.lengths]")
    page.keyboard.press("ArrowLeft")  # back to the exercise just rated; it runs out and asks again
    until_shown(page, fatigue)
    expect(fatigue).to_be_visible(timeout=30_000)
    page.locator("#fatigue-buttons button", has_text="9").click()
    assert page.evaluate("() => [...window.psoasPlayer.lengths]") == once


SCALE = "e => new DOMMatrix(getComputedStyle(e).transform).a"


def test_the_pacer_grows_on_the_first_breath_and_holds_still_while_paused(page: Page, app_url: str) -> None:
    open_breath_plan(page, app_url)
    skip_to_breathing(page)
    pacer = page.locator("#pacer")
    page.wait_for_timeout(300)
    growing = pacer.evaluate(SCALE)
    assert 0.55 < growing < 0.9, f"the first in-breath should be growing, not already full: {growing}"
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Resume")
    held = pacer.evaluate(SCALE)
    page.wait_for_timeout(700)
    assert abs(pacer.evaluate(SCALE) - held) < 0.01, "the circle moved while paused"
    page.keyboard.press(" ")
    page.wait_for_timeout(400)
    assert pacer.evaluate(SCALE) > held + 0.01, "after resuming the in-breath carries on growing"


@pytest.fixture
def calm_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    yield page
    context.close()


def test_reduced_motion_keeps_the_pacer_still(calm_page: Page, app_url: str) -> None:
    open_breath_plan(calm_page, app_url, speed=4)
    skip_to_breathing(calm_page)
    pacer = calm_page.locator("#pacer")
    expect(pacer).to_have_text("Breathe in")
    breathing_in = pacer.evaluate(SCALE)
    # Neither growing nor jumping in size: only the words change with the breath.
    expect(pacer).to_have_text("Breathe out", timeout=10_000)
    assert pacer.evaluate(SCALE) == breathing_in


@pytest.mark.widths
def test_a_high_fatigue_rating_eases_the_next_tre_exercise_and_pain_offers_a_gentler_way(
    page: Page, app_url: str
) -> None:
    begin_an_hour_session(page, app_url)
    fatigue = page.get_by_role("heading", name="How tired are those muscles?")
    until_shown(page, fatigue)
    expect(fatigue).to_be_visible(timeout=30_000)
    shoot(page, "player-fatigue")
    before = page.evaluate("() => [...window.psoasPlayer.lengths]")
    # The player holds still while the rating's effect is read: at 400 times, one tick of its
    # clock (40 s) could end the eased exercise before its index is read.
    page.clock.pause_at(page.evaluate("() => Date.now()"))
    page.locator("#fatigue-buttons button", has_text="9").click()
    index = page.evaluate("() => window.psoasPlayer.index")
    after = page.evaluate("() => [...window.psoasPlayer.lengths]")
    page.clock.resume()
    eased = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if b < a]
    assert eased, "a rating of 9 should shorten the next TRE exercise"
    assert min(eased) >= index
    notes = page.evaluate("() => window.psoasPlayer.notes")
    assert "You rated 9" in notes[min(eased)]

    until_shown(page, fatigue)
    expect(fatigue).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="It hurts").click()
    expect(page.locator("#pain-options")).to_be_visible()
    expect(page.get_by_role("button", name="Continue more gently")).to_be_focused()
    expect(page.locator("#stop-ground")).to_be_visible()
    focused = page.get_by_role("button", name="Continue more gently").bounding_box()
    bar = page.locator("#ground-bar").bounding_box()
    assert focused is not None
    assert bar is not None
    assert focused["y"] + focused["height"] <= bar["y"], "the focused button is hidden under Stop & ground"
    shoot(page, "player-pain")


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    """320 CSS pixels: a small phone, or a 1280-pixel screen zoomed to 400% (WCAG's reflow width)."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, reduced_motion="no-preference")
    page = context.new_page()
    page.viewport_name = "narrow"  # type: ignore[attr-defined]
    yield page
    context.close()


def test_the_fatigue_scale_fits_a_320_pixel_screen(narrow_page: Page, app_url: str) -> None:
    begin_an_hour_session(narrow_page, app_url)
    fatigue = narrow_page.get_by_role("heading", name="How tired are those muscles?")
    until_shown(narrow_page, fatigue)
    expect(fatigue).to_be_visible(timeout=30_000)
    card = narrow_page.locator("#screen-fatigue").bounding_box()
    assert card is not None
    for button in narrow_page.locator("#fatigue-buttons button").all():
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= card["x"], f"fatigue {button.text_content()} sticks out left: {box} in {card}"
        right, card_right = box["x"] + box["width"], card["x"] + card["width"]
        assert right <= card_right, f"fatigue {button.text_content()} sticks out right: {box} in {card}"
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth"), f"{button.text_content()} is cut"
    shoot(narrow_page, "player-fatigue")


LAYOUTS = [(320, 568), (390, 844), (768, 1024), (1280, 800), (1920, 1080)]


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_back_pause_and_next_never_sit_under_stop_and_ground(browser: Browser, app_url: str) -> None:
    give_intake(app_url)
    for width, height in LAYOUTS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        begin_planned(page, app_url, {"minutes": 20, "focus": ["breath"], "seed": 3})
        check_controls_clear_of_the_bar(page, f"{width}x{height}, first step")
        skip_to_breathing(page)  # the pacer makes the step its tallest
        check_controls_clear_of_the_bar(page, f"{width}x{height}, pacer")
        context.close()


def check_controls_clear_of_the_bar(page: Page, where: str) -> None:
    """At the top, at the bottom, and scrolled just into view: none of the three under the bar."""
    for place in ("top", "bottom", "scrolled to"):
        if place == "scrolled to":  # only just into view from below, as tabbing down brings it
            page.evaluate("window.scrollTo(0, 0)")
            page.locator("#skip").evaluate("button => button.scrollIntoView({ block: 'end' })")
        else:
            page.evaluate("y => window.scrollTo(0, y)", 0 if place == "top" else 10**6)
        bar = page.locator("#ground-bar").bounding_box()
        assert bar is not None
        for name in ("Back", "Pause", "Next"):
            box = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert box is not None
            assert not _overlap(box, bar), f"{name} is under Stop & ground at {where}, {place}"
