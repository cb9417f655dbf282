"""The room screen on a projector (1920x1080 and 1280x720) and a participant's phone (360x740) in a
real browser: joining, the intake, the check-in, the room's steps as they move, the signals and
Stop & ground; every screen photographed and checked with axe.

The facilitator's controls are another helper's: here the test moves the room by updating its row,
and a second phone's signal (over HTTP) makes the server publish the room's state as it now is.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import select

from psoas.practice.session_plan import plan_steps
from psoas.store.database import Database
from psoas.store.models import Participant, Workshop, WorkshopSignal
from psoas.store.utc_time import utc_now
from tests.browser.conftest import shoot
from tests.workshop_rows import make_workshop, move_room


@contextmanager
def screen(browser: Browser, width: int, height: int, name: str) -> Iterator[Page]:
    """A page at a given size; JavaScript errors fail the test, as for every browser test."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="no-preference", timezone_id="UTC"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = name  # type: ignore[attr-defined]
    page.at_both_widths = True  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()  # its event streams too, so that the server can stop
    assert errors == [], f"JavaScript errors: {errors}"


@contextmanager
def other_phone(base: str, code: str, nickname: str) -> Iterator[httpx.Client]:
    """Another phone, seated over HTTP."""
    with httpx.Client(base_url=base, timeout=10) as client:
        client.post(f"/w/{code}", data={"nickname": nickname})
        client.post(f"/w/{code}/intake", data={"none": "yes"})
        yield client


def nudge(client: httpx.Client, code: str, kind: str = "ok") -> None:
    """The other phone signals: the server publishes the room's state as it now is."""
    answer = client.post(f"/w/{code}/signal", data={"kind": kind}, headers={"Accept": "application/json"})
    assert answer.status_code == 200, answer.text


def step_with(workshop: Workshop, wanted: str) -> int:
    steps = plan_steps(workshop.plan)
    if wanted == "breath":
        return next(i for i, step in enumerate(steps) if step.get("breath"))
    return next(i for i, step in enumerate(steps) if step["exercise"].startswith(wanted))


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width} px"  # type: ignore[index]


def test_the_room_screen_shows_the_step_countdown_join_code_and_counts_only(
    browser: Browser, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    with database.transaction() as session:
        workshop = make_workshop(session, title="Tuesday group")
        workshop_id, code = workshop.id, workshop.join_code
        breath = step_with(workshop, "breath")
        name = plan_steps(workshop.plan)[breath]["name"]
        seconds = plan_steps(workshop.plan)[breath]["seconds"]
    with (
        screen(browser, 1920, 1080, "1920x1080") as room,
        other_phone(app_url, code, "Zebediah Quill") as other,
    ):
        room.goto(f"{app_url}/room/{code}")
        expect(room.locator("#room-waiting")).to_contain_text(f"Join at {app_url}/join with code {code}")
        expect(room.locator("#room-counts")).to_have_text("1 joined")
        shoot(room, "workshop-room-waiting")
        with database.transaction() as session:
            move_room(session, workshop_id, state="running", step=breath)
        nudge(other, code, "moment")
        expect(room.locator("#room-step-name")).to_have_text(name)
        expect(room.locator("#room-counts")).to_have_text("1 joined · 1 needing a moment")
        expect(room.locator("#pacer-wrap")).to_be_visible()
        expect(room.locator("#room-join")).to_contain_text(code)
        shoot(room, "workshop-room-step")
        assert "Zebediah" not in room.content()
        # The step's time is up: 0:00, and the facilitator moves on.
        with database.transaction() as session:
            row = session.get_one(Workshop, workshop_id)
            row.step_started_at = utc_now() - timedelta(seconds=seconds + 5)
        nudge(other, code, "ok")
        expect(room.locator("#room-countdown")).to_have_text("0:00")
        expect(room.locator("#room-over")).to_contain_text("The facilitator will move on")
        shoot(room, "workshop-room-time-up")
    with screen(browser, 1280, 720, "1280x720") as small:
        small.goto(f"{app_url}/room/{code}")
        expect(small.locator("#room-step-name")).to_have_text(name)
        no_sideways_scroll(small)
        height = small.evaluate("document.documentElement.scrollHeight")
        assert height <= 720, f"the room screen scrolls: {height} px"
        shoot(small, "workshop-room-step")


def test_a_phone_joins_follows_its_own_steps_signals_and_grounds(
    browser: Browser, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    with database.transaction() as session:
        workshop = make_workshop(session, title="Tuesday group")
        workshop_id, code = workshop.id, workshop.join_code
        breath = step_with(workshop, "breath")
        breath_name = plan_steps(workshop.plan)[breath]["name"]
    with screen(browser, 360, 740, "360x740") as phone, other_phone(app_url, code, "Seat 2") as other:
        phone.goto(f"{app_url}/join")
        phone.get_by_label("Workshop code").fill("nope12")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("alert")).to_contain_text("There is no open workshop with the code NOPE12")
        shoot(phone, "workshop-join-wrong-code")
        phone.get_by_label("Workshop code").fill(code.lower())
        phone.get_by_role("button", name="Join").click()
        phone.get_by_label("Nickname or seat number").fill("Mia")
        shoot(phone, "workshop-nickname")
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("heading", name="Is any of this true for you today?")).to_be_visible()
        phone.get_by_label("Pregnancy").check()
        no_sideways_scroll(phone)
        shoot(phone, "workshop-intake")
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("heading", name="How are you right now?")).to_be_visible()
        shoot(phone, "workshop-before")
        phone.get_by_role("link", name="Skip this").click()
        expect(phone.get_by_role("heading", name="You're in, Mia")).to_be_visible()
        for control in ("I'm OK", "I need a moment", "Stop & ground"):
            expect(phone.get_by_role("button", name=control)).to_be_visible()
        shoot(phone, "workshop-phone-waiting")

        with database.transaction() as session:
            move_room(session, workshop_id, state="running", step=breath)
        nudge(other, code)
        expect(phone.locator("#step-name")).to_have_text(breath_name)
        expect(phone.locator("#pacer-wrap")).to_be_visible()
        no_sideways_scroll(phone)
        shoot(phone, "workshop-phone-step")

        phone.get_by_role("button", name="I need a moment").click()
        expect(phone.get_by_role("status")).to_contain_text("The facilitator has been told")
        # A reload keeps the place.
        phone.reload()
        expect(phone.locator("#step-name")).to_have_text(breath_name)

        phone.get_by_role("button", name="Stop & ground").click()
        expect(phone.locator("#screen-ground")).to_be_visible()
        expect(phone.locator("#ground-name")).not_to_be_empty()
        expect(phone.get_by_role("heading", name="If you need more support")).to_be_visible()
        no_sideways_scroll(phone)
        shoot(phone, "workshop-phone-ground")
        phone.get_by_role("button", name="Return to the room, when you are ready").click()
        expect(phone.locator("#step-name")).to_have_text(breath_name)

        # At the room's tremor the phone shows this person's own step (with pregnancy: on the side).
        with database.transaction() as session:
            room = session.get_one(Workshop, workshop_id)
            tremor = step_with(room, "tre-tremor-position")
            room_name = plan_steps(room.plan)[tremor]["name"]
            mine = session.scalars(select(Participant).where(Participant.nickname == "Mia")).one()
            assert mine.plan is not None
            own = plan_steps(mine.plan)[tremor]
            move_room(session, workshop_id, step=tremor)
        nudge(other, code)
        side = f" ({own['side']})" if own.get("side") else ""
        expect(phone.locator("#step-name")).to_have_text(f"{own['name']}{side}")
        if own["name"] != room_name:
            expect(phone.locator("#step-changed")).to_contain_text(f"in place of {room_name}")
        shoot(phone, "workshop-phone-own-step")

        with database.transaction() as session:
            kinds = session.scalars(
                select(WorkshopSignal.kind)
                .join(Participant, Participant.id == WorkshopSignal.participant_id)
                .where(WorkshopSignal.workshop_id == workshop_id, Participant.nickname == "Mia")
                .order_by(WorkshopSignal.id)
            ).all()
            assert kinds == ["moment", "stop"]
            move_room(session, workshop_id, state="ended")
        nudge(other, code)
        expect(phone.get_by_role("heading", name="How are you now?")).to_be_visible()
        shoot(phone, "workshop-after")
        for rating in ("tension", "pain", "distress", "breath"):
            phone.locator(f"fieldset[data-rating={rating}] label").nth(3).click()
        phone.get_by_role("button", name="Save").click()
        expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
        expect(phone.locator("#after-link")).to_contain_text("Your answers are saved")
        shoot(phone, "workshop-phone-ended")


def test_a_room_screen_whose_stream_is_refused_opens_it_again(
    browser: Browser, app_url: str, shared_app: tuple[str, Database]
) -> None:
    """A stream answered with an error (429 when too many are open, 502 from a proxy while psoas
    restarts) is closed for good by the browser: the projector froze on its step without a word.
    It now opens the stream again after the server's Retry-After (10 s; the page's clock is run on
    here, not waited for)."""
    _, database = shared_app
    with database.transaction() as session:
        workshop = make_workshop(session, state="running")
        workshop_id, code = workshop.id, workshop.join_code
        names = [step["name"] for step in plan_steps(workshop.plan)]
    refused: list[str] = []

    def refuse_the_first(route: Route) -> None:
        if refused:
            route.continue_()
            return
        refused.append(route.request.url)
        route.fulfill(status=429, headers={"Retry-After": "10"}, body="Too many live screens")

    with screen(browser, 1280, 720, "1280x720") as room, other_phone(app_url, code, "Quinn") as other:
        room.clock.install()
        room.route("**/events", refuse_the_first)
        room.goto(f"{app_url}/room/{code}")
        expect(room.locator("#room-step-name")).to_have_text(names[0])
        for _ in range(50):  # the page asks for its stream once its script has run
            if refused:
                break
            room.wait_for_timeout(100)
        assert refused, "the stream was never asked for"
        with database.transaction() as session:
            move_room(session, workshop_id, step=1)
        room.clock.run_for(11_000)
        nudge(other, code)  # the server publishes the room as it now is, to the stream opened again
        expect(room.locator("#room-step-name")).to_have_text(names[1])
