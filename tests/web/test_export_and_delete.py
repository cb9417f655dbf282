"""A person's data, on SQLite and PostgreSQL: the export holds every row of every table that belongs
to them, column by column, and nothing of anyone else's; deleting all of it leaves no row behind,
and psoas works as on the first day afterwards.

The tables are read from the models, so a table added later fails here until the export holds it.
"""

from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import Table, func, select

from psoas.measures.instruments import SHIPPED, load_instruments
from psoas.measures.scoring import score
from psoas.practice.library import default_library
from psoas.practice.workshop import make_workshop_request
from psoas.store.accounts import create_account
from psoas.store.database import Database
from psoas.store.models import Base, Person, Workshop
from psoas.store.practice_log import CheckinValues, add_checkin, save_plan, start_practice
from psoas.store.profile import IntakeAnswers, get_settings, save_intake, set_preference
from psoas.store.questionnaires import save_result
from psoas.store.recordings import save_recording
from psoas.store.sharing import record_view, revoke, share
from psoas.store.utc_time import iso
from psoas.store.workshops import create_workshop, save_template
from tests.web.test_api_recordings import rr_text

OTHER = "OTHER-PERSON-7d1c"


def person_tables() -> list[Table]:
    """Every table that holds a person's data: the people table, and each with a person_id."""
    return [
        t
        for t in Base.metadata.sorted_tables
        if t.name == "people" or {"person_id", "facilitator_id"} & set(t.c.keys())
    ]


def owner(table: Table) -> Any:
    """The column naming the person a row belongs to; a workshop belongs to its facilitator."""
    if table.name == "people":
        return table.c.id
    return table.c.person_id if "person_id" in table.c else table.c.facilitator_id


def records_by_table(export: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Where each table's rows are in the export, as one record per row."""
    sessions = export["sessions"]
    return {
        "people": [export["person"]],
        "intakes": [export["intake"]],
        "settings": [export["settings"]],
        "preferences": [{"exercise_id": e, "choice": c} for e, c in export["preferences"].items()],
        "plans": export["plans"],
        "sessions": sessions,
        "checkins": [c | {"session_id": s["id"]} for s in sessions for c in s["checkins"].values() if c],
        "questionnaire_results": export["questionnaire_results"],
        "recordings": export["recordings"],
        "accounts": [export["account"]],
        "shares": export["shares"],
        "data_views": export["data_views"],
        "participants": export["workshop_participations"],
        "workshops": export["workshops"],
        "workshop_templates": export["workshop_templates"],
    }


# Columns a record need not repeat, each with the reason.
IMPLIED = {
    "person_id": "the export is one person's",
    "people.id": "an internal number; the export is the person",
    "checkins.id": "a check-in is named by its session and moment",
    "preferences.id": "a mark is named by its exercise",
    "accounts.id": "an internal number; the export is the person's one account",
    # Left out on purpose: a hash is no data of the person's, and anyone holding a copy of the
    # file could try guesses against it offline. (Logins, login_sessions, have no person_id and
    # are left out too: a login is a key to the account, not something the person did or said.)
    "accounts.password_hash": "never exported",
    "shares.id": "a share is named by its facilitator and kind",
    "data_views.id": "a view is named by who looked, at what, and when",
    "participants.token_digest": "a phone's key to its workshop place, not the person's data",
    "workshops.facilitator_id": "the export is one person's",
}
# JSON columns whose keys the record holds at its top level.
SPREAD = {"plans.plan", "questionnaire_results.score", "recordings.analysis"}


def matches(row: dict[str, Any], record: dict[str, Any], table: str) -> list[str]:
    """The columns of a stored row that the exported record lacks or shows otherwise."""
    wrong = []
    for column, value in row.items():
        if column in IMPLIED or f"{table}.{column}" in IMPLIED:
            continue
        if f"{table}.{column}" in SPREAD:
            wrong += [f"{column}.{k}" for k, v in value.items() if record.get(k, KeyError) != v]
            continue
        expected = iso(value) if isinstance(value, datetime) else value
        if record.get(column, KeyError) != expected:
            wrong.append(column)
    return wrong


def fill(base: str) -> None:
    """Something in every table, through the app as a person would."""
    intake = {"level": "beginner", "props": "blanket", "focus": "hips", "support_available": "on"}
    assert httpx.post(f"{base}/intake", data=intake).status_code == 200
    settings = {"voice_rate": "1.1", "minutes": "25", "weekly_target": "4", "questionnaire_days": "21"}
    settings |= {"theme": "dark", "support_text": "Call Sam on 555 0100"}
    assert httpx.post(f"{base}/settings", data=settings).status_code == 200
    mark = {"exercise": "constructive-rest", "choice": "prefer"}
    assert httpx.put(f"{base}/api/preferences", json=mark).status_code == 200
    retry = {"Idempotency-Key": "fill-1"}
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}, headers=retry).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}, headers=retry).json()["id"]
    for moment in ("before", "after"):
        checkin = {"moment": moment, "tension": 4, "pain": 2, "distress": 3, "breath": 6, "note": moment}
        assert httpx.post(f"{base}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
    assert httpx.post(f"{base}/api/sessions/{session_id}/finish", json={"completed": True}).status_code == 200
    answers = {"answers": [1, 2, 0, 3, 1, 1, 2, 0, 1]}
    assert httpx.post(f"{base}/api/questionnaires/phq9/results", json=answers).status_code == 201
    upload = {"file": ("polar.txt", rr_text(), "text/plain")}
    response = httpx.post(f"{base}/api/sessions/{session_id}/recordings", files=upload, timeout=60)
    assert response.status_code == 201
    workshop = {"title": "Tuesday group", "minutes": "60", "level": "beginner", "focus": "hips"}
    made = httpx.post(f"{base}/workshops", data=workshop)
    assert made.status_code == 303
    assert (
        httpx.post(f"{base}{made.headers['location']}/template", data={"name": "Weekly"}).status_code == 303
    )


PASSWORD = "a calm long password"


def add_account_and_shares(database: Database, person_id: int) -> None:
    """The person becomes the owner, shares check-ins with a facilitator who looked at them, and
    shared recordings once but stopped. (Through the store: the pages that make these need a
    workshop and a login, and are tested in tests/web/test_accounts.py.)"""
    with database.transaction() as session:
        owner = create_account(session, "me-owner", PASSWORD, "owner")
        assert owner.person_id == person_id
        facilitator = create_account(session, "fay", PASSWORD, "facilitator")
        share(session, person_id, facilitator.person_id, "checkins")
        share(session, person_id, facilitator.person_id, "recordings")
        revoke(session, person_id, facilitator.person_id, "recordings")
        record_view(session, person_id, facilitator.person_id, "checkins")


def logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base)
    assert client.post("/login", data={"username": "me-owner", "password": PASSWORD}).status_code == 303
    return client


def add_someone_else(database: Database) -> None:
    """A second person with a row in every table, stored directly: accounts will bring them."""
    with database.transaction() as session:
        other = Person(name=OTHER)
        session.add(other)
        session.flush()
        save_intake(session, other.id, IntakeAnswers("experienced", [], [], ["general"], True, True))
        get_settings(session, other.id).support_text = OTHER
        set_preference(session, other.id, "constructive-rest", "avoid")
        plan_id = save_plan(session.connection(), other.id, {"request": {"seed": 5}, "total_seconds": 60})
        practice = start_practice(session, other.id, plan_id)
        add_checkin(session, practice, CheckinValues("before", 9, 9, 9, 9, note=OTHER))
        save_result(session, other.id, score(load_instruments(SHIPPED)["gad7"], [3] * 7))
        analysis = {"schema": 1, "kind": "rr", "notes": [OTHER]}
        save_recording(session, other.id, practice.id, f"{OTHER}.txt", 1, analysis, {"rr_ms": [1.0]}, None)
        request = make_workshop_request(45, "beginner", ["general"])
        theirs = create_workshop(session, other.id, OTHER, request, default_library())
        save_template(session, theirs, OTHER)


def stored_rows(database: Database, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the person's, by table, as the database gives it back."""
    rows = {}
    with database.transaction() as session:
        for table in person_tables():
            found = session.execute(select(table).where(owner(table) == person_id))
            rows[table.name] = [dict(row._mapping) for row in found]
    return rows


def test_the_export_holds_every_column_of_every_row_of_the_persons_and_nothing_else(
    fresh_app: tuple[str, Database],
) -> None:
    base, database = fresh_app
    fill(base)
    add_someone_else(database)
    with database.engine.connect() as connection:
        person_id = connection.execute(select(func.min(Person.id))).scalar_one()
    add_account_and_shares(database, person_id)
    client = logged_in(base)
    with database.engine.connect() as connection:
        mine = select(Workshop.join_code).where(Workshop.facilitator_id == person_id)
        code = connection.execute(mine).scalar_one()
    # The person, logged in, takes a place in a workshop from a phone and keeps it with their account.
    assert client.post(f"/w/{code}", data={"nickname": "Me at the back"}).status_code in (200, 303)
    assert client.post(f"/w/{code}/account", data={"action": "link"}).status_code == 303
    response = client.get("/export.json")
    client.close()
    assert OTHER not in response.text
    assert "$argon2" not in response.text
    exported = records_by_table(response.json())
    stored = stored_rows(database, person_id)
    assert set(stored) - set(exported) == set(), "a table of the person's has no place in the export"
    for table, rows in stored.items():
        assert rows, f"fill() stores nothing in {table}"
        assert len(exported[table]) == len(rows), table
        for row in rows:
            problems = [matches(row, record, table) for record in exported[table]]
            closest = min(problems, key=len)
            assert [] in problems, f"{table}: no exported record matches; the closest lacks {closest}"


def test_delete_all_removes_every_row_only_once_confirmed_and_psoas_starts_fresh(
    fresh_app: tuple[str, Database],
) -> None:
    base, database = fresh_app
    fill(base)
    with database.engine.connect() as connection:
        person_id = connection.execute(select(func.min(Person.id))).scalar_one()
    kept = stored_rows(database, person_id)
    refused = httpx.post(f"{base}/settings/delete", data={"confirmation": "delete my"})
    assert refused.status_code == 422
    assert stored_rows(database, person_id) == kept
    deleted = httpx.post(f"{base}/settings/delete", data={"confirmation": "delete my data"})
    assert deleted.status_code == 200
    left = {table: len(rows) for table, rows in stored_rows(database, person_id).items()}
    assert left == dict.fromkeys(kept, 0)
    # As on the first day: asked for the intake, a plan can be made, nothing is remembered.
    home = httpx.get(base).text
    assert "First, a few questions" in home
    assert "<h1>Welcome to psoas</h1>" in home  # not "Welcome back": nothing is remembered
    start = httpx.post(f"{base}/plan/start", data={"minutes": "10"})
    assert start.headers["location"] == "/intake?needed=plan"
    assert httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).status_code == 201
    fresh = httpx.get(f"{base}/export.json").json()
    assert (fresh["intake"], fresh["sessions"], fresh["recordings"]) == (None, [], [])
    assert (fresh["preferences"], fresh["questionnaire_results"], len(fresh["plans"])) == ({}, [], 1)
    assert fresh["settings"]["support_text"] == ""
