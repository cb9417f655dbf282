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
