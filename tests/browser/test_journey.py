"""The whole journey in a browser: intake, plan, play through every phase, check-ins, history."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import fill_intake, play_through, rate


@pytest.mark.widths
def test_a_first_session_from_intake_to_history(page: Page, app_url: str) -> None:
    page.clock.install()
    page.goto(app_url)
    expect(page.get_by_role("heading", name="First, a few questions")).to_be_visible()
    shoot(page, "home-new")

    fill_intake(page, app_url)
    shoot(page, "intake-saved")

    page.goto(f"{app_url}/plan")
    page.get_by_label("Minutes").select_option("15")
    expect(page.locator("#preview-title")).to_have_text("15-minute session")
    seed = page.locator('#preview input[name="seed"]').get_attribute("value")
    page.get_by_role("button", name="Reshuffle").click()
    expect(page.locator('#preview input[name="seed"]')).not_to_have_value(seed or "")
    seed = page.locator('#preview input[name="seed"]').get_attribute("value")
    page.keyboard.press("Enter")  # Reshuffle keeps focus: Enter reshuffles again, in place
    expect(page.locator('#preview input[name="seed"]')).not_to_have_value(seed or "")
    expect(page.get_by_role("button", name="Reshuffle")).to_be_focused()
    assert page.url.endswith("/plan")
    expect(page.locator("#preview")).to_contain_text("How to stop the tremor")
    # Start comes before the steps: on a phone it is reached without scrolling through the plan.
    start = page.get_by_role("button", name="Start this session").bounding_box()
    first_phase = page.locator("#preview .phase").first.bounding_box()
    assert start is not None
    assert first_phase is not None
    assert start["y"] + start["height"] <= first_phase["y"]
    shoot(page, "plan")
    page.get_by_role("button", name="Start this session").click()
    page.wait_for_url("**/play/*")
    session_id = int(page.url.rsplit("/", 1)[1])
    page.goto(f"{app_url}/play/{session_id}?speed=150")

    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    rate(page, "before-form", {"tension": 6, "pain": 3, "distress": 4, "breath": 5})
    shoot(page, "player-before")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the check-in is wider than the screen: {widths}"
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#stop-ground")).to_be_visible()
    expect(page.locator("#arc li.current")).to_have_text("arrive")
    shoot(page, "player-step")

    seen = play_through(page, photograph=True)
    assert "confirm-stop" in seen
    phases_in_order = [s for s in seen if s]
    assert phases_in_order.index("confirm-stop") < len(phases_in_order) - 1

    rate(page, "after-form", {"tension": 2, "pain": 1, "distress": 1, "breath": 8})
    page.get_by_label("Yes").check()
    shoot(page, "player-after")
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    page.locator("#preference-list button", has_text="More like this").first.click()
    expect(page.locator("#sync-status")).to_have_text("Everything is saved.")
    shoot(page, "player-preferences")

    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["completed"] is True
    assert stored["grounded"] is False
    assert stored["checkins"]["before"]["tension"] == 6
    assert stored["checkins"]["after"]["breath"] == 8
    assert stored["checkins"]["after"]["emotions_came_up"] is True

    page.goto(f"{app_url}/history")
    expect(page.locator("table.history")).to_contain_text("completed")
    expect(page.locator("svg.chart").first).to_be_visible()
    shoot(page, "history")
    page.locator("table.history a").first.click()
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    shoot(page, "session-detail")
