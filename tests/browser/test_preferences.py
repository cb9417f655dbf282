"""Marking exercises after a session: "more like this" and "not for me", as a person sees them."""

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import fill_intake, play_through, start_today


def _background(button: Locator) -> str:
    return str(button.evaluate("e => getComputedStyle(e).backgroundColor"))


def test_a_mark_shows_on_the_button_chosen(page: Page, app_url: str) -> None:
    fill_intake(page, app_url)
    start_today(page, app_url, speed=400)
    page.get_by_role("button", name="Begin the session").click()
    play_through(page)
    page.get_by_role("button", name="Save how I feel").click()
    first = page.locator("#preference-list li").first
    more = first.get_by_role("button", name="More like this")
    less = first.get_by_role("button", name="Not for me")
    unmarked = _background(more)

    more.click()
    expect(more).to_have_attribute("aria-pressed", "true")
    assert _background(more) != unmarked, "a chosen 'More like this' looks the same as one not chosen"
    assert _background(less) == unmarked
    shoot(page, "player-preferences-marked")

    less.click()
    assert _background(less) != unmarked
    assert _background(more) == unmarked, "the earlier choice still looks chosen"
