"""A whole workshop, as a room lives it: a facilitator plans it and leads it from the console, the
room screen follows on a projector, and three people join from their phones, each its own browser
context. One of them is pregnant: at the room's tremor her phone shows the tremor lying on her side
while the others show the room's; one presses "I need a moment" and the console shows it within a
second, by name, while the room screen shows a count and nothing else. Another told of high distress
before it began, and her phone offered grounding and support first.
"""

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
from playwright.sync_api import Browser, Page, expect

from psoas.practice.session_plan import plan_steps
from psoas.store.database import Database
from psoas.store.models import Workshop
from tests.browser.conftest import shoot

PHONE = (360, 740)
PEOPLE = {"Ana": None, "Ben": None, "Mia": "Pregnancy"}
# Ana's distress is high before the workshop: her phone offers grounding and support first.
DISTRESS = {"Ana": 9, "Mia": 3}


@contextmanager
def screen(browser: Browser, size: tuple[int, int], name: str) -> Iterator[Page]:
    """A browser context of its own (a device of its own); JavaScript errors fail the test."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, timezone_id="UTC")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = name  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()  # its event streams too, so that the server can stop
    assert errors == [], f"JavaScript errors: {errors}"


def join(
    phone: Page, base: str, code: str, nickname: str, condition: str | None, distress: int | None
) -> None:
    phone.goto(f"{base}/join")
    phone.get_by_label("Workshop code").fill(code)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_label("Nickname or seat number").fill(nickname)
    phone.get_by_role("button", name="Continue").click()
    if condition:
        phone.get_by_label(condition).check()
    else:
        phone.get_by_label("None of these").check()
    phone.get_by_role("button", name="Continue").click()
    if distress is None:
        phone.get_by_role("link", name="Skip this").click()
    else:
        for rating, value in (("tension", 6), ("pain", 2), ("distress", distress), ("breath", 4)):
            phone.locator(f"fieldset[data-rating={rating}] label").nth(value).click()
        phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("heading", name=f"You're in, {nickname}")).to_be_visible()


def test_a_whole_workshop_with_a_room_screen_a_console_and_three_phones(
    browser: Browser, app_url: str, shared_app: tuple[str, Database]
) -> None:
    _, database = shared_app
    with ExitStack() as devices:
        console = devices.enter_context(screen(browser, (1280, 900), "desktop"))
        console.goto(f"{app_url}/workshops")
        console.get_by_label("Title").fill("Thursday evening group")
        console.get_by_label("Minutes").fill("60")
        console.get_by_role("button", name="Plan the workshop").click()
        expect(console).to_have_url(re.compile(r"/workshops/\d+$"))
        workshop_id = int(console.url.rsplit("/", 1)[1])
        with database.transaction() as session:
            workshop = session.get_one(Workshop, workshop_id)
            code, steps = workshop.join_code, plan_steps(workshop.plan)
        tremor = next(i for i, step in enumerate(steps) if step["exercise"] == "tre-tremor-position")

        room = devices.enter_context(screen(browser, (1920, 1080), "1920x1080"))
        room.goto(f"{app_url}/room/{code}")
        expect(room.locator("#room-waiting")).to_contain_text(code)

        phones = {name: devices.enter_context(screen(browser, PHONE, "360x740")) for name in PEOPLE}
        for name, condition in PEOPLE.items():
            join(phones[name], app_url, code, name, condition, DISTRESS.get(name))
        expect(phones["Ana"].locator("#high-distress")).to_contain_text("You do not have to join in")
        expect(phones["Mia"].locator("#high-distress")).to_have_count(0)
        shoot(phones["Ana"], "workshop-whole-phone-high-distress")
        expect(room.locator("#room-counts")).to_have_text("3 joined")

        console.goto(f"{app_url}/workshops/{workshop_id}/console")
        console.get_by_role("button", name="Start the workshop").click()
        expect(console.locator("#step-count")).to_have_text(re.compile("Step 1 of"))
        # Led to the step before the tremor from elsewhere (the same controls, over HTTP), then on
        # to the tremor from the console itself.
        for _ in range(tremor - 1):
            moved = httpx.post(f"{app_url}/workshops/{workshop_id}/control", data={"action": "next"})
            assert moved.status_code in (200, 303), moved.text
        expect(console.locator("#step-count")).to_have_text(re.compile(f"Step {tremor} of"))
        console.get_by_role("button", name="Next", exact=True).click()
        expect(console.locator("#step-count")).to_have_text(re.compile(f"Step {tremor + 1} of"))

        room_tremor = steps[tremor]["name"]
        expect(room.locator("#room-step-name")).to_have_text(room_tremor)
        for name in ("Ana", "Ben"):
            expect(phones[name].locator("#step-name")).to_have_text(room_tremor)
        expect(phones["Mia"].locator("#step-name")).to_contain_text("Side-lying")
        expect(phones["Mia"].locator("#step-changed")).to_contain_text(f"in place of {room_tremor}")

        phones["Ben"].get_by_role("button", name="I need a moment").click()
        first = console.locator("ul.roster li").first
        expect(first).to_contain_text("Ben", timeout=1000)
        expect(first).to_contain_text("needs attention", timeout=1000)
        expect(room.locator("#room-counts")).to_have_text("3 joined · 1 needing a moment")
        page_text = room.content()
        for name in PEOPLE:
            assert not re.search(rf"\b{name}\b", page_text), f"the room screen names {name}"
        assert "pregnan" not in page_text.lower()

        shoot(room, "workshop-whole-room")
        shoot(console, "workshop-whole-console")
        shoot(phones["Mia"], "workshop-whole-phone-own-tremor")
        shoot(phones["Ben"], "workshop-whole-phone")
