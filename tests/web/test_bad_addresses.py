"""Addresses and query values no record or plan can match: a clear 404 or 422, never a server error."""

import re

import httpx
import pytest

RATINGS = {"tension": 6, "pain": 3, "distress": 4, "breath": 5}
# Past PostgreSQL's 32-bit INTEGER, and past the 64 bits SQLite holds.
HUGE_IDS = [2**31, 10**20]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_the_api_answers_404_for_ids_no_database_can_hold(server: str, huge: int) -> None:
    session = f"{server}/api/sessions/{huge}"
    answers = {
        "read session": httpx.get(session),
        "read plan": httpx.get(f"{server}/api/plans/{huge}"),
        "read recording": httpx.get(f"{server}/api/recordings/{huge}"),
        "delete recording": httpx.delete(f"{server}/api/recordings/{huge}"),
        "check in": httpx.post(f"{session}/checkins", json={"moment": "before", **RATINGS}),
        "finish": httpx.post(f"{session}/finish", json={"completed": True}),
        "start": httpx.post(f"{server}/api/sessions", json={"plan_id": huge}),
    }
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 404)
    assert answers["read session"].json() == {"detail": f"no session with id {huge}"}
    assert answers["start"].json() == {"detail": f"no plan with id {huge}"}


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_pages_show_not_found_for_ids_no_database_can_hold(server: str, huge: int) -> None:
    for path in (f"/history/{huge}", f"/play/{huge}"):
        page = httpx.get(f"{server}{path}", headers={"Accept": "text/html"})
        assert page.status_code == 404, path
        assert f"no session with id {huge}" in page.text
    delete = httpx.post(f"{server}/history/1/recordings/{huge}/delete", data={"confirm": "yes"})
    assert delete.status_code == 404


@pytest.mark.parametrize("minutes", ["²", "9" * 5000, "thirty"])
def test_the_plan_page_names_minutes_that_are_not_a_whole_number(server: str, minutes: str) -> None:
    page = httpx.get(f"{server}/plan", params={"minutes": minutes, "seed": "1"})
    assert page.status_code == 422
    assert f"minutes must be a whole number, got {minutes[:20]!r}" in page.text.replace("&#39;", "'")


@pytest.mark.parametrize("seed", ["²", "9" * 20, str(-(2**63) - 1)])
def test_the_plan_page_draws_a_new_seed_for_one_no_plan_can_have(server: str, seed: str) -> None:
    # Text that is not a number, and numbers past 64 bits alike (those answered 422 before).
    page = httpx.get(f"{server}/plan", params={"minutes": "20", "seed": seed})
    assert page.status_code == 200
    drawn = re.search(r'name="seed" value="(-?[0-9]+)"', page.text)
    assert drawn is not None
    assert -(2**63) <= int(drawn.group(1)) < 2**63


def test_a_page_address_that_cannot_name_a_record_shows_the_not_found_page(server: str) -> None:
    html = {"Accept": "text/html"}
    for path in ("/history/abc", "/history/1/recordings/abc", "/play/1.5"):
        page = httpx.get(f"{server}{path}", headers=html)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert "There is no page at this address." in page.text, path
    # Machines keep the documented 422 naming the field.
    api = httpx.get(f"{server}/api/sessions/abc", headers=html)
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["path", "session_id"]
