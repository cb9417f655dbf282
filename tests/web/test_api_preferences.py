"""PUT /api/preferences: marks are stored, change what is planned, and safety steps stay."""

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from psoas.store.models import Preference


def marks(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {p.exercise_id: p.choice for p in session.scalars(select(Preference))}


def test_it_stores_changes_and_clears_a_mark(server: str, engine: Engine) -> None:
    url = f"{server}/api/preferences"
    assert httpx.put(url, json={"exercise": "goddess-pose", "choice": "prefer"}).status_code == 200
    assert marks(engine)["goddess-pose"] == "prefer"
    httpx.put(url, json={"exercise": "goddess-pose", "choice": "avoid"})
    assert marks(engine)["goddess-pose"] == "avoid"
    httpx.put(url, json={"exercise": "goddess-pose", "choice": None})
    assert "goddess-pose" not in marks(engine)


def test_it_rejects_unknown_exercises_and_avoiding_safety_steps(server: str, engine: Engine) -> None:
    url = f"{server}/api/preferences"
    unknown = httpx.put(url, json={"exercise": "handstand", "choice": "prefer"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["msg"] == "unknown exercise 'handstand'"
    safety = httpx.put(url, json={"exercise": "how-to-stop-tremoring", "choice": "avoid"})
    assert safety.status_code == 422
    assert "cannot be avoided" in safety.json()["detail"][0]["msg"]
    bad_choice = httpx.put(url, json={"exercise": "bird-dog", "choice": "maybe"})
    assert bad_choice.status_code == 422
    assert not {"handstand", "how-to-stop-tremoring", "bird-dog"} & set(marks(engine))


def test_the_planner_never_uses_an_avoided_exercise(server: str) -> None:
    for seed in range(8):
        plan = httpx.post(
            f"{server}/api/plans",
            json={"minutes": 60, "seed": seed, "avoid": ["warrior-two", "tre-wall-sit"]},
        ).json()
        used = {s["exercise"] for p in plan["phases"] for s in p["steps"]}
        assert not {"warrior-two", "tre-wall-sit"} & used
