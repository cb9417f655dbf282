"""A reload in the middle of a session (a pull-to-refresh, or a phone that dropped the tab while it
was locked) picks up where the person was, paused, instead of starting over."""

import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake, rate, start_today


@pytest.mark.widths
def test_a_reload_mid_session_picks_up_at_the_same_step_paused(page: Page, app_url: str) -> None:
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=1)
    rate(page, "before-form", {"distress": 3})
    page.get_by_role("button", name="Begin the session").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 3 of")
    name = page.locator("#step-name").text_content()
    page.reload()
    expect(page.locator("#step-position")).to_contain_text("step 3 of")
    expect(page.locator("#step-name")).to_have_text(name or "")
    expect(page.locator("#screen-before")).to_be_hidden()
    expect(page.locator("#pause")).to_have_text("Resume")
    expect(page.locator("#countdown")).to_contain_text("paused")
    expect(page.locator("#step-name")).to_be_focused()
    expect(page.locator("#announce")).to_contain_text("Paused")
    shoot(page, "player-reloaded")
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Pause")
    expect(page.locator("#countdown")).not_to_contain_text("paused")
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["checkins"]["before"]["distress"] == 3


def test_a_reload_while_grounding_keeps_grounding(page: Page, app_url: str) -> None:
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=1)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("g")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 2 of 4")
    # The server hears of the Stop & ground at once; grounding still goes on after a reload.
    deadline = time.monotonic() + 10
    while not httpx.get(f"{app_url}/api/sessions/{session_id}").json()["grounded"]:
        assert time.monotonic() < deadline, "the server never heard of the Stop & ground"
        page.wait_for_timeout(100)
    page.reload()
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 2 of 4")
    expect(page.locator("#stop-ground")).to_be_hidden()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    rate(page, "after-form", {"distress": 2})
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert (stored["grounded"], stored["completed"], stored["stopped_at_step"]) == (True, False, 1)


def test_a_second_tab_on_the_same_session_is_told_its_answers_were_not_kept(page: Page, app_url: str) -> None:
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=1)
    rate(page, "before-form", {"distress": 3})
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    # A second tab starts on its own and asks the before check-in again; the server keeps the first.
    second = page.context.new_page()
    second.goto(page.url)
    rate(second, "before-form", {"distress": 6})
    second.get_by_role("button", name="Begin the session").click()
    expect(second.locator("#sync-status")).to_contain_text(
        "already has a 'before' check-in, with other answers"
    )
    expect(second.locator("#sync-status")).not_to_contain_text("Everything is saved")
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["checkins"]["before"]["distress"] == 3
    second.close()
