"""The dark theme, screen by screen: the theme someone practising late at night is likely to choose.

Each screen is photographed, so `shoot` also checks it with axe, contrast included, in this theme.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORTS, shoot
from tests.browser.journey import fill_intake, rate, start_today, until_shown


@pytest.fixture
def dark_page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A phone-width page of an app whose theme is set to dark in Settings."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], timezone_id="UTC")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = "phone"  # type: ignore[attr-defined]
    page.goto(f"{app_url}/settings")
    page.get_by_label("Dark").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_every_screen_of_a_grounded_session_in_the_dark_theme(dark_page: Page, app_url: str) -> None:
    page = dark_page
    page.clock.install()
    page.goto(app_url)
    shoot(page, "dark-home-new")
    fill_intake(page, app_url)
    shoot(page, "dark-intake-saved")
    page.goto(f"{app_url}/plan")
    expect(page.locator("#preview")).to_contain_text("How to stop the tremor")
    shoot(page, "dark-plan")

    session_id = start_today(page, app_url, speed=60)
    rate(page, "before-form", {"tension": 6, "pain": 3, "distress": 4, "breath": 5})
    shoot(page, "dark-player-before")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    shoot(page, "dark-player-step")
    page.keyboard.press("g")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground")
    shoot(page, "dark-player-grounding")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form", {"tension": 5, "pain": 2, "distress": 8, "breath": 4})
    shoot(page, "dark-player-after")
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()
    shoot(page, "dark-player-support")

    page.goto(app_url)
    expect(page.get_by_role("note")).to_contain_text("shorter and gentler")
    shoot(page, "dark-home-gentler")
    page.goto(f"{app_url}/history")
    expect(page.locator("table.history")).to_contain_text("stopped to ground")
    shoot(page, "dark-history")
    page.goto(f"{app_url}/history/{session_id}")
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    shoot(page, "dark-session-detail")
    page.goto(f"{app_url}/questionnaires")
    shoot(page, "dark-questionnaires")
    page.goto(f"{app_url}/report")
    shoot(page, "dark-report")
