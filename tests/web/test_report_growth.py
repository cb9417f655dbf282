"""A report's figures cost the same however many sessions its period holds: a session keeps its
plan's length (started, retried or given a new plan), and the figures are counted from one index,
without reading a session's or a plan's row. On SQLite and PostgreSQL where it applies."""

import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import event, insert, select

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.store.database import Database, upgrade
from psoas.store.models import PracticeSession
from psoas.store.people import local_person_id
from psoas.store.practice_log import period_figures, save_plan, start_practice


def planned(database: Database, session_id: int) -> int | None:
    with database.transaction() as session:
        return session.scalar(select(PracticeSession.planned_seconds).where(PracticeSession.id == session_id))


def test_a_session_keeps_its_plans_length(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    made = httpx.post(f"{base}/api/plans", json={"minutes": 30, "seed": 3, "conditions": ["severe-ptsd"]})
    first = made.json()
    started = httpx.post(f"{base}/api/sessions", json={"plan_id": first["id"]}).json()
    assert planned(database, started["id"]) == first["total_seconds"]
    key = {"Idempotency-Key": "a-session-with-a-key"}
    kept = httpx.post(f"{base}/api/sessions", json={"plan_id": first["id"]}, headers=key).json()
    assert planned(database, kept["id"]) == first["total_seconds"]
    # A facilitator present: the session's plan is made again, with the tremor, and longer parts.
    answer = httpx.put(f"{base}/api/sessions/{started['id']}/facilitator", json={"present": True})
    assert answer.status_code == 200, answer.text
    now = httpx.get(f"{base}/api/sessions/{started['id']}").json()
    assert now["plan_id"] != first["id"]
    assert planned(database, started["id"]) == now["planned_seconds"]


def test_a_session_stored_without_its_length_counts_its_plans(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    made = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    assert httpx.post(f"{base}/api/sessions", json={"plan_id": made["id"]}).status_code == 201
    with database.transaction() as session:  # as a row written before sessions kept it
        person_id = session.scalar(select(PracticeSession.person_id))
        session.execute(insert(PracticeSession).values(person_id=person_id, plan_id=made["id"]))
    report = " ".join(httpx.get(f"{base}/report").text.split())
    assert "2 sessions (40 minutes planned" in report
    listed = httpx.get(f"{base}/api/sessions").json()["sessions"]
    assert [s["planned_seconds"] for s in listed] == [made["total_seconds"]] * 2


def test_the_figures_are_counted_from_one_index() -> None:
    """SQLite: the figures' query reads no session's row and no plan's (their JSON lies in overflow
    pages), whatever the period holds."""
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'psoas.sqlite3'}")
        upgrade(database.engine)
        with database.connection() as connection:
            person_id = local_person_id(connection)
            plan_id = save_plan(
                connection, person_id, plan(make_request(default_library(), minutes=20)).to_json()
            )
        with database.transaction() as session:
            start_practice(session, person_id, plan_id)
        statements: list[tuple[str, object]] = []

        def keep(_connection: object, _cursor: object, sql: str, parameters: object, *_rest: object) -> None:
            if "sum(" in sql:
                statements.append((sql, parameters))

        event.listen(database.engine, "before_cursor_execute", keep)
        now = datetime.now(UTC)
        with database.transaction() as session:
            figures = period_figures(session, person_id, now - timedelta(days=1), now + timedelta(days=1))
            assert (figures.sessions, figures.planned_seconds) == (1, 1200)
            [(sql, parameters)] = statements
            steps = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).all()
        database.engine.dispose()
    plan_text = " ".join(str(step[-1]) for step in steps)
    assert re.search(r"COVERING INDEX sessions_in_period", plan_text), plan_text
    # A plan is read only for a session stored without its length (a correlated subquery, run
    # for such rows alone); the period's sessions are read from the index.
    assert "SCAN sessions" not in plan_text, plan_text
    assert "USING INDEX sessions_by_start" not in plan_text, plan_text
