"""Live motion capture in the player: a recorded tremor trace is replayed into the page as the
phone's motion events during the tremor phase; the calm indicator moves, and the recording is
uploaded at the end and analysed on the server."""

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORTS, shoot
from tests.browser.journey import CALM, give_intake, rate, start_today
from tests.signals.recordings import tremor_recording

REPLAY = """
(trace) => {
  for (const [x, y, z] of trace) {
    window.dispatchEvent(new DeviceMotionEvent("devicemotion", {
      accelerationIncludingGravity: { x, y, z }, interval: 10,
    }));
  }
}
"""


def skip_to_the_tremor(page: Page) -> None:
    """Press Next, answering fatigue and the how-to-stop confirmation, until a tremor step plays."""
    for _ in range(60):
        if page.locator("#screen-confirm-stop").is_visible():
            page.get_by_role("button", name="I know how to stop: continue").click()
        elif page.locator("#screen-fatigue").is_visible():
            page.locator("#fatigue-buttons button", has_text="7").first.click()
        elif page.evaluate("window.psoasPlayer.steps[window.psoasPlayer.index].phase") == "tremor":
            return
        else:
            page.get_by_role("button", name="Next").click()
    raise AssertionError("never reached the tremor phase")


@pytest.fixture
def touch_page(browser: Browser, viewport: str) -> Iterator[Page]:
    """A touch screen (a phone, or a tablet at desktop width): where the motion sensor is offered."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], has_touch=True, timezone_id="UTC")
    page = context.new_page()
    page.viewport_name = viewport  # type: ignore[attr-defined]
    yield page
    context.close()


def test_a_laptop_is_not_offered_a_phones_motion_sensor(page: Page, app_url: str) -> None:
    give_intake(app_url)
    start_today(page, app_url, speed=1)
    expect(page.get_by_role("button", name="Begin the session")).to_be_visible()
    expect(page.get_by_label("Measure the tremor with this phone's motion sensor (optional)")).to_be_hidden()


@pytest.mark.widths
def test_a_replayed_tremor_is_recorded_uploaded_and_analysed(touch_page: Page, app_url: str) -> None:
    page = touch_page
    give_intake(app_url)
    start_today(page, app_url, speed=1)
    page.get_by_label("Measure the tremor with this phone's motion sensor (optional)").check()
    rate(page, "before-form", CALM)
    page.get_by_role("button", name="Begin the session").click()
    skip_to_the_tremor(page)
    expect(page.locator(".motion")).to_be_visible()
    trace = tremor_recording([(10, 50, 6.0, 0.6)], seconds=60, fs=100).round(4).tolist()
    page.evaluate(REPLAY, trace[:2000])
    expect(page.locator("#motion-label")).to_contain_text("tremor")
    shoot(page, "player-motion")
    page.evaluate(REPLAY, trace[2000:])
    page.get_by_role("button", name="Stop & ground").click()
    expect(page.locator(".motion")).to_be_hidden()
    for _ in range(20):
        if page.locator("#screen-after").is_visible():
            break
        page.get_by_role("button", name="Next").click()
    rate(page, "after-form", CALM)
    page.get_by_role("button", name="Save how I feel").click()
    page.get_by_role("button", name="Continue").click()
    link = page.get_by_role("link", name="See the tremor this phone measured")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Tremor", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("in 1 episode, mostly at 6.0 Hz")
    recording_id = page.url.rsplit("/", 1)[1]
    data = json.loads(page.evaluate(f"fetch('/api/recordings/{recording_id}').then(r => r.text())"))
    assert data["fs"] == 100.0
    assert data["duration_s"] == 60.0
    assert data["episodes"][0]["start_s"] == pytest.approx(10, abs=1.0)
