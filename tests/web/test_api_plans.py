"""POST /api/plans and GET /api/plans/{id}, against SQLite and PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from psoas.store.models import StoredPlan


def count_plans(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(StoredPlan)) or 0


def test_it_plans_and_stores_the_cli_json_with_an_id(server: str, engine: Engine) -> None:
    response = httpx.post(f"{server}/api/plans", json={"minutes": 30, "seed": 3, "focus": ["hips"]})
    assert response.status_code == 201
    data = response.json()
    assert data["schema"] == 1
    assert data["request"]["focus"] == ["hips"]
    assert abs(data["total_seconds"] - 1800) <= 30
    with Session(engine) as session:
        stored = session.get(StoredPlan, data["id"])
        assert stored is not None
        assert stored.plan["total_seconds"] == data["total_seconds"]
    assert httpx.get(f"{server}/api/plans/{data['id']}").json() == data


def test_it_gives_the_same_plan_as_the_planner_for_a_seed(server: str) -> None:
    first = httpx.post(f"{server}/api/plans", json={"minutes": 45, "seed": 9}).json()
    second = httpx.post(f"{server}/api/plans", json={"minutes": 45, "seed": 9}).json()
    assert first["id"] != second["id"]
    assert first["phases"] == second["phases"]


def test_it_rejects_bad_values_with_a_message_per_field_and_stores_nothing(
    server: str, engine: Engine
) -> None:
    before = count_plans(engine)
    response = httpx.post(f"{server}/api/plans", json={"minutes": 5})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "minutes"],
            "msg": "minutes must be between 10 and 120, got 5",
            "type": "value_error",
        }
    ]
    unknown = httpx.post(f"{server}/api/plans", json={"minutes": 20, "conditions": ["flu"]}).json()
    assert unknown["detail"][0]["loc"] == ["body", "conditions"]
    assert "unknown condition 'flu'" in unknown["detail"][0]["msg"]
    missing = httpx.post(f"{server}/api/plans", json={"level": "beginner"}).json()
    assert missing["detail"][0]["loc"] == ["body", "minutes"]
    assert missing["detail"][0]["msg"] == "Field required"
    # A seed JSON readers and databases cannot hold is refused before planning, not failed on storing.
    huge = httpx.post(f"{server}/api/plans", json={"minutes": 20, "seed": 2**70})
    assert huge.status_code == 422
    assert huge.json()["detail"][0]["loc"] == ["body", "seed"]
    assert huge.json()["detail"][0]["msg"] == f"seed must be a whole number that fits in 64 bits, got {2**70}"
    # Every bad field is named at once, not only the first the planner met.
    several = {"minutes": 5, "level": "guru", "focus": ["x"], "props": ["y"], "avoid": ["reflection", "z"]}
    named = httpx.post(f"{server}/api/plans", json=several).json()["detail"]
    messages = {d["loc"][1]: d["msg"] for d in named}
    assert set(messages) == {"minutes", "level", "focus", "props", "avoid"}
    assert messages["minutes"] == "minutes must be between 10 and 120, got 5"
    assert messages["level"] == "unknown level 'guru'; valid: beginner, intermediate, experienced"
    assert messages["focus"].startswith("unknown focus 'x'; valid: back, hips")
    assert messages["props"].startswith("unknown prop 'y'; valid: blanket, pillow")
    assert messages["avoid"].startswith("unknown exercise 'z'; valid: ")
    assert count_plans(engine) == before


def test_it_refuses_an_exercise_both_preferred_and_avoided(server: str, engine: Engine) -> None:
    # The one rule of a plan request its OpenAPI schema cannot state (tests/fuzz/hooks.py).
    before = count_plans(engine)
    both = {"minutes": 20, "prefer": ["pigeon-pose"], "avoid": ["pigeon-pose"]}
    response = httpx.post(f"{server}/api/plans", json=both)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "prefer"],
            "msg": "'pigeon-pose' is both preferred and avoided; keep it in one list",
            "type": "value_error",
        }
    ]
    assert count_plans(engine) == before


def test_it_404s_an_unknown_plan(server: str) -> None:
    response = httpx.get(f"{server}/api/plans/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "no plan with id 999999"


def test_simultaneous_plans_are_all_stored_each_under_its_own_id(server: str, engine: Engine) -> None:
    # Sixty requests, thirty at a time, whose plans are committed in groups; none may fail or be lost.
    before = count_plans(engine)
    bodies = [{"minutes": 20 + seed % 40, "seed": seed} for seed in range(60)]
    with httpx.Client(base_url=server, timeout=60) as client, ThreadPoolExecutor(30) as pool:
        responses = list(pool.map(lambda body: client.post("/api/plans", json=body), bodies))
    assert [r.status_code for r in responses] == [201] * 60
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == 60
    assert count_plans(engine) == before + 60
    # Plans that shared a commit each got the id of their own row.
    seeds = {r.json()["id"]: r.json()["request"]["seed"] for r in responses}
    with Session(engine) as session:
        rows = session.execute(select(StoredPlan.id, StoredPlan.request).where(StoredPlan.id.in_(ids)))
        assert {row.id: row.request["seed"] for row in rows} == seeds
