"""Simultaneous writes on an empty database, on SQLite and PostgreSQL: every acknowledged write is
kept and visible, and retries sent at once are answered as the first, never with a 500."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from psoas.store.database import Database
from psoas.store.models import Intake, Person, Preference

CLIENTS = 20


def at_once(
    calls: list[tuple[str, str, dict[str, object]]], headers: dict[str, str] | None = None
) -> list[httpx.Response]:
    """Send every (method, url, body) at the same moment, each on its own connection."""

    def send(call: tuple[str, str, dict[str, object]]) -> httpx.Response:
        method, url, body = call
        return httpx.request(method, url, json=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


def test_first_writes_at_once_create_one_person_and_lose_nothing(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    url = f"{base}/api/questionnaires/gad7/results"
    answers = at_once([("POST", url, {"answers": [n % 4, 0, 0, 0, 0, 0, 0]}) for n in range(CLIENTS)])
    assert [a.status_code for a in answers] == [201] * CLIENTS
    assert len(httpx.get(url).json()["results"]) == CLIENTS
    with database.transaction() as session:
        assert session.query(Person).count() == 1


def test_the_same_check_in_sent_at_once_is_stored_once_and_answered_alike(
    fresh_app: tuple[str, Database],
) -> None:
    base, _ = fresh_app
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    url = f"{base}/api/sessions/{session_id}/checkins"
    body = {"moment": "before", "tension": 4, "pain": 2, "distress": 3, "breath": 6}
    answers = at_once([("POST", url, body)] * CLIENTS)
    assert [a.status_code for a in answers] == [201] * CLIENTS
    assert len({a.json()["created_at"] for a in answers}) == 1
    assert httpx.get(f"{base}/api/sessions/{session_id}").json()["checkins"]["before"]["tension"] == 4


def test_one_mark_changed_at_once_by_many_ends_as_one_of_them(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    url = f"{base}/api/preferences"
    choices = [("prefer", "avoid")[n % 2] for n in range(CLIENTS)]
    answers = at_once([("PUT", url, {"exercise": "goddess-pose", "choice": c}) for c in choices])
    assert [a.status_code for a in answers] == [200] * CLIENTS
    with database.transaction() as session:
        marks = session.query(Preference).filter_by(exercise_id="goddess-pose").all()
    assert len(marks) == 1
    assert marks[0].choice in ("prefer", "avoid")


def test_the_intake_sent_at_once_by_many_is_stored_once(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    url = f"{base}/api/intake"
    levels = [("beginner", "intermediate")[n % 2] for n in range(CLIENTS)]
    answers = at_once([("PUT", url, {"level": level, "support_available": True}) for level in levels])
    assert [a.status_code for a in answers] == [200] * CLIENTS
    with database.transaction() as session:
        stored = session.query(Intake).all()
    assert len(stored) == 1
    assert stored[0].level in ("beginner", "intermediate")


def test_a_facilitator_answer_sent_at_once_gives_one_plan_with_the_tremor(
    fresh_app: tuple[str, Database],
) -> None:
    base, _ = fresh_app
    body = {"minutes": 30, "seed": 3, "conditions": ["severe-ptsd"]}
    plan = httpx.post(f"{base}/api/plans", json=body).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    url = f"{base}/api/sessions/{session_id}/facilitator"
    answers = at_once([("PUT", url, {"present": True})] * CLIENTS)
    assert [a.status_code for a in answers] == [200] * CLIENTS
    assert len({str(a.json()["plan"]["phases"]) for a in answers}) == 1
    kept = httpx.get(f"{base}/api/sessions/{session_id}").json()["plan_id"]
    phases = [p["phase"] for p in httpx.get(f"{base}/api/plans/{kept}").json()["phases"]]
    assert "tremor" in phases


def test_the_same_ending_with_its_log_sent_at_once_is_stored_once(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    first = plan["phases"][0]["steps"][0]
    log = [{"step": 0, "exercise": first["exercise"], "planned_seconds": 60, "seconds": 60, "ending": "done"}]
    body = {"completed": False, "stopped_at_step": 0, "grounded": True, "log": log}
    answers = at_once([("POST", f"{base}/api/sessions/{session_id}/finish", body)] * CLIENTS)
    assert [a.status_code for a in answers] == [200] * CLIENTS
    stored = httpx.get(f"{base}/api/sessions/{session_id}").json()
    assert (stored["practised_seconds"], len(stored["step_log"])) == (60, 1)
