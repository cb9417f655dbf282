"""The record of a session is what happened: each step as it ran, skipped or not, with its fatigue
rating and any pain, sent with the ending and shown on the session's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import begin_planned, give_intake, rate, until_shown

CURRENT = "window.psoasPlayer.steps[window.psoasPlayer.index]"


@pytest.mark.widths
def test_a_skipped_step_and_a_fatigue_rating_are_on_the_session_page(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    sent_keys: list[str | None] = []  # what the outbox sends carries a key for retries
    page.on(
        "request",
        lambda sent: (
            sent_keys.append(sent.headers.get("idempotency-key"))
            if sent.method == "POST" and "/api/sessions/" in sent.url
            else None
        ),
    )
    session_id = begin_planned(page, app_url, {"minutes": 20, "seed": 1}, speed=40)
    first = page.evaluate(f"{CURRENT}.step.name")
    page.keyboard.press("ArrowRight")  # skipped at once
    for _ in range(40):
        if page.evaluate(f"{CURRENT}.phase === 'fatigue' && {CURRENT}.step.kind === 'tre'"):
            break
        page.keyboard.press("ArrowRight")
    rated = page.evaluate(f"{CURRENT}.step.name")
    # Let it run out: the player asks how tired the muscles are.
    fatigue = page.get_by_role("heading", name="How tired are those muscles?")
    until_shown(page, fatigue, most_seconds=20)
    expect(fatigue).to_be_visible(timeout=20_000)
    page.get_by_role("group", name="Fatigue from 1 to 10").get_by_role("button", name="7", exact=True).click()
    page.keyboard.press("g")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form")
    page.get_by_role("button", name="Save how I feel").click()
    assert sent_keys
    assert all(sent_keys), sent_keys
    assert len(set(sent_keys)) == len(sent_keys)
    page.goto(f"{app_url}/history/{session_id}")
    log = page.get_by_role("region", name="What happened")
    rows = log.get_by_role("row")
    expect(rows.filter(has_text=first).first).to_contain_text("skipped")
    expect(rows.filter(has_text=rated).first).to_contain_text("fatigue 7")
    expect(rows.last).to_contain_text("stopped to ground")
    # When each step began and ended, and the moment of the Stop & ground, by the clock.
    clock = r"\d\d:\d\d:\d\d"
    expect(rows.filter(has_text=rated).first).to_contain_text(re.compile(f"{clock}\u2013{clock}"))
    expect(log.locator("#grounded-at")).to_contain_text(re.compile(f"Stop & ground at {clock}, during step"))
    expect(log).to_contain_text("under 5 minutes, so not counted in the week")
    shoot(page, "session-step-log")
    # The report a therapist reads carries the same record, session by session.
    page.goto(f"{app_url}/report")
    sessions = page.get_by_role("table", name="Each session")
    expect(sessions).to_contain_text("steps skipped")
    expect(sessions).to_contain_text("fatigue 7")
    expect(sessions).to_contain_text("stopped to ground")
    shoot(page, "report-step-log")
