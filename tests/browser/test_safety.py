"""Safety in the browser: Stop & ground, high distress before starting, and a gentler next session."""

import time

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import shoot
from tests.browser.journey import give_intake, go_to, ground_at_once, rate, start_today, until_shown


@pytest.mark.widths
def test_stop_and_ground_switches_to_grounding_then_the_after_checkin(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=60)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 2 of")
    page.keyboard.press("g")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 1 of 4")
    expect(page.locator("#step-name")).to_have_text("Orienting")
    shoot(page, "player-grounding")

    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form", {"tension": 5, "pain": 2, "distress": 8, "breath": 4})
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()
    expect(page.locator("#screen-support .support-text")).to_contain_text("https://findahelpline.com")
    shoot(page, "player-support")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#closing-words")).to_contain_text("That is a skill, not a failure")

    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["grounded"] is True
    assert stored["completed"] is False
    assert stored["stopped_at_step"] == 1
    assert stored["checkins"]["after"]["distress"] == 8

    page.goto(app_url)
    expect(page.get_by_role("note")).to_contain_text("you stopped to ground yourself last time")
    expect(page.get_by_role("note")).to_contain_text("shorter and gentler")
    shoot(page, "home-gentler")
    go_to(page, "Plan")
    expect(page.locator("#gentler")).to_contain_text("the tremor stays within 3 minutes today")
    expect(page.get_by_label("Minutes")).to_have_value("20")
    shoot(page, "plan-gentler")


@pytest.mark.widths
def test_high_distress_before_offers_grounding_and_support_instead(page: Page, app_url: str) -> None:
    page.clock.install()
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=60)
    rate(page, "before-form", {"distress": 9})
    page.get_by_role("button", name="Begin the session").click()
    expect(page.get_by_role("heading", name="Let's go gently today")).to_be_visible()
    expect(page.locator("#screen-high-distress .support-text")).to_contain_text("https://findahelpline.com")
    # Where to find help is right here, tappable; never "go and add it in Settings".
    expect(page.locator('#screen-high-distress .support-text a[href="tel:112"]')).to_have_count(1)
    expect(page.locator("#screen-high-distress")).not_to_contain_text("Settings")
    expect(page.locator("#screen-play")).to_be_hidden()
    shoot(page, "player-high-distress")
    page.get_by_role("button", name="Do a grounding practice").click()
    expect(page.locator("#step-position")).to_contain_text("Stop & ground")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["checkins"]["before"]["distress"] == 9
    assert stored["grounded"] is True


def test_the_keyboard_pauses_moves_and_grounds(page: Page, app_url: str) -> None:
    give_intake(app_url)
    start_today(page, app_url, speed=1)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    # Arriving, focus reads the step's heading, so the live region says only the first cue.
    expect(page.locator("#step-name")).to_be_focused()
    first_name = page.locator("#step-name").inner_text().split(" (")[0]
    expect(page.locator("#announce")).not_to_be_empty()
    expect(page.locator("#announce")).not_to_contain_text(first_name)
    page.keyboard.press(" ")
    expect(page.locator("#countdown")).to_contain_text("paused")
    expect(page.locator("#pause")).to_have_text("Resume")
    page.keyboard.press(" ")
    expect(page.locator("#pause")).to_have_text("Pause")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-position")).to_contain_text("step 2 of")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    # Moving keeps focus where it was, so the live region names the step before its cue.
    expect(page.locator("#announce")).to_contain_text(first_name)


def ground_offline(page: Page, base: str, after: dict[str, int]) -> int:
    """Start a session, lose the connection, Stop & ground and give the after check-in; the session id."""
    page.clock.install()
    give_intake(base)
    session_id = start_today(page, base, speed=60)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    page.context.set_offline(True)
    page.keyboard.press("g")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    rate(page, "after-form", after)
    page.get_by_role("button", name="Save how I feel").click()
    page.get_by_role("button", name="Continue").click()
    return session_id


def test_a_dropped_connection_keeps_the_checkin_until_the_server_answers(page: Page, app_url: str) -> None:
    session_id = ground_offline(page, app_url, {"tension": 3, "pain": 1, "distress": 2, "breath": 7})
    expect(page.locator("#sync-status")).to_contain_text("waiting")
    assert httpx.get(f"{app_url}/api/sessions/{session_id}").json()["checkins"]["after"] is None
    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("Everything is saved.", timeout=15_000)
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["checkins"]["after"]["breath"] == 7
    assert stored["grounded"] is True


def test_checkins_kept_offline_reach_the_server_from_the_next_page_opened(page: Page, app_url: str) -> None:
    session_id = ground_offline(page, app_url, {"tension": 3, "pain": 1, "distress": 9, "breath": 4})
    page.goto("about:blank")  # the player is left while still offline: it can send nothing more
    assert httpx.get(f"{app_url}/api/sessions/{session_id}").json()["finished_at"] is None
    page.context.set_offline(False)
    page.goto(app_url)
    expect(page.get_by_role("note")).to_contain_text("you stopped to ground yourself", timeout=15_000)
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["grounded"] is True
    assert stored["checkins"]["after"]["distress"] == 9


def test_a_plan_being_changed_is_not_redrawn_when_kept_checkins_arrive(page: Page, app_url: str) -> None:
    session_id = ground_offline(page, app_url, {"tension": 3, "pain": 1, "distress": 9, "breath": 4})
    page.goto("about:blank")
    page.context.set_offline(False)
    held: list[Route] = []
    page.route("**/api/sessions/**", lambda route: held.append(route))  # kept until released
    drawn: list[str] = []
    page.on("request", lambda asked: drawn.append(asked.url) if asked.resource_type == "document" else None)
    page.goto(f"{app_url}/plan")
    page.get_by_label("Minutes").select_option("45")
    page.wait_for_timeout(300)
    assert len(held) == 1, "the first kept request should be waiting"
    held[0].continue_()
    page.unroute("**/api/sessions/**")
    deadline = time.monotonic() + 15
    while not httpx.get(f"{app_url}/api/sessions/{session_id}").json()["grounded"]:
        assert time.monotonic() < deadline, "the kept check-ins never arrived"
        page.wait_for_timeout(100)
    # The note and a redraw exclude each other: once the note shows, no redraw is coming.
    arrived = page.get_by_role("status").filter(has_text="today's suggestion may have changed")
    expect(arrived).to_be_visible()
    assert drawn == [f"{app_url}/plan"], f"the page was drawn again: {drawn}"
    expect(page.get_by_label("Minutes")).to_have_value("45")
    arrived.get_by_role("button", name="Show the page again").click()
    expect(page.locator("#gentler")).to_contain_text("the tremor stays within 3 minutes today")


def test_not_now_after_high_distress_still_makes_the_next_session_gentler(page: Page, app_url: str) -> None:
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=60)
    rate(page, "before-form", {"distress": 9})
    page.get_by_role("button", name="Begin the session").click()
    page.get_by_role("link", name="Not now").click()
    page.wait_for_url(f"{app_url}/")
    expect(page.get_by_role("note")).to_contain_text("your distress was 9 out of 10 before your last session")
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["finished_at"] is not None
    assert stored["completed"] is False
    # A check-in, not a session: it is not counted in the week, and History says what it was.
    assert stored["counts_as_practice"] is False
    expect(page.locator("main")).to_contain_text("0 of 3 sessions this week")
    page.goto(f"{app_url}/history")
    expect(page.get_by_role("row").filter(has_text="checked in only, not practised")).to_have_count(1)


def wait_until_finished(base: str, session_id: int) -> None:
    for _ in range(100):
        if httpx.get(f"{base}/api/sessions/{session_id}").json()["finished_at"]:
            return
        time.sleep(0.05)
    raise AssertionError("the player never told the server the session ended")


def test_a_reload_on_the_after_checkin_asks_again_and_still_offers_support(page: Page, app_url: str) -> None:
    session_id = ground_at_once(page, app_url)
    wait_until_finished(app_url, session_id)
    page.reload()
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    expect(page.locator("#stop-ground")).to_be_hidden()
    rate(page, "after-form", {"tension": 4, "pain": 2, "distress": 3, "breath": 5})
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()  # grounded
    expect(page.locator("#screen-support .support-text")).to_contain_text("https://findahelpline.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#sync-status")).to_have_text("Everything is saved.")
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["grounded"] is True
    assert stored["checkins"]["after"]["distress"] == 3
    page.reload()
    expect(page.get_by_role("heading", name="This session is finished")).to_be_visible()


@pytest.mark.widths
def test_a_finished_session_cannot_be_played_again(page: Page, app_url: str) -> None:
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=60)
    httpx.post(f"{app_url}/api/sessions/{session_id}/finish", json={"completed": True})
    after = {"moment": "after", "tension": 2, "pain": 1, "distress": 1, "breath": 8}
    assert httpx.post(f"{app_url}/api/sessions/{session_id}/checkins", json=after).status_code == 201
    page.goto(f"{app_url}/play/{session_id}")
    expect(page.get_by_role("heading", name="This session is finished")).to_be_visible()
    expect(page.locator("#before-form")).to_have_count(0)
    shoot(page, "player-finished")


def test_space_on_a_focused_stop_and_ground_button_grounds(page: Page, app_url: str) -> None:
    give_intake(app_url)
    start_today(page, app_url, speed=1)
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-name")).to_be_focused()
    page.locator("#stop-ground").focus()
    page.keyboard.press(" ")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground")
    assert page.evaluate("() => window.psoasPlayer.paused") is False


def test_stop_and_ground_is_kept_even_if_the_page_is_left_during_grounding(page: Page, app_url: str) -> None:
    # A person who stops may well close the app before the grounding ends: the next session must
    # still be the gentler one.
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=1)
    context = page.context
    rate(page, "before-form")
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")
    page.keyboard.press("g")
    expect(page.locator("#step-position")).to_contain_text("Stop & ground · step 1 of 4")
    wait_until_finished(app_url, session_id)
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["grounded"] is True
    assert stored["completed"] is False
    assert stored["stopped_at_step"] == 0
    # The tab is closed mid-grounding; opened again later, the session asks how the person is,
    # then offers support. (A reload of the same tab carries on grounding: test_player_reload.)
    player_url = page.url
    page.close()
    page = context.new_page()
    page.goto(player_url)
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    rate(page, "after-form", {"tension": 4, "pain": 2, "distress": 3, "breath": 5})
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()
    page.goto(app_url)
    expect(page.get_by_role("note")).to_contain_text("you stopped to ground yourself last time")


def test_grounding_to_its_end_sends_how_it_ended_only_once(page: Page, app_url: str) -> None:
    session_id = ground_at_once(page, app_url)
    rate(page, "after-form", {"tension": 4, "pain": 2, "distress": 3, "breath": 5})
    page.get_by_role("button", name="Save how I feel").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#sync-status")).to_have_text("Everything is saved.")
    stored = httpx.get(f"{app_url}/api/sessions/{session_id}").json()
    assert stored["grounded"] is True
    assert stored["stopped_at_step"] == 0


@pytest.mark.widths
def test_a_checkin_stores_only_the_ratings_given_and_names_the_ones_left_out(
    page: Page, app_url: str
) -> None:
    page.clock.install()
    give_intake(app_url)
    session_id = start_today(page, app_url, speed=60)
    missing = page.locator("#before-form [data-missing]:visible")
    summary = page.locator("#before-form [data-missing-summary]")
    expect(page.locator("#before-form input:checked")).to_have_count(0)

    page.get_by_role("button", name="Begin the session").click()
    expect(summary).to_have_text(
        "Still to answer: Tension in your body, Pain, Distress or upset, Ease of breathing."
    )
    expect(missing).to_have_count(4)
    expect(page.locator('#before-form input[name="tension"][value="0"]')).to_be_focused()
    expect(page.locator("#screen-before")).to_be_visible()
    shoot(page, "player-before-missing")
    # Each number is its own tap target: at least 24 px wide even on a phone (WCAG 2.5.8).
    widths = page.eval_on_selector_all(
        "#before-form .rating label", "labels => labels.map(l => l.getBoundingClientRect().width)"
    )
    assert len(widths) == 44
    assert min(widths) >= 24, f"narrowest answer: {min(widths):.1f} px"
    assert httpx.get(f"{app_url}/api/sessions/{session_id}").json()["checkins"]["before"] is None

    for field, value in {"tension": 4, "pain": 1, "distress": 3}.items():
        page.locator(f'#before-form input[name="{field}"][value="{value}"]').check()
    expect(summary).to_have_text("Still to answer: Ease of breathing.")
    expect(missing).to_have_count(1)
    page.locator('#before-form input[name="breath"][value="6"]').check()
    expect(summary).to_have_text("")
    expect(missing).to_have_count(0)
    page.get_by_role("button", name="Begin the session").click()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")

    page.keyboard.press("g")
    after_checkin = page.get_by_role("heading", name="How are you now?")
    until_shown(page, after_checkin)
    expect(after_checkin).to_be_visible(timeout=30_000)
    expect(page.locator("#after-form input:checked")).to_have_count(0)
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.locator("#after-form [data-missing-summary]")).to_contain_text("Still to answer: Tension")
    expect(page.get_by_role("heading", name="How are you now?")).to_be_visible()
    rate(page, "after-form", {"distress": 2})
    page.get_by_role("button", name="Save how I feel").click()
    expect(page.get_by_role("heading", name="Take care of yourself now")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#sync-status")).to_have_text("Everything is saved.")

    checkins = httpx.get(f"{app_url}/api/sessions/{session_id}").json()["checkins"]
    before = {k: checkins["before"][k] for k in ("tension", "pain", "distress", "breath")}
    assert before == {"tension": 4, "pain": 1, "distress": 3, "breath": 6}
    assert checkins["after"]["distress"] == 2
    assert checkins["after"]["emotions_came_up"] is None  # not asked for, so not stored as "no"
