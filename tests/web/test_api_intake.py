"""PUT /api/intake: the answers are stored as the Intake page stores them, bad ones are named and
nothing is saved, and the next session follows them."""

import httpx

from psoas.store.database import Database
from psoas.store.models import Intake


def stored(database: Database) -> Intake | None:
    with database.transaction() as session:
        return session.query(Intake).one_or_none()


def test_it_saves_the_answers_and_answers_what_it_saved(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    body = {"level": "beginner", "conditions": ["pregnancy"], "props": ["pillow"], "focus": ["hips"]}
    response = httpx.put(f"{base}/api/intake", json={**body, "support_available": True})
    assert response.status_code == 200
    assert response.json() == {**body, "support_available": True, "with_facilitator": False}
    intake = stored(database)
    assert intake is not None
    assert (intake.level, intake.conditions, intake.support_available) == ("beginner", ["pregnancy"], True)
    # The same answers as the page would give: Home plans today's session from them.
    assert "Pregnancy" in httpx.get(f"{base}/intake").text


def test_it_names_every_bad_answer_and_saves_nothing(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    body = {"level": "guru", "conditions": ["flu"], "focus": ["hips"]}
    response = httpx.put(f"{base}/api/intake", json=body)
    assert response.status_code == 422
    messages = {tuple(d["loc"]): d["msg"] for d in response.json()["detail"]}
    assert messages[("body", "level")] == "Choose your experience: beginner, intermediate or experienced."
    assert messages[("body", "conditions")] == "Unknown condition 'flu'; choose from the list."
    assert stored(database) is None


def test_it_refuses_a_list_longer_than_any_vocabulary(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    response = httpx.put(f"{base}/api/intake", json={"level": "beginner", "props": ["pillow"] * 101})
    assert response.status_code == 422
    assert stored(database) is None
