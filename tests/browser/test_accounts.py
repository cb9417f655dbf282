"""Logging in and out, the sharing page, and keeping a workshop place with an account, in Chromium."""

import hashlib
import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from psoas.store.accounts import create_account
from psoas.store.database import Database
from psoas.store.models import Participant, ParticipantCheckin, Workshop
from tests.browser.conftest import shoot
from tests.workshop_rows import make_workshop

PASSWORD = "a calm long password"


@pytest.mark.widths
def test_login_brings_a_person_back_where_they_were_and_logout_ends_it(
    page: Page, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    with database.transaction() as session:
        create_account(session, "ana", PASSWORD, "owner")
    page.goto(f"{app_url}/history")
    expect(page).to_have_url(f"{app_url}/login?next=%2Fhistory")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.get_by_label("Username")).to_be_focused()
    shoot(page, "login")
    page.get_by_label("Username").fill("Ana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That username and password do not match. You may try again."
    )
    expect(page.get_by_label("Password")).to_be_focused()
    shoot(page, "login-refused")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{app_url}/history")
    page.goto(f"{app_url}/sharing")
    expect(page.get_by_role("heading", name="Sharing", level=1)).to_be_visible()
    expect(page.get_by_text("Nobody has looked at your data.")).to_be_visible()
    shoot(page, "sharing")
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You have logged out. Your data stays here, safe.")
    page.goto(f"{app_url}/history")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()


@pytest.mark.widths
def test_a_participant_keeps_their_place_with_an_account_from_their_phone(
    page: Page, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    token = secrets.token_urlsafe(32)
    with database.transaction() as session:
        create_account(session, "host", PASSWORD, "owner")
        fay = create_account(session, "fay", PASSWORD, "facilitator")
        workshop = Workshop(
            facilitator_id=fay.person_id, title="Tuesday group", request={}, plan={}, join_code="TUE234"
        )
        session.add(workshop)
        session.flush()
        digest = hashlib.sha256(token.encode()).hexdigest()
        seat = Participant(workshop_id=workshop.id, token_digest=digest, nickname="Seat 4")
        session.add(seat)
        session.flush()
        session.add(
            ParticipantCheckin(
                participant_id=seat.id, moment="before", tension=6, pain=2, distress=3, breath=5
            )
        )
        workshop_id, seat_id = workshop.id, seat.id
    page.context.add_cookies([{"name": "psoas_seat", "value": token, "url": f"{app_url}/w/"}])
    page.goto(f"{app_url}/w/TUE234/account")
    expect(page.get_by_role("heading", name="Keep this with an account", level=1)).to_be_visible()
    shoot(page, "seat-account")
    page.get_by_label("Username (3 to 64").fill("pia")
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Make my account and keep this place").click()
    expect(page).to_have_url(f"{app_url}/sharing?linked=1")
    expect(page.get_by_role("status")).to_contain_text("Your workshop place is kept with your account")
    page.get_by_role("button", name="Share check-ins with fay").click()
    expect(page.get_by_role("button", name="Stop sharing check-ins with fay")).to_be_visible()
    shoot(page, "sharing-with-a-facilitator")

    # The facilitator, on their own device, sees only what was shared; the look is logged.
    page.context.clear_cookies()
    page.goto(f"{app_url}/login?next=/workshops/{workshop_id}/participants/{seat_id}/shared")
    page.get_by_label("Username").fill("fay")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Shared with you: Seat 4", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Check-ins", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Questionnaire results")).to_have_count(0)
    shoot(page, "shared-with-the-facilitator")


@pytest.mark.widths
def test_a_console_whose_login_ends_says_so_and_stops_asking(
    page: Page, app_url: str, shared_app: tuple[str, Database]
) -> None:
    """Logged out on another tab or device, the console's stream ends and asking for it again only
    leads to the login page: the console used to knock there every ten seconds, frozen on the room as
    it was, without a word. It now says its login ended and how to log in again, and stops asking."""
    _, database = shared_app
    with database.transaction() as session:
        create_account(session, "ana", PASSWORD, "owner")
        workshop_id = make_workshop(session, state="running").id
    console = f"/workshops/{workshop_id}/console"
    page.clock.install()
    page.goto(f"{app_url}/login?next={console}")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#room-state")).to_contain_text("Running")
    ended = page.locator("#login-ended")
    expect(ended).to_be_hidden()
    streams: list[str] = []
    page.on("request", lambda sent: streams.append(sent.url) if sent.url.endswith("/events") else None)
    other = page.context.new_page()  # another tab of the same login
    other.goto(f"{app_url}/history")
    menu = other.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    other.get_by_role("button", name=re.compile("^Log out")).click()
    expect(other.get_by_role("status")).to_contain_text("You have logged out")
    other.close()
    # The browser reconnects by itself (on its own clock), finds the login page and closes the
    # stream; the page's clock then runs the ten seconds before it would ask again.
    for _ in range(30):
        page.clock.run_for(11_000)
        if ended.is_visible():
            break
        page.wait_for_timeout(300)
    expect(ended).to_be_visible()
    expect(ended).to_be_focused()
    expect(ended.get_by_role("link", name="Log in again")).to_have_attribute(
        "href", re.compile(rf"^/login\?next=(/|%2F)workshops(/|%2F){workshop_id}(/|%2F)console$")
    )
    shoot(page, "console-login-ended")
    asked = len(streams)
    page.clock.run_for(60_000)
    page.wait_for_timeout(500)
    assert len(streams) == asked, "the console went on asking for its stream after its login ended"
