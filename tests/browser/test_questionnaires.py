"""Questionnaires in the browser: fill each one, see the result and meaning, the item 9 message at
once, the trend after a second dated result, and errors that save nothing."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import until_shown


def fill(page: Page, base: str, instrument: str, answers: list[int]) -> None:
    """Answer each question; on a phone a tap moves on to the next after a pause, which runs on the
    page's clock (installed by the test before its first page)."""
    page.goto(f"{base}/questionnaires/{instrument}")
    for number, value in enumerate(answers, start=1):
        item = page.locator(f'fieldset.item[data-number="{number}"]')
        until_shown(page, item, most_seconds=1)
        expect(item).to_be_visible()
        item.locator(f'input[value="{value}"]').check()
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(f"**/questionnaires/{instrument}/results/*")


@pytest.mark.widths
def test_each_questionnaire_can_be_filled_and_explains_its_result(page: Page, app_url: str) -> None:
    page.clock.install()
    page.goto(f"{app_url}/questionnaires")
    expect(page.get_by_text("Due now.").first).to_be_visible()
    shoot(page, "questionnaires")
    fill(page, app_url, "gad7", [1, 1, 1, 1, 1, 0, 0])
    expect(page.get_by_role("heading", name="Total 5 of 21: mild")).to_be_visible()
    expect(page.get_by_text("it is a screening figure, not a diagnosis")).to_be_visible()
    shoot(page, "questionnaire-result-gad7")
    fill(page, app_url, "pcl5", [2] * 20)
    expect(page.get_by_role("heading", name="Total 40 of 80")).to_be_visible()
    # Each cluster is named in plain words with what it could reach, and the total says what it is.
    clusters = page.get_by_role("list").filter(has_text="cluster B")
    expect(clusters).to_contain_text("reactions to reminders (cluster B): 10 of 20")
    expect(clusters).to_contain_text("Avoiding memories and reminders (cluster C): 4 of 8")
    expect(page.locator("main")).to_contain_text("No severity bands are published for it")
    shoot(page, "questionnaire-result-pcl5")
    expect(page.locator("main")).to_contain_text("By the DSM-5 symptom pattern: met")
    expect(page.locator("#precautions")).to_contain_text("psoas has not changed anything")
    fill(page, app_url, "phq9", [0] * 9)
    expect(page.get_by_role("heading", name="Total 0 of 27: minimal")).to_be_visible()
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Questionnaires due")).to_have_count(0)


@pytest.mark.widths
def test_phq9_item_nine_shows_support_at_once_whatever_the_total(page: Page, app_url: str) -> None:
    page.clock.install()
    page.goto(f"{app_url}/questionnaires/phq9")
    expect(page.locator("#flag-support")).to_be_hidden()
    if not page.locator('fieldset.item[data-number="9"]').is_visible():  # one at a time on a phone
        for number in range(1, 9):
            page.locator(f'fieldset.item[data-number="{number}"] input[value="0"]').check()
            page.clock.run_for(300)  # past the pause after which a tap moves on
    page.locator('fieldset.item[data-number="9"] input[value="1"]').check()
    expect(page.locator("#flag-support")).to_be_visible()
    expect(page.locator("#flag-support .support-text")).to_contain_text("https://findahelpline.com")
    shoot(page, "questionnaire-item9")


@pytest.mark.widths
def test_a_second_dated_result_shows_change_and_the_trend(page: Page, app_url: str) -> None:
    page.clock.install()
    earlier = (datetime.now(UTC) - timedelta(days=14)).date().isoformat()
    httpx.post(
        f"{app_url}/api/questionnaires/phq9/results", json={"answers": [2] * 7 + [0, 0], "taken_on": earlier}
    )
    fill(page, app_url, "phq9", [1] * 8 + [0])
    expect(page.get_by_role("heading", name="Since last time")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "A change of 6 points, from 14 to 8 (lower): at least the 5 points that count as a meaningful"
    )
    expect(page.locator("svg.chart circle")).to_have_count(2)
    shoot(page, "questionnaire-trend")


def test_missing_answers_are_named_and_nothing_is_saved(page: Page, app_url: str) -> None:
    response = httpx.post(f"{app_url}/questionnaires/gad7", data={"item-1": "1", "item-2": "2"})
    assert response.status_code == 422
    assert "Questions 3, 4, 5, 6 and 7 have no answer yet." in response.text
    assert httpx.get(f"{app_url}/api/questionnaires/gad7/results").json()["results"] == []


def test_arrow_keys_choose_an_answer_without_moving_on(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/questionnaires/phq9")
    first = page.locator('fieldset.item[data-number="1"]')
    first.locator('input[value="0"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)  # past the pause after which a tap moves on
    expect(first).to_be_visible()
    expect(first.locator('input[value="2"]')).to_be_checked()
    expect(page.locator('fieldset.item[data-number="2"] input:checked')).to_have_count(0)


@pytest.mark.widths
def test_sent_back_for_a_missing_answer_it_opens_at_that_question(page: Page, app_url: str) -> None:
    answers = {f"item-{n}": "1" for n in range(1, 10) if n != 4}
    page.goto(f"{app_url}/questionnaires/phq9")
    page.evaluate(
        """answers => { const form = document.getElementById("questionnaire");
        for (const [name, value] of Object.entries(answers))
          form.querySelector(`input[name="${name}"][value="${value}"]`).checked = true;
        form.submit(); }""",
        answers,
    )
    expect(page.get_by_role("alert").first).to_contain_text("Question 4 has no answer yet")
    expect(page.locator('fieldset.item[data-number="4"]')).to_be_visible()
    if page.viewport_name == "phone":  # type: ignore[attr-defined]
        expect(page.locator('fieldset.item[data-number="1"]')).to_be_hidden()
