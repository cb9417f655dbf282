"""The player's keys keep working whatever was clicked last, and its voice speaks in order or says
plainly that there is none."""

from playwright.sync_api import Page, expect

from tests.browser.journey import give_intake, rate, start_today

# Chromium here has no voices: a stand-in speechSynthesis records what would be spoken, in order.
FAKE_VOICE = """
window.spoken = [];
const synthesis = window.speechSynthesis;
synthesis.getVoices = () => [{ name: "test voice", lang: "en" }];
synthesis.speak = (utterance) => window.spoken.push(utterance.text);
synthesis.cancel = () => window.spoken.push("<hush>");
"""


def begin(page: Page, base: str) -> None:
    give_intake(base)
    start_today(page, base, speed=1)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")


def test_keys_still_steer_after_a_click_on_next_and_after_stop_and_ground(page: Page, app_url: str) -> None:
    begin(page, app_url)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-position")).to_contain_text("step 2 of")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 3 of")
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Resume")
    expect(page.locator("#step-position")).to_contain_text("step 3 of")
    page.keyboard.press(" ")
    page.get_by_role("button", name="Stop & ground").click()
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 1 of 4")
    expect(page.locator("#stop-ground")).to_be_hidden()  # already grounding: nothing left to stop
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Resume")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 2 of 4")


def test_holding_an_arrow_down_moves_one_step(page: Page, app_url: str) -> None:
    # A key held down repeats; steps skipped unheard could include the practice of stopping.
    begin(page, app_url)
    for _ in range(4):
        page.keyboard.down("ArrowRight")  # after the first, the browser marks each one a repeat
    page.keyboard.up("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 2 of")


def test_g_starts_the_grounding_on_the_gentle_screen_too(page: Page, app_url: str) -> None:
    give_intake(app_url)
    start_today(page, app_url, speed=1)
    rate(page, "before-form", {"distress": 9})
    page.get_by_role("button", name="Begin the session").click()
    expect(page.get_by_role("heading", name="Let's go gently today")).to_be_visible()
    page.keyboard.press("g")
    expect(page.locator("#step-position")).to_contain_text("step 1 of 4")
    expect(page.locator("#screen-high-distress")).to_be_hidden()


def begin_with_a_voice(page: Page, base: str) -> None:
    """Open today's session with the stand-in voice (spoken cues are on unless Settings turn them
    off); not begun."""
    page.add_init_script(FAKE_VOICE)
    give_intake(base)
    start_today(page, base, speed=1)


def test_a_step_is_named_before_its_cue_and_skipping_silences_the_last(page: Page, app_url: str) -> None:
    begin_with_a_voice(page, app_url)
    expect(page.get_by_label("Spoken cues")).to_be_enabled()
    expect(page.locator("#voice-missing")).to_be_hidden()
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 2 of")
    steps = page.evaluate("() => window.psoasPlayer.steps.slice(0, 2).map(({ step }) => step)")
    spoken = page.evaluate("() => window.spoken")
    first, second = ([s["name"], s["cues"][0]] for s in steps)
    assert spoken == ["<hush>", *first, "<hush>", *second]


def test_resuming_says_again_the_cue_that_pausing_silenced(page: Page, app_url: str) -> None:
    begin_with_a_voice(page, app_url)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Resume")
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Pause")
    step = page.evaluate("() => window.psoasPlayer.steps[0].step")
    cue = step["cues"][0]
    # Pausing cuts the cue off mid-sentence; someone following by ear hears it whole on resuming.
    assert page.evaluate("() => window.spoken") == ["<hush>", step["name"], cue, "<hush>", cue]


def test_without_a_voice_the_player_says_so_and_offers_no_switch(page: Page, app_url: str) -> None:
    begin(page, app_url)
    expect(page.locator("#voice-missing")).to_be_visible()
    expect(page.locator("#voice-missing")).to_contain_text("the cues are shown, not spoken")
    expect(page.get_by_label("Spoken cues")).to_be_disabled()
