"""The progress report: practice and questionnaire trends over a period, readable on screen and paper."""

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot


def seed(base: str) -> None:
    for before, after in ((7, 3), (6, 2)):
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": before}).json()
        session = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()
        url = f"{base}/api/sessions/{session['id']}"
        httpx.post(
            f"{url}/checkins",
            json={"moment": "before", "tension": before, "pain": 2, "distress": before, "breath": 4},
        )
        httpx.post(
            f"{url}/checkins",
            json={"moment": "after", "tension": after, "pain": 1, "distress": after, "breath": 8},
        )
        httpx.post(f"{url}/finish", json={"completed": True})
    # A third session stopped before its after check-in: left out of the paired averages, where
    # its before (9) would have pulled the before average up against an after it never had.
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 9}).json()
    session = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()
    url = f"{base}/api/sessions/{session['id']}"
    httpx.post(
        f"{url}/checkins", json={"moment": "before", "tension": 9, "pain": 2, "distress": 9, "breath": 4}
    )
    httpx.post(f"{url}/finish", json={"completed": False, "stopped_at_step": 0, "grounded": True})
    today = datetime.now(UTC).date()
    for days_ago, answers in ((20, [2] * 7 + [1, 0]), (3, [1] * 7 + [0, 1])):
        taken_on = (today - timedelta(days=days_ago)).isoformat()
        httpx.post(f"{base}/api/questionnaires/phq9/results", json={"answers": answers, "taken_on": taken_on})


@pytest.mark.widths
def test_the_report_sums_up_practice_and_trends_and_prints_cleanly(page: Page, app_url: str) -> None:
    seed(app_url)
    page.goto(f"{app_url}/history")
    page.get_by_role("link", name="Progress report to print or share").click()
    expect(page.get_by_role("heading", name="Progress report")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(
        "3 sessions (60 minutes planned, at least 40 of them practised): 2 completed, 1 stopped to ground"
    )
    expect(main).to_contain_text("Averages over the 2 sessions with both a before and an after check-in")
    expect(page.get_by_role("row", name="Distress 6.5 2.5")).to_be_visible()
    expect(main).to_contain_text("to the last, a change of 7 points, from 15 to 8 (lower)")
    # Item 9 answered above 0 is named, with its date, for whoever reads the report.
    expect(main).to_contain_text("item 9, \u201c")
    expect(main).to_contain_text("\u201d, was answered \u201cSeveral days\u201d")
    expect(page.locator("svg.chart")).to_have_count(2)
    # The same key and the same way of writing a day as History and the report's own text.
    expect(main).to_contain_text("before the session (dashed line) · ● ― after (solid line)")
    today = datetime.now(UTC).strftime("%d %b")
    distress_chart = page.locator("svg.chart").first
    # Sessions of one day are told apart by their time.
    told_apart = re.compile(f"{today} \\d\\d:\\d\\d( \\(1\\))?: before 7, after 3")
    expect(distress_chart).to_have_attribute("aria-label", told_apart)
    shoot(page, "report")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator("header.site")).to_be_hidden()
    shoot(page, "report-print")
