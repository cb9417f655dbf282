"""Marking exercises after a session: "more like this" and "not for me", as a person sees them."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake, play_through, rate, start_today, until_shown


def _background(button: Locator) -> str:
    return str(button.evaluate("e => getComputedStyle(e).backgroundColor"))


def _marked_exercises(page: Page) -> list[str]:
    names = "items => items.map(item => item.firstChild.textContent)"
    return [str(name) for name in page.locator("#preference-list li").evaluate_all(names)]


@pytest.mark.widths
def test_a_mark_shows_on_the_button_chosen(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    start_today(page, app_url, speed=400)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    play_through(page)
    rate(page, "after-form")
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


def test_only_exercises_the_person_reached_are_offered_for_marking(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    start_today(page, app_url, speed=60)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    first = page.locator("#step-name").text_content()
    page.keyboard.press("ArrowRight")
    second = page.locator("#step-name").text_content()
    page.keyboard.press("g")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form")
    page.get_by_role("button", name="Save how I feel").click()
    page.get_by_role("button", name="Continue").click()
    # In the order they came, each once; nothing from the steps the grounding replaced.
    reached = [re.sub(r" \((left|right)\)$", "", name or "") for name in (first, second)]
    assert _marked_exercises(page) == list(dict.fromkeys(reached))


def test_grounding_instead_of_the_session_offers_nothing_to_mark(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    start_today(page, app_url, speed=200)
    rate(page, "before-form", {"distress": 9})
    page.get_by_role("button", name="Begin the session").click()
    page.get_by_role("button", name="Do a grounding practice").click()
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form")
    page.get_by_role("button", name="Save how I feel").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#closing-words")).to_contain_text("That is a skill, not a failure")
    assert _marked_exercises(page) == []
    expect(page.get_by_role("heading", name="Anything you'd like more or less of?")).to_be_hidden()
