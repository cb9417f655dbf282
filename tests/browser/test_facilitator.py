"""The before check-in asks whether a trained facilitator is present, each session, where a condition
allows the tremor only with one; the answer changes that session's plan and nothing after it."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake, rate, start_today

ARC = "#arc li"


@pytest.mark.widths
def test_the_facilitator_question_is_asked_and_yes_brings_the_tremor(page: Page, app_url: str) -> None:
    give_intake(app_url, conditions=("severe-ptsd",))
    start_today(page, app_url, speed=1)
    question = page.get_by_role("group", name="Is a trained TRE facilitator with you for this session?")
    expect(question).to_be_visible()
    for field, value in {"tension": 3, "pain": 2, "distress": 2, "breath": 7}.items():
        page.locator(f'#before-form input[name="{field}"][value="{value}"]').check()
    page.get_by_role("button", name="Begin the session").click()
    # Left unanswered, it is named like a rating: never assumed either way.
    expect(page.locator("#before-form [data-missing-summary]")).to_have_text(
        "Still to answer: whether a facilitator is with you."
    )
    shoot(page, "checkin-facilitator")
    question.get_by_label("Yes, with me now").check()
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    expect(page.locator(ARC)).to_contain_text(["arrive", "fatigue", "tremor", "restore", "integrate"])
    # The next session asks again, and without an answer of yes it has no tremor.
    start_today(page, app_url, speed=1)
    expect(question).to_be_visible()
    rate(page, "before-form")  # answers "No"
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    expect(page.locator(ARC)).not_to_contain_text(["tremor"])


def test_no_question_where_the_answer_changes_nothing(page: Page, app_url: str) -> None:
    give_intake(app_url, conditions=("knee-injury",))
    start_today(page, app_url, speed=1)
    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    expect(page.locator("#facilitator-question")).to_have_count(0)
