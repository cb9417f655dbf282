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


def logged(plan: dict[str, object], seconds: int) -> list[dict[str, object]]:
    """A step log of the plan's first steps, each run as planned, adding up to `seconds` or more."""
    entries: list[dict[str, object]] = []
    steps = [s for p in plan["phases"] for s in p["steps"]]  # type: ignore[attr-defined]
    for number, step in enumerate(steps):
        if sum(int(e["seconds"]) for e in entries) >= seconds:  # type: ignore[call-overload]
            break
        entries.append(
            {
                "step": number,
                "exercise": step["exercise"],
                "planned_seconds": step["seconds"],
                "seconds": step["seconds"],
                "ending": "done",
            }
        )
    return entries


def test_home_counts_only_sessions_with_five_minutes_practised_since_monday(
    server: str, engine: Engine
) -> None:
    def session_with(finish: dict[str, object] | None, seconds: int = 0) -> int:
        plan = httpx.post(f"{server}/api/plans", json={"minutes": 20, "seed": 1}).json()
        session_id = int(httpx.post(f"{server}/api/sessions", json={"plan_id": plan["id"]}).json()["id"])
        checkin = {"moment": "before", **RATINGS}
        assert httpx.post(f"{server}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
        if finish is not None:
            body = {**finish, **({"log": logged(plan, seconds)} if seconds else {})}
            answer = httpx.post(f"{server}/api/sessions/{session_id}/finish", json=body)
            assert answer.status_code == 200, answer.text
        return session_id

    last_week = session_with({"completed": True})
    monday = datetime.combine(date.today() - timedelta(days=date.today().weekday()), time(), tzinfo=UTC)
    with Session(engine) as session, session.begin():
        stored = session.get(PracticeSession, last_week)
        assert stored is not None
        stored.started_at = monday - timedelta(hours=1)
    counted = [
        session_with({"completed": True}, seconds=20 * 60),  # the whole session, logged
        session_with({"completed": False, "stopped_at_step": 3}, seconds=5 * 60),  # stopped after 5 min
        session_with({"completed": True}),  # a client that sends no log: completed counts
    ]
    session_with({"completed": False, "stopped_at_step": None, "grounded": False})  # "Not now"
    session_with({"completed": False, "stopped_at_step": 1, "grounded": True}, seconds=60)  # a minute
    session_with(None)  # checked in and closed
    new_session(server)  # opened and left
    records = {s["id"]: s for s in httpx.get(f"{server}/api/sessions").json()["sessions"]}
    assert [i for i, s in records.items() if s["counts_as_practice"] and i != last_week] == sorted(
        counted, reverse=True
    )
    shown = re.search(r"(\d+) of \d+ sessions this week", httpx.get(f"{server}/").text)
    assert shown is not None
    assert int(shown.group(1)) == 3


def test_a_logged_session_keeps_each_step_and_what_it_adds_up_to(server: str, engine: Engine) -> None:
    plan = httpx.post(f"{server}/api/plans", json={"minutes": 30, "seed": 3}).json()
    session_id = int(httpx.post(f"{server}/api/sessions", json={"plan_id": plan["id"]}).json()["id"])
    steps = [s for p in plan["phases"] for s in p["steps"]]
    tremor_at = next(n for n, s in enumerate(steps) if s["exercise"] == "tre-tremor-position")
    log = [
        {
            "step": 0,
            "exercise": steps[0]["exercise"],
            "planned_seconds": steps[0]["seconds"],
            "seconds": 1,
            "ending": "skipped",
        },
        {
            "step": 1,
            "exercise": steps[1]["exercise"],
            "planned_seconds": steps[1]["seconds"],
            "seconds": 40,
            "ending": "done",
            "paused_seconds": 12,
            "fatigue": 7,
        },
        {
            "step": tremor_at,
            "exercise": "tre-tremor-position",
            "planned_seconds": 60,
            "seconds": 45,
            "ending": "grounded",
            "hurts": True,
            "hurts_where": "hips",
        },
    ]
    body = {"completed": False, "stopped_at_step": tremor_at, "grounded": True, "log": log}
    answer = httpx.post(f"{server}/api/sessions/{session_id}/finish", json=body)
    assert answer.status_code == 200, answer.text
    record = answer.json()
    assert (record["practised_seconds"], record["tremor_seconds"]) == (86, 45)
    assert [e["how"] for e in record["step_log"]] == ["skipped", "shortened", "stopped to ground"]
    with Session(engine) as session:
        stored = session.get(PracticeSession, session_id)
        assert stored is not None
        assert stored.step_log is not None
        assert stored.step_log[1]["fatigue"] == 7
        assert stored.step_log[2]["hurts_where"] == "hips"


def test_a_log_that_does_not_fit_the_plan_is_refused_and_nothing_is_saved(
    server: str, engine: Engine
) -> None:
    session_id = new_session(server)
    wrong = {"step": 0, "exercise": "handstand", "planned_seconds": 60, "seconds": 60, "ending": "done"}
    for log, message in (
        ([wrong], "log entry 0: step 0 of the plan is"),
        ([{**wrong, "step": 999}], "log entry 0: step 999 is not in the plan"),
        ([{**wrong, "seconds": -1}], "greater than or equal to 0"),
        ([{**wrong, "fatigue": 11}], "less than or equal to 10"),
        ([{**wrong, "ending": "flew"}], "'done', 'skipped', 'back' or 'grounded'"),
        ([wrong] * 501, "at most 500 items"),
    ):
        answer = httpx.post(
            f"{server}/api/sessions/{session_id}/finish", json={"completed": True, "log": log}
        )
        assert answer.status_code == 422, log[:1]
        assert message in answer.text, answer.text
    with Session(engine) as session:
        stored = session.get(PracticeSession, session_id)
        assert stored is not None
        assert stored.finished_at is None
        assert stored.step_log is None


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


def test_a_whole_number_written_with_a_fraction_is_that_number(server: str, engine: Engine) -> None:
    # JSON and JSON Schema's "integer" both take 4.0 as the number 4, so the API does too.
    session_id = new_session(server)
    ratings = {"tension": 6.0, "pain": 3, "distress": 4, "breath": 5.0}
    url = f"{server}/api/sessions/{session_id}/checkins"
    response = httpx.post(url, json={"moment": "before", **ratings})
    assert response.status_code == 201
    stored = checkins_in_db(engine, session_id)["before"]
    assert (stored.tension, stored.breath) == (6, 5)
