"""Starting a session from the Plan page: a refused start says why and starts nothing."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import psoas_server


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as url:
        yield url


def sessions(base: str) -> list[dict]:
    return httpx.get(f"{base}/api/sessions").json()["sessions"]


def test_a_start_before_the_intake_leads_to_it_and_says_why(base: str) -> None:
    answer = httpx.post(f"{base}/plan/start", data={"minutes": "20", "seed": "1"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/intake?needed=plan"
    page = httpx.get(f"{base}{answer.headers['location']}").text
    assert "Before psoas plans a session, it needs these answers" in page
    assert sessions(base) == []


def test_a_start_with_a_bad_length_shows_the_plan_page_with_the_error(base: str) -> None:
    httpx.post(f"{base}/intake", data={"level": "beginner", "focus": "hips", "support_available": "on"})
    answer = httpx.post(f"{base}/plan/start", data={"minutes": "5", "level": "beginner", "seed": "1"})
    assert answer.status_code == 422
    assert "minutes must be between 10 and 120, got 5" in answer.text
    assert 'id="plan-form"' in answer.text  # the form, to choose again
    wrong_level = httpx.post(f"{base}/plan/start", data={"minutes": "20", "level": "guru", "seed": "1"})
    assert wrong_level.status_code == 422
    assert "unknown level &#39;guru&#39;" in wrong_level.text
    assert sessions(base) == []
    started = httpx.post(f"{base}/plan/start", data={"minutes": "20", "level": "beginner", "seed": "1"})
    assert started.status_code == 303
    assert len(sessions(base)) == 1
