"""The report counts practice: "Not now" at the first check-in is a check-in, not a session, and a
session pressed through with Next is not "completed"."""

import httpx

from psoas.store.database import Database


def started(base: str) -> tuple[str, list[dict[str, object]]]:
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    checkin = {"moment": "before", "tension": 5, "pain": 3, "distress": 9, "breath": 5}
    assert httpx.post(f"{base}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
    return f"{base}/api/sessions/{session_id}", [s for p in plan["phases"] for s in p["steps"]]


def test_not_now_and_pressing_through_are_not_counted_as_practice(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    url, _ = started(base)  # "Not now" after a distress of 9
    assert httpx.post(f"{url}/finish", json={"completed": False, "grounded": False}).status_code == 200
    url, steps = started(base)  # every step skipped with Next
    log = [
        {
            "step": i,
            "exercise": s["exercise"],
            "planned_seconds": s["seconds"],
            "seconds": 1,
            "ending": "skipped",
        }
        for i, s in enumerate(steps)
    ]
    assert httpx.post(f"{url}/finish", json={"completed": True, "log": log}).status_code == 200
    report = " ".join(httpx.get(f"{base}/report").text.split())
    assert "1 session (20 minutes planned, none of them practised): 0 completed" in report
    assert "Besides, 1 check-in without practice" in report
    history = httpx.get(f"{base}/history").text
    assert "pressed through, 0:" in history
