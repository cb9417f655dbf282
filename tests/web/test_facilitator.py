"""A facilitator's presence is asked per session, never kept as a standing answer: the plan of a
session that has not begun is made again with or without the tremor, on SQLite and PostgreSQL."""

import httpx
from sqlalchemy import select

from psoas.store.database import Database
from psoas.store.models import PracticeSession, StoredPlan

RATINGS = {"tension": 3, "pain": 2, "distress": 2, "breath": 7}


def start(base: str, conditions: list[str]) -> tuple[int, dict[str, object]]:
    body = {"minutes": 30, "seed": 3, "conditions": conditions}
    plan = httpx.post(f"{base}/api/plans", json=body).json()
    session = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()
    return int(session["id"]), plan


def phases(plan: dict[str, object]) -> list[str]:
    return [p["phase"] for p in plan["phases"]]  # type: ignore[attr-defined, index]


def test_a_facilitator_present_brings_the_tremor_into_this_sessions_plan_only(
    fresh_app: tuple[str, Database],
) -> None:
    base, database = fresh_app
    session_id, plan = start(base, ["severe-ptsd"])
    assert "tremor" not in phases(plan)
    answer = httpx.put(f"{base}/api/sessions/{session_id}/facilitator", json={"present": True})
    assert answer.status_code == 200, answer.text
    parts = answer.json()
    assert "tremor" in phases(parts["plan"])
    assert parts["plan"]["request"]["with_facilitator"] is True
    assert parts["plan"]["request"]["seed"] == 3
    assert set(parts) >= {"figures", "cautions", "modifications", "avoidable"}
    with database.transaction() as session:
        practice = session.get(PracticeSession, session_id)
        assert practice is not None
        stored = session.get(StoredPlan, practice.plan_id)
        assert stored is not None
        assert "tremor" in phases(stored.plan)
        # The first plan is kept as it was: nothing is rewritten, the session points to the new one.
        assert len(list(session.scalars(select(StoredPlan)))) == 2
    # The next session starts without a facilitator again: nothing standing was stored.
    _, next_plan = start(base, ["severe-ptsd"])
    assert "tremor" not in phases(next_plan)


def test_the_same_answer_again_changes_nothing_and_a_begun_session_keeps_its_plan(
    fresh_app: tuple[str, Database],
) -> None:
    base, _ = fresh_app
    session_id, plan = start(base, ["severe-ptsd"])
    url = f"{base}/api/sessions/{session_id}/facilitator"
    same = httpx.put(url, json={"present": False})
    assert same.status_code == 200
    assert same.json()["plan"]["phases"] == plan["phases"]
    httpx.post(f"{base}/api/sessions/{session_id}/checkins", json={"moment": "before", **RATINGS})
    late = httpx.put(url, json={"present": True})
    assert late.status_code == 409
    assert late.json()["detail"] == (
        "this session has begun: its plan no longer changes; start a new session instead"
    )


def test_a_wrong_session_or_answer_is_named(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    session_id, _ = start(base, [])
    assert httpx.put(f"{base}/api/sessions/999/facilitator", json={"present": True}).status_code == 404
    wrong = httpx.put(f"{base}/api/sessions/{session_id}/facilitator", json={"present": "yes"})
    assert wrong.status_code == 422


def test_the_intake_no_longer_keeps_a_facilitator(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    answer = httpx.put(f"{base}/api/intake", json={"level": "beginner", "with_facilitator": True})
    assert answer.status_code == 422
    assert "a facilitator is asked per session, not kept with the intake" in answer.text
