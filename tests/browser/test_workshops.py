"""The facilitator's pages in a real browser: the workshops list with a new workshop, the editor
with a refused edit shown beside its step, and the console following the room live."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from psoas.store.database import Database
from psoas.store.models import Participant, ParticipantCheckin, WorkshopSignal
from tests.browser.conftest import shoot


def plan_one(app_url: str, title: str = "Tuesday group") -> int:
    data = {"title": title, "minutes": "60", "level": "beginner", "focus": "general"}
    answer = httpx.post(f"{app_url}/workshops", data=data)
    assert answer.status_code == 303
    return int(answer.headers["location"].rsplit("/", 1)[1])


@pytest.mark.widths
def test_the_workshops_page_plans_a_new_workshop_and_lists_templates(page: Page, app_url: str) -> None:
    earlier = plan_one(app_url, "Last week's group")
    assert (
        httpx.post(f"{app_url}/workshops/{earlier}/template", data={"name": "Weekly hour"}).status_code == 303
    )
    page.goto(f"{app_url}/workshops")
    expect(page.locator('#main-nav a[aria-current="page"]')).to_have_attribute("href", "/workshops")
    expect(page.get_by_role("heading", name="Workshops", level=1)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Last week's group")
    expect(
        page.get_by_role("button", name=re.compile("Start a workshop from it.*Weekly hour"))
    ).to_be_visible()
    page.get_by_label("Title").fill("Tuesday group")
    page.get_by_label("Minutes").fill("30")
    page.get_by_role("button", name="Plan the workshop").click()
    expect(page.locator("#minutes-error")).to_contain_text("between 45 and 180")
    page.get_by_label("Minutes").fill("90")
    page.get_by_label("Hips").check()
    shoot(page, "workshops")
    page.get_by_role("button", name="Plan the workshop").click()
    expect(page).to_have_url(re.compile(r"/workshops/\d+$"))
    expect(page.get_by_role("heading", name="Tuesday group", level=1)).to_be_visible()


@pytest.mark.widths
def test_the_editor_moves_a_step_and_shows_a_refused_edit_beside_it(page: Page, app_url: str) -> None:
    workshop_id = plan_one(app_url)
    page.goto(f"{app_url}/workshops/{workshop_id}")
    expect(page.get_by_text("Join code")).to_be_visible()
    room = page.get_by_role("link", name=re.compile("Open the room screen"))
    expect(room).to_have_attribute("target", "_blank")
    arrive = page.locator("#phase-arrive + ol > li")
    first, second = (
        arrive.nth(0).locator(".what > a").inner_text(),
        arrive.nth(1).locator(".what > a").inner_text(),
    )
    page.get_by_role("button", name=f"Move {first} down").click()
    expect(arrive.nth(0).locator(".what > a")).to_have_text(second)
    expect(arrive.nth(1).locator(".what > a")).to_have_text(first)
    # The tremor step lengthened beyond what it may hold: refused, with the reason beside it.
    for _ in range(30):
        if page.locator("[id^=refused-]").count():
            break
        page.locator("ol.steps.editor > li").filter(
            has_text=re.compile("tremor position", re.I)
        ).first.get_by_role("button", name=re.compile("^Lengthen")).click()
    refusal = page.locator("[id^=refused-]")
    expect(refusal).to_contain_text("Not changed")
    refusal.scroll_into_view_if_needed()
    shoot(page, "workshop-editor")


@pytest.mark.widths
def test_the_console_leads_the_room_and_follows_signals_live(
    page: Page, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    workshop_id = plan_one(app_url)
    with database.transaction() as session:
        people = [
            Participant(
                workshop_id=workshop_id, token_digest=f"{n}".rjust(64, "0") + "", nickname=name, conditions=c
            )
            for n, (name, c) in enumerate([("Ana", []), ("Seat 4", ["pregnancy"]), ("Ben", [])])
        ]
        session.add_all(people)
        session.flush()
        session.add(
            ParticipantCheckin(
                participant_id=people[0].id, moment="before", tension=6, pain=2, distress=4, breath=5
            )
        )
        session.add(
            WorkshopSignal(workshop_id=workshop_id, participant_id=people[2].id, kind="ok", step_index=0)
        )
        signal = WorkshopSignal(
            workshop_id=workshop_id, participant_id=people[0].id, kind="moment", step_index=0
        )
        session.add(signal)
        session.flush()
        signal_id = signal.id
    page.goto(f"{app_url}/workshops/{workshop_id}/console")
    page.get_by_role("button", name="Start the workshop").click()
    expect(page.locator("#room-state")).to_contain_text("Running")
    expect(page.locator("#step-count")).to_have_text(re.compile("Step 1 of"))
    roster = page.locator("ul.roster li")
    expect(roster.first).to_contain_text("Ana")
    expect(roster.first).to_contain_text("needs attention")
    expect(
        page.get_by_text("tremor not advised").or_(page.get_by_text("facilitator-only condition")).first
    ).to_be_visible()
    # The countdown runs on the page.
    shown = page.locator("#countdown").inner_text()
    expect(page.locator("#countdown")).not_to_have_text(shown, timeout=3000)
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator("#step-count")).to_have_text(re.compile("Step 2 of"))
    shoot(page, "workshop-console")
    # Acknowledged from another device: this console hears it and redraws its signals.
    answer = httpx.post(f"{app_url}/workshops/{workshop_id}/signals/{signal_id}/acknowledge")
    assert answer.status_code == 303
    expect(page.locator("ol.feed li").filter(has_text="needs a moment")).to_contain_text("seen", timeout=3000)
    expect(roster.first).not_to_contain_text("needs attention")
    # Moved from another device: the console follows.
    assert (
        httpx.post(f"{app_url}/workshops/{workshop_id}/control", data={"action": "next"}).status_code == 303
    )
    expect(page.locator("#step-count")).to_have_text(re.compile("Step 3 of"), timeout=3000)
    page.get_by_text("End the workshop", exact=True).click()
    page.get_by_role("button", name="End the workshop now").click()
    figures = page.get_by_role("region", name="The group, after the workshop")
    expect(figures).to_contain_text("Stop & ground: 0")
    expect(figures).not_to_contain_text("Ana")
    # One person checked in before: their answers are theirs, so the figure is withheld.
    expect(figures.get_by_role("row", name=re.compile("^Tension"))).to_contain_text("1 answered")
    expect(figures.get_by_role("row", name=re.compile("^Tension"))).not_to_contain_text("6")
    shoot(page, "workshop-console-ended")
