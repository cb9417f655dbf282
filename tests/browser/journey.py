"""Steps of the journey that several browser tests share."""

import time

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import shoot

RATING_FIELDS = ("tension", "pain", "distress", "breath")


def fill_intake(page: Page, base: str, conditions: tuple[str, ...] = ()) -> None:
    page.goto(f"{base}/intake")
    page.get_by_label("Beginner").check()
    for condition in conditions:
        page.locator(f'input[name="conditions"][value="{condition}"]').check()
    page.get_by_label("I have a person or a therapist I can reach").check()
    page.locator('input[name="props"][value="pillow"]').check()
    page.locator('input[name="focus"][value="hips"]').check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()


def give_intake(base: str, conditions: tuple[str, ...] = ()) -> None:
    """The answers `fill_intake` gives, through the JSON API: for tests whose subject is not the intake."""
    answers = {
        "level": "beginner",
        "conditions": list(conditions),
        "props": ["pillow"],
        "focus": ["hips"],
        "support_available": True,
    }
    assert httpx.put(f"{base}/api/intake", json=answers).status_code == 200


def go_to(page: Page, link: str) -> None:
    """Follow a link of the main menu, opening the menu first where a phone folds it."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True).click()


CALM = {"tension": 3, "pain": 2, "distress": 2, "breath": 7}


def rate(page: Page, form: str, values: dict[str, int] | None = None) -> None:
    """Answer every rating of a check-in: the values given, calm ones for the rest; where the before
    check-in asks whether a facilitator is present, "No" (the plan as it was made)."""
    for field, value in {**CALM, **(values or {})}.items():
        page.locator(f'#{form} input[name="{field}"][value="{value}"]').check()
    facilitator = page.locator(f'#{form} input[name="facilitator"][value="no"]')
    if facilitator.count():
        facilitator.check()


def start_today(page: Page, base: str, speed: int) -> int:
    """Start today's session from Home and open the player at `speed`; return the session id."""
    page.goto(base)
    page.get_by_role("button", name="Start today's session").click()
    page.wait_for_url("**/play/*")
    session_id = int(page.url.rsplit("/", 1)[1])
    page.goto(f"{base}/play/{session_id}?speed={speed}")
    return session_id


def begin_planned(page: Page, base: str, request: dict[str, object], speed: float = 1) -> int:
    """Plan `request` through the API, open the player at `speed`, check in calmly and begin;
    return the session id."""
    plan = httpx.post(f"{base}/api/plans", json=request).json()
    session_id = int(httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"])
    page.goto(f"{base}/play/{session_id}?speed={speed}")
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    return session_id


def until_shown(page: Page, shown: Locator, most_seconds: float = 30) -> None:
    """Move the page's clock on, half a second at a time, until `shown` is visible or `most_seconds`
    have passed on it: the player's timers fire as they would while a person waits, without the test
    waiting for them in real time. The clock must be installed (`page.clock.install()`, after which
    time also passes as usual) before the page opens; the caller then checks what it waited for."""
    for _ in range(int(most_seconds * 2)):
        if shown.is_visible():
            return
        page.clock.run_for(500)


def ground_at_once(page: Page, base: str) -> int:
    """Start today's session, Stop & ground on its first step and wait for the after check-in;
    return the session id."""
    page.clock.install()
    give_intake(base)
    session_id = start_today(page, base, speed=60)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    page.keyboard.press("g")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    return session_id


def play_through(page: Page, timeout: float = 90, photograph: bool = False) -> list[str]:
    """Answer fatigue ratings (7) and the how-to-stop confirmation until the after check-in shows;
    with `photograph`, shoot the how-to-stop confirmation (and so check it with axe) on the way.
    The steps run out on the page's clock, installed before the player opened (`until_shown`)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator("#screen-after").is_visible():
            return seen
        if page.locator("#screen-fatigue").is_visible():
            seen.append("fatigue")
            page.locator("#fatigue-buttons button", has_text="7").first.click()
        elif page.locator("#screen-confirm-stop").is_visible():
            seen.append("confirm-stop")
            if photograph:
                shoot(page, "player-confirm-stop")
            page.get_by_role("button", name="I know how to stop: continue").click()
        else:
            name = page.locator("#step-name").text_content() or ""
            if not seen or seen[-1] != name:
                seen.append(name)
            page.clock.run_for(250)
    raise AssertionError(f"the session never reached the after check-in; saw {seen}")
