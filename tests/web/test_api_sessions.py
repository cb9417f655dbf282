"""Sessions, check-ins and finishing, against SQLite and PostgreSQL: each test checks the stored rows."""

import re
from datetime import UTC, date, datetime, time, timedelta

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from psoas.store.models import Checkin, PracticeSession

RATINGS = {"tension": 6, "pain": 3, "distress": 4, "breath": 5}


def new_session(server: str) -> int:
    plan = httpx.post(f"{server}/api/plans", json={"minutes": 20, "seed": 1}).json()
    response = httpx.post(f"{server}/api/sessions", json={"plan_id": plan["id"]})
    assert response.status_code == 201
    return int(response.json()["id"])


def checkins_in_db(engine: Engine, session_id: int) -> dict[str, Checkin]:
    with Session(engine) as session:
        rows = session.scalars(select(Checkin).where(Checkin.session_id == session_id))
        return {row.moment: row for row in rows}


def test_it_starts_a_session_for_a_stored_plan(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    data = httpx.get(f"{server}/api/sessions/{session_id}").json()
    assert data["finished_at"] is None
    assert data["checkins"] == {"before": None, "after": None}
    with Session(engine) as session:
        assert session.get(PracticeSession, session_id) is not None


def test_it_404s_a_session_for_an_unknown_plan(server: str, engine: Engine) -> None:
    with Session(engine) as session:
        before = session.scalar(select(func.count()).select_from(PracticeSession))
    response = httpx.post(f"{server}/api/sessions", json={"plan_id": 424242})
    assert response.status_code == 404
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(PracticeSession)) == before


def test_it_saves_before_and_after(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    before = httpx.post(f"{server}/api/sessions/{session_id}/checkins", json={"moment": "before", **RATINGS})
    after = httpx.post(
        f"{server}/api/sessions/{session_id}/checkins",
        json={
            "moment": "after",
            "tension": 2,
            "pain": 1,
            "distress": 1,
            "breath": 8,
            "note": "lighter",
            "emotions_came_up": True,
        },
    )
    assert before.status_code == after.status_code == 201
    stored = checkins_in_db(engine, session_id)
    assert (stored["before"].tension, stored["before"].breath) == (6, 5)
    assert (stored["after"].tension, stored["after"].note, stored["after"].emotions_came_up) == (
        2,
        "lighter",
        True,
    )
    shown = httpx.get(f"{server}/api/sessions/{session_id}").json()["checkins"]
    assert shown["after"]["breath"] == 8


def test_it_rejects_tension_out_of_range_and_saves_nothing(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    response = httpx.post(
        f"{server}/api/sessions/{session_id}/checkins", json={"moment": "before", **RATINGS, "tension": 11}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "tension"]
    assert response.json()["detail"][0]["msg"] == "Input should be less than or equal to 10"
    assert checkins_in_db(engine, session_id) == {}


def test_it_refuses_a_note_with_a_nul_character_on_either_database(server: str, engine: Engine) -> None:
    # SQLite would keep it and PostgreSQL refuse the row: the API refuses it first, on both.
    session_id = new_session(server)
    checkin = {"moment": "before", **RATINGS, "note": "tight\x00hips"}
    response = httpx.post(f"{server}/api/sessions/{session_id}/checkins", json=checkin)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "note"]
    assert "NUL character" in response.json()["detail"][0]["msg"]
    assert checkins_in_db(engine, session_id) == {}


def test_it_names_every_missing_or_wrong_field(server: str) -> None:
    session_id = new_session(server)
    response = httpx.post(
        f"{server}/api/sessions/{session_id}/checkins", json={"moment": "during", "pain": -1}
    )
    fields = {tuple(d["loc"]) for d in response.json()["detail"]}
    assert fields == {
        ("body", "moment"),
        ("body", "pain"),
        ("body", "tension"),
        ("body", "distress"),
        ("body", "breath"),
    }


def test_it_refuses_ratings_and_answers_of_the_wrong_type(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/checkins"
    wrong = {"tension": True, "pain": "3", "distress": 4.5, "emotions_came_up": "yes"}
    response = httpx.post(url, json={"moment": "after", **RATINGS, **wrong})
    assert response.status_code == 422
    messages = {d["loc"][-1]: d["msg"] for d in response.json()["detail"]}
    assert messages == {
        "tension": "Input should be a valid integer",
        "pain": "Input should be a valid integer",
        "distress": "Input should be a valid integer",
        "emotions_came_up": "Input should be a valid boolean",
    }
    assert checkins_in_db(engine, session_id) == {}


def test_it_refuses_a_finish_that_contradicts_itself_or_its_plan(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/finish"
    answers = {
        "completed, yet stopped": httpx.post(url, json={"completed": True, "stopped_at_step": 3}),
        "completed, yet grounded": httpx.post(url, json={"completed": True, "grounded": True}),
        "a step past the plan": httpx.post(url, json={"completed": False, "stopped_at_step": 9999}),
        "'yes' for completed": httpx.post(url, json={"completed": "yes"}),
    }
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 422)
    assert answers["completed, yet stopped"].json()["detail"][0]["loc"] == ["body", "stopped_at_step"]
    assert answers["completed, yet grounded"].json()["detail"][0]["loc"] == ["body", "grounded"]
    past = answers["a step past the plan"].json()["detail"][0]
    assert past["loc"] == ["body", "stopped_at_step"]
    assert past["msg"].startswith("stopped_at_step must be a step of the plan, 0 to ")
    with Session(engine) as session:
        stored = session.get(PracticeSession, session_id)
        assert stored is not None
        assert stored.finished_at is None


def test_only_the_after_checkin_asks_whether_emotions_came_up(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/checkins"
    answer = httpx.post(url, json={"moment": "before", **RATINGS, "emotions_came_up": True})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "emotions_came_up"]
    assert checkins_in_db(engine, session_id) == {}
    assert httpx.post(url, json={"moment": "before", **RATINGS, "emotions_came_up": None}).status_code == 201


def test_it_refuses_a_second_before_checkin(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/checkins"
    assert httpx.post(url, json={"moment": "before", **RATINGS}).status_code == 201
    second = httpx.post(url, json={"moment": "before", **RATINGS, "pain": 9})
    assert second.status_code == 409
    assert checkins_in_db(engine, session_id)["before"].pain == 3


def test_a_repeated_checkin_is_taken_as_the_one_stored(server: str, engine: Engine) -> None:
    # A retry whose first answer was lost on the way back: the same answers, so nothing to refuse.
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/checkins"
    body = {"moment": "after", **RATINGS, "note": "calmer", "emotions_came_up": True}
    first, repeat = httpx.post(url, json=body), httpx.post(url, json=body)
    assert (first.status_code, repeat.status_code) == (201, 201)
    assert repeat.json() == first.json()
    assert checkins_in_db(engine, session_id)["after"].note == "calmer"


def test_a_second_checkin_with_other_answers_says_so(server: str) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/checkins"
    assert httpx.post(url, json={"moment": "before", **RATINGS}).status_code == 201
    other = httpx.post(url, json={"moment": "before", **RATINGS, "note": "a second tab"})
    assert other.status_code == 409
    assert other.json()["detail"] == "this session already has a 'before' check-in, with other answers"


def test_it_404s_unknown_session(server: str) -> None:
    response = httpx.post(f"{server}/api/sessions/987654/checkins", json={"moment": "before", **RATINGS})
    assert response.status_code == 404
    assert httpx.get(f"{server}/api/sessions/987654").status_code == 404
    assert httpx.post(f"{server}/api/sessions/987654/finish", json={"completed": True}).status_code == 404


def test_it_finishes_once_with_how_it_ended(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    url = f"{server}/api/sessions/{session_id}/finish"
    response = httpx.post(url, json={"completed": False, "stopped_at_step": 4, "grounded": True})
    assert response.status_code == 200
    assert response.json()["stopped_at_step"] == 4
    with Session(engine) as session:
        stored = session.get(PracticeSession, session_id)
        assert stored is not None
        assert (stored.completed, stored.grounded, stored.stopped_at_step) == (False, True, 4)
        assert stored.finished_at is not None
        finished_at = stored.finished_at
    repeat = httpx.post(url, json={"completed": False, "stopped_at_step": 4, "grounded": True})
    assert repeat.status_code == 200, "a retry of the same ending is the ending stored"
    other = httpx.post(url, json={"completed": True})
    assert other.status_code == 409
    assert other.json()["detail"] == "this session has already ended, in another way"
    with Session(engine) as session:
        stored = session.get(PracticeSession, session_id)
        assert stored is not None
        assert (stored.completed, stored.finished_at) == (False, finished_at)


def test_it_lists_sessions_newest_first(server: str) -> None:
    first, second = new_session(server), new_session(server)
    ids = [s["id"] for s in httpx.get(f"{server}/api/sessions").json()["sessions"]]
    assert ids.index(second) < ids.index(first)


def test_it_answers_the_health_check(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}


def test_home_counts_the_sessions_practised_since_monday(server: str, engine: Engine) -> None:
    def practised_session() -> int:
        session_id = new_session(server)
        checkin = {"moment": "before", **RATINGS}
        assert httpx.post(f"{server}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
        return session_id

    last_week = practised_session()
    monday = datetime.combine(date.today() - timedelta(days=date.today().weekday()), time(), tzinfo=UTC)
    with Session(engine) as session, session.begin():
        stored = session.get(PracticeSession, last_week)
        assert stored is not None
        stored.started_at = monday - timedelta(hours=1)
    practised_session()
    new_session(server)  # opened and left before anything was practised: not counted
    sessions = httpx.get(f"{server}/api/sessions").json()["sessions"]
    begun = [
        s
        for s in sessions
        if any(s["checkins"].values()) or s["completed"] or s["grounded"] or s["stopped_at_step"] is not None
    ]
    practised = [s for s in begun if datetime.fromisoformat(s["started_at"]) >= monday]
    assert last_week not in [s["id"] for s in practised]
    shown = re.search(r"(\d+) of \d+ sessions this week", httpx.get(f"{server}/").text)
    assert shown is not None
    assert int(shown.group(1)) == len(practised)


def test_it_says_how_far_through_the_plan_a_session_went(server: str) -> None:
    plan = httpx.post(f"{server}/api/plans", json={"minutes": 30, "seed": 3}).json()
    steps = [step["seconds"] for phase in plan["phases"] for step in phase["steps"]]
    sessions = {}
    for outcome, finish in (
        ("stopped", {"completed": False, "stopped_at_step": 4, "grounded": True}),
        ("completed", {"completed": True}),
        ("grounding only", {"completed": False, "grounded": True}),
        ("not ended", None),
    ):
        sessions[outcome] = httpx.post(f"{server}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
        if finish is not None:
            httpx.post(f"{server}/api/sessions/{sessions[outcome]}/finish", json=finish)

    def reached(outcome: str) -> object:
        return httpx.get(f"{server}/api/sessions/{sessions[outcome]}").json()["reached_seconds"]

    # Steps 0-3 were reached and left; step 4 was begun when the person stopped, so it does not count.
    assert reached("stopped") == sum(steps[:4])
    assert reached("completed") == plan["total_seconds"] == 1800
    assert reached("grounding only") == 0
    assert reached("not ended") is None
    history = httpx.get(f"{server}/history").text
    assert f"<td>{round(sum(steps[:4]) / 60)} of 30</td>" in history
    assert "<td>0 of 30</td>" in history
    assert '<span class="visually-hidden">not ended,</span> of 30</td>' in history
    detail = httpx.get(f"{server}/history/{sessions['stopped']}").text
    assert f"30 minutes planned, {round(sum(steps[:4]) / 60)} of them reached before it stopped" in detail
