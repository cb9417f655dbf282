"""History over several weeks: the charts draw lines (never filled shapes), the page fits a phone, and
dates follow the time zone the browser names."""

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import shoot

RATINGS = [(7, 3), (6, 4), (8, 2), (5, 5), (7, 2), (4, 1)]  # distress before and after


def practise(base: str, before: int, after: int) -> None:
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": before}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    for moment, distress in (("before", before), ("after", after)):
        checkin = {"moment": moment, "tension": distress, "pain": 2, "distress": distress, "breath": 6}
        assert httpx.post(f"{base}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
    assert httpx.post(f"{base}/api/sessions/{session_id}/finish", json={"completed": True}).status_code == 200


@pytest.mark.widths
def test_history_charts_draw_lines_and_fit_the_screen(page: Page, app_url: str) -> None:
    for before, after in RATINGS:
        practise(app_url, before, after)
    page.goto(f"{app_url}/history")
    expect(page.locator("table.history tbody tr")).to_have_count(len(RATINGS))
    lines = page.locator("svg.chart polyline")
    expect(lines).to_have_count(8)  # before and after, for each of four ratings
    fills = lines.evaluate_all("lines => lines.map(line => getComputedStyle(line).fill)")
    assert set(fills) == {"none"}
    before = page.locator("svg.chart polyline.before").first
    dashes = before.evaluate("line => getComputedStyle(line).strokeDasharray")
    assert dashes != "none", "before differs from after by more than colour"
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is wider than the screen: {widths}"
    # A date never breaks in two ("2026-" over "12-06"): each is one line, even on a phone.
    lines_per_date = page.locator("table.history tbody td:first-child a").evaluate_all(
        "links => links.map(link => link.getClientRects().length)"
    )
    assert set(lines_per_date) == {1}, lines_per_date
    # The charts' day labels stand apart: none is drawn over its neighbour (same-day labels are long).
    overlaps = page.locator("svg.chart").first.evaluate(
        """chart => {
          const boxes = [...chart.querySelectorAll('text')].filter(t => t.getAttribute('y') > 150)
            .map(t => t.getBoundingClientRect()).sort((a, b) => a.left - b.left);
          return boxes.slice(1).filter((box, i) => box.left < boxes[i].right).length;
        }"""
    )
    assert overlaps == 0
    shoot(page, "history-weeks")


@pytest.mark.widths
def test_a_long_unbroken_note_wraps_on_the_session_page(page: Page, app_url: str) -> None:
    plan = httpx.post(f"{app_url}/api/plans", json={"minutes": 20, "seed": 2}).json()
    noted = httpx.post(f"{app_url}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    note = "https://example.org/" + "a" * 600
    checkin = {"moment": "before", "tension": 3, "pain": 2, "distress": 3, "breath": 6, "note": note}
    assert httpx.post(f"{app_url}/api/sessions/{noted}/checkins", json=checkin).status_code == 201
    page.goto(f"{app_url}/history/{noted}")
    expect(page.get_by_text(note)).to_be_visible()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is wider than the screen: {widths}"


def test_the_first_page_a_browser_opens_shows_its_own_clock(browser: Browser, app_url: str) -> None:
    practise(app_url, 5, 3)
    context = browser.new_context(timezone_id="Pacific/Auckland", viewport={"width": 390, "height": 844})
    page = context.new_page()
    loads: list[str] = []  # the pages asked of the server
    page.on("request", lambda asked: loads.append(asked.url) if asked.resource_type == "document" else None)
    # History is this browser's first page: drawn in UTC, then once more on the Auckland clock.
    page.goto(f"{app_url}/history")
    started = httpx.get(f"{app_url}/api/sessions").json()["sessions"][0]["started_at"]
    auckland = datetime.fromisoformat(started).astimezone(ZoneInfo("Pacific/Auckland"))
    expect(page.locator("table.history")).to_contain_text(auckland.strftime("%d %b %H:%M"))
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get("psoas_tz") == "Pacific/Auckland"
    expect(page.locator("body")).to_have_attribute("data-zone-check", "kept")
    assert len(loads) == 2, f"drawn {len(loads)} times: {loads}"
    page.goto(app_url)  # the zone is known now: no second drawing
    expect(page.locator("body")).to_have_attribute("data-zone-check", "kept")
    assert len(loads) == 3
    context.close()


def test_a_zone_the_server_does_not_know_redraws_only_once(browser: Browser, app_url: str) -> None:
    context = browser.new_context(timezone_id="UTC", viewport={"width": 390, "height": 844})
    # As if the browser named a zone this machine's zone database lacks: the server draws in UTC.
    context.add_cookies([{"name": "psoas_tz", "value": "Mars/Olympus", "url": app_url}])
    page = context.new_page()
    page.add_init_script("Intl.DateTimeFormat.prototype.resolvedOptions = () => ({timeZone: 'Mars/Olympus'})")
    loads: list[str] = []  # the pages asked of the server
    page.on("request", lambda asked: loads.append(asked.url) if asked.resource_type == "document" else None)
    page.goto(f"{app_url}/history")
    expect(page.locator("body")).to_have_attribute("data-zone-check", "kept")
    assert len(loads) == 2, f"drawn {len(loads)} times: {loads}"
    expect(page.locator("body")).to_have_attribute("data-drawn-in-zone", "UTC")
    context.close()
