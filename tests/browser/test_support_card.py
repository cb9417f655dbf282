"""After a PHQ-9 that tells of thoughts of self-harm, Home offers support first and a grounding
practice only: no session that tires the body, no tremor."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake, rate

ITEM_NINE_POSITIVE = {"answers": [0, 0, 0, 0, 0, 0, 0, 0, 1]}


@pytest.mark.widths
def test_after_item_nine_home_offers_support_and_a_grounding_practice_only(page: Page, app_url: str) -> None:
    give_intake(app_url)
    assert (
        httpx.post(f"{app_url}/api/questionnaires/phq9/results", json=ITEM_NINE_POSITIVE).status_code == 201
    )
    page.goto(app_url)
    card = page.get_by_role("note").filter(has_text="You do not have to carry this alone")
    expect(card).to_contain_text("you do not have to carry them alone")
    expect(card.locator('a[href="https://findahelpline.com"]')).to_be_visible()
    expect(page.locator("main")).to_contain_text("psoas offers only a short grounding practice today")
    shoot(page, "home-support")
    # The Plan page offers the same and nothing else: no session with a fatigue phase to start.
    page.goto(f"{app_url}/plan")
    expect(page.get_by_role("heading", name="Today, a grounding practice only")).to_be_visible()
    expect(page.get_by_role("button", name="Start this session")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("within 0 minutes")
    refused = httpx.post(f"{app_url}/plan/start", data={"minutes": "30"}, follow_redirects=False)
    assert (refused.status_code, refused.headers["location"]) == (303, "/plan")
    page.get_by_role("button", name="Start a grounding practice").click()
    page.wait_for_url("**/play/*?grounding=1")
    session_id = int(page.url.split("/play/")[1].split("?")[0])
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 1 of 4")
    plan_id = httpx.get(f"{app_url}/api/sessions/{session_id}").json()["plan_id"]
    phases = [p["phase"] for p in httpx.get(f"{app_url}/api/plans/{plan_id}").json()["phases"]]
    assert "tremor" not in phases


def test_a_day_without_the_flag_offers_the_usual_session(page: Page, app_url: str) -> None:
    give_intake(app_url)
    httpx.post(f"{app_url}/api/questionnaires/phq9/results", json={"answers": [1] * 8 + [0]})
    page.goto(app_url)
    expect(page.get_by_role("button", name="Start today's session")).to_be_visible()
    expect(page.locator("#support-card")).to_have_count(0)
