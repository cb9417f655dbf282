"""A PCL-5 at or above its cut-point suggests the intake's trauma precautions, and never sets them."""

import httpx

from psoas.store.database import Database
from psoas.store.models import Intake

HIGH = {"answers": [2] * 20}  # total 40, above the default cut-point of 33
LOW = {"answers": [1] * 20}  # total 20


def result_page(base: str, body: dict[str, list[int]]) -> str:
    created = httpx.post(f"{base}/api/questionnaires/pcl5/results", json=body)
    assert created.status_code == 201
    return httpx.get(f"{base}/questionnaires/pcl5/results/{created.json()['id']}").text


def test_a_high_total_suggests_the_precautions_and_changes_nothing(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    httpx.put(f"{base}/api/intake", json={"level": "beginner", "support_available": True})
    page = result_page(base, HIGH)
    assert 'id="precautions"' in page
    assert "psoas has not changed anything" in page
    with database.transaction() as session:
        assert session.query(Intake).one().conditions == []
    assert 'id="precautions"' not in result_page(base, LOW)


def test_no_suggestion_when_the_intake_already_names_heavy_trauma(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    answers = {"level": "beginner", "conditions": ["complex-trauma"], "support_available": True}
    httpx.put(f"{base}/api/intake", json=answers)
    assert 'id="precautions"' not in result_page(base, HIGH)
