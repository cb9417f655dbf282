"""Home leads on: once there are sessions, to all of them and to the report to print or share."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import psoas_server


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as url:
        yield url


def test_home_links_to_history_and_the_report_once_there_are_sessions(base: str) -> None:
    assert 'href="/report"' not in httpx.get(f"{base}/").text
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]})
    home = httpx.get(f"{base}/").text
    assert '<a href="/report">Progress report to print or share</a>' in home
    assert '<a href="/history">All sessions</a>' in home


def test_the_plan_shows_the_tremor_itself_apart_from_the_phase(base: str) -> None:
    page = httpx.get(f"{base}/plan", params={"minutes": 30, "seed": 3}).text
    phase = page[page.index("<h3>tremor · ") :]
    assert "of it the tremor itself; the rest is its invitation and practising stopping" in phase[:400]


def test_a_questionnaire_with_blank_questions_says_so_as_a_person_would(base: str) -> None:
    empty = httpx.post(f"{base}/questionnaires/phq9", data={})
    assert empty.status_code == 422
    said = "None of the 9 questions has an answer yet. PHQ-9 gives a score only when every question"
    assert said in empty.text
    assert '<a href="#item-1">Go to question 1</a>' in empty.text
    some = {f"item-{n}": "1" for n in range(1, 10) if n not in (2, 9)}
    partly = httpx.post(f"{base}/questionnaires/phq9", data=some)
    assert "Questions 2 and 9 have no answer yet." in partly.text
    assert '<a href="#item-2">Go to question 2</a>' in partly.text
    assert 'id="item-2"' in partly.text
