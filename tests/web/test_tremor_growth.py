"""The tremor limit grows with practice, not the calendar: a few minutes at first, a little more
after every few sessions that ended settled (no Stop & ground, distress under 8)."""

import re

import httpx

from psoas.practice.program import START_TREMOR_MINUTES, WEEKLY_TREMOR_GROWTH
from psoas.store.database import Database

CALM = {"tension": 3, "pain": 2, "distress": 2, "breath": 7}


def finished(base: str, *, grounded: bool = False, distress: int = 2, pressed_through: bool = False) -> None:
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    session = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()
    url = f"{base}/api/sessions/{session['id']}"
    httpx.post(f"{url}/checkins", json={"moment": "before", **CALM, "distress": distress})
    ending: dict[str, object] = (
        {"completed": False, "stopped_at_step": 0, "grounded": True} if grounded else {"completed": True}
    )
    if pressed_through:  # every step skipped with Next: completed, but a second each
        steps = [s for phase in plan["phases"] for s in phase["steps"]]
        ending["log"] = [
            {"step": i, "exercise": s["exercise"], "planned_seconds": s["seconds"], "seconds": 1}
            | {"ending": "skipped"}
            for i, s in enumerate(steps)
        ]
    assert httpx.post(f"{url}/finish", json=ending).status_code == 200


def limit_on_the_plan_page(base: str) -> int:
    page = httpx.get(f"{base}/plan", params={"minutes": 60, "seed": 4}).text
    found = re.search(r"Tremor up to (\d+) minutes for now", page)
    assert found is not None, "the Plan page says where the limit stands"
    return int(found.group(1))


def test_the_limit_starts_short_and_grows_only_with_settled_sessions(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    httpx.put(f"{base}/api/intake", json={"level": "beginner", "support_available": True})
    start, step = START_TREMOR_MINUTES["beginner"], WEEKLY_TREMOR_GROWTH["beginner"]
    assert limit_on_the_plan_page(base) == start
    # Sessions pressed through with Next end "completed" but were not practised: no growth.
    for _ in range(3):
        finished(base, pressed_through=True)
    assert limit_on_the_plan_page(base) == start
    for _ in range(3):
        finished(base)
    assert limit_on_the_plan_page(base) == start + step
    # A Stop & ground or a distress of 8 does not count towards growth (and the next day is gentler).
    finished(base, grounded=True)
    finished(base, distress=8)
    finished(base)  # one settled, after two that were not
    for _ in range(2):
        finished(base)
    assert limit_on_the_plan_page(base) == start + 2 * step


def test_todays_session_keeps_to_the_limit(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    httpx.put(f"{base}/api/intake", json={"level": "beginner", "support_available": True})
    answer = httpx.post(f"{base}/plan/start", data={"minutes": "60", "seed": "4"}, follow_redirects=False)
    assert answer.status_code == 303
    session_id = int(answer.headers["location"].rsplit("/", 1)[1].split("?")[0])
    plan_id = httpx.get(f"{base}/api/sessions/{session_id}").json()["plan_id"]
    plan = httpx.get(f"{base}/api/plans/{plan_id}").json()
    tremor = next(p for p in plan["phases"] if p["phase"] == "tremor")
    runs = [s["seconds"] for s in tremor["steps"] if s["exercise"] != "how-to-stop-tremoring"]
    assert sum(runs) <= START_TREMOR_MINUTES["beginner"] * 60
