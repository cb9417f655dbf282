"""Questionnaire results through the API, on SQLite and PostgreSQL: scored, stored, refused cleanly."""

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from psoas.store.models import QuestionnaireResult


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(QuestionnaireResult)) or 0


def test_it_scores_and_stores_item_level_answers(server: str, engine: Engine) -> None:
    response = httpx.post(
        f"{server}/api/questionnaires/phq9/results",
        # Dated in the past: told today, item 9 would make this shared server's day grounding only.
        json={"answers": [1, 2, 0, 3, 1, 1, 2, 0, 1], "taken_on": "2026-10-01"},
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["total"], data["band"], data["flags"]) == (11, "moderate", ["self-harm-thoughts"])
    with Session(engine) as session:
        row = session.get(QuestionnaireResult, data["id"])
        assert row is not None
        assert row.answers == [1, 2, 0, 3, 1, 1, 2, 0, 1]
        assert row.total == 11


def test_it_keeps_the_day_given_and_lists_results_oldest_first(server: str) -> None:
    url = f"{server}/api/questionnaires/gad7/results"
    httpx.post(url, json={"answers": [2, 2, 2, 2, 2, 2, 2], "taken_on": "2026-10-01"})
    httpx.post(url, json={"answers": [1, 1, 1, 1, 1, 1, 1], "taken_on": "2026-10-15"})
    results = httpx.get(url).json()["results"]
    days = [r["taken_at"][:10] for r in results]
    assert days[:2] == ["2026-10-01", "2026-10-15"]
    assert [r["total"] for r in results[:2]] == [14, 7]


def test_it_refuses_answers_it_cannot_score_and_stores_nothing(server: str, engine: Engine) -> None:
    before = stored(engine)
    wrong_count = httpx.post(f"{server}/api/questionnaires/gad7/results", json={"answers": [1, 2]})
    assert wrong_count.status_code == 422
    assert wrong_count.json()["detail"][0] == {
        "loc": ["body", "answers"],
        "msg": "GAD-7 has 7 items; got 2 answers",
        "type": "value_error",
    }
    out_of_range = httpx.post(
        f"{server}/api/questionnaires/gad7/results", json={"answers": [0, 0, 0, 5, 0, 0, 0]}
    )
    assert "item 4 answer 5 is out of range" in out_of_range.json()["detail"][0]["msg"]
    future = httpx.post(
        f"{server}/api/questionnaires/gad7/results", json={"answers": [0] * 7, "taken_on": "2099-01-01"}
    )
    assert future.status_code == 422
    assert stored(engine) == before


def test_it_404s_an_unknown_instrument(server: str) -> None:
    response = httpx.post(f"{server}/api/questionnaires/pss10/results", json={"answers": [0]})
    assert response.status_code == 404
    assert response.json()["detail"] == "no instrument 'pss10'"


def test_results_are_in_the_json_export_with_their_answers(server: str) -> None:
    httpx.post(f"{server}/api/questionnaires/gad7/results", json={"answers": [3, 3, 3, 3, 3, 3, 3]})
    exported = httpx.get(f"{server}/export.json").json()["questionnaire_results"]
    assert any(r["instrument"] == "gad7" and r["answers"] == [3] * 7 and r["total"] == 21 for r in exported)
