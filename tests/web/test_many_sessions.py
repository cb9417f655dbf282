"""A long practice history: the API and the export hold every session; History says how many it shows."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from psoas.store.database import make_engine
from psoas.store.models import PracticeSession
from psoas.web.pages.history import SHOWN
from tests.servers import psoas_server

MORE = 25


def test_every_session_is_listed_and_history_says_what_it_shows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    with psoas_server(url, tmp_path) as base:
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
        first = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()
        start = datetime(2025, 1, 1, tzinfo=UTC)
        rows = [
            {"person_id": 1, "plan_id": plan["id"], "started_at": start + timedelta(days=i)}
            for i in range(SHOWN + MORE - 1)
        ]
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(insert(PracticeSession), rows)
        engine.dispose()
        total = SHOWN + MORE
        # A page at a time, each following `next`, and together every session once, newest first.
        listed, address = [], "/api/sessions"
        while address:
            page = httpx.get(f"{base}{address}").json()
            assert len(page["sessions"]) <= 50
            listed += page["sessions"]
            address = page["next"]
        assert len(listed) == total
        assert len({s["id"] for s in listed}) == total
        assert listed[0]["id"] == first["id"]  # newest first
        assert [s["started_at"] for s in listed] == sorted((s["started_at"] for s in listed), reverse=True)
        assert httpx.get(f"{base}/api/sessions?limit=201").status_code == 422
        assert httpx.get(f"{base}/api/sessions?after=999999").status_code == 404
        exported = httpx.get(f"{base}/export.json").json()["sessions"]
        assert len(exported) == total
        page = httpx.get(f"{base}/history").text
        assert page.count('<a class="when" href="/history/') == SHOWN
        assert f"The newest {SHOWN} of your {total}," in page
        # Older sessions are a page further, each page as long, and together they are all.
        seen = page.count('<a class="when" href="/history/')
        while (older := re.search(r'href="(/history\?after=\d+)" rel="next"', page)) is not None:
            page = httpx.get(f"{base}{older.group(1)}").text
            seen += page.count('<a class="when" href="/history/')
        assert seen == total
