"""The program page: this week's and next week's sessions with their tremor limits, earned by
sessions that ended settled, and started from the same Home card."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake
from tests.browser.test_history import practise


@pytest.mark.widths
def test_the_program_shows_two_weeks_ahead_with_limits_earned_by_settled_sessions(
    page: Page, app_url: str
) -> None:
    give_intake(app_url)
    for before, after in ((4, 2), (5, 3)):  # two sessions that ended settled
        practise(app_url, before, after)
    page.goto(app_url)
    page.get_by_role("link", name="this week and next in your program").click()
    expect(page.get_by_role("heading", name="Your program", level=1)).to_be_visible()
    this_week = page.get_by_role("table", name="This week")
    expect(this_week.get_by_role("row").filter(has_text="done")).to_have_count(2)
    upcoming = this_week.locator("tr.next")
    expect(upcoming).to_contain_text("30 min")
    expect(upcoming).to_contain_text("limit 3 min")
    # Two settled sessions so far: one more earns the next step, and next week shows it.
    why = page.get_by_role("region", name="What changes, and why")
    expect(why).to_contain_text("up to 3 minutes for now")
    expect(why).to_contain_text("2 sessions have ended settled")
    expect(why).to_contain_text("After 1 more settled session it grows to 5 minutes")
    next_week = page.get_by_role("table", name="Next week")
    expect(next_week.get_by_role("row").nth(1)).to_contain_text("limit 5 min")
    # A card's heading sits at its padding, with no empty band above it.
    gap = page.evaluate(
        """() => {
          const card = document.querySelector('section.card');
          return card.querySelector('h2').getBoundingClientRect().top - card.getBoundingClientRect().top;
        }"""
    )
    assert gap <= 20, gap
    shoot(page, "program")
    page.get_by_role("button", name="Start the next session").click()
    expect(page).to_have_url(re.compile(r"/play/\d+$"))
