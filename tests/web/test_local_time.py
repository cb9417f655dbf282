"""Dates on the person's own clock: the browser's time zone (a cookie) decides the day a session
shows and where the week starts; without one, or with a name nobody knows, it is UTC."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update

from psoas.store.database import make_engine
from psoas.store.models import PracticeSession
from psoas.web.local_time import local, week_start
from tests.servers import psoas_server

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_the_week_starts_on_the_persons_own_monday() -> None:
    sunday_evening_in_new_york = datetime(2026, 3, 16, 2, 30, tzinfo=UTC)  # Monday 02:30 in UTC
    assert week_start(sunday_evening_in_new_york, NEW_YORK) == datetime(2026, 3, 9, tzinfo=NEW_YORK)
    assert week_start(sunday_evening_in_new_york, ZoneInfo("UTC")) == datetime(2026, 3, 16, tzinfo=UTC)
    assert week_start(datetime(2026, 3, 15, 16, 0, tzinfo=UTC), TOKYO) == datetime(2026, 3, 16, tzinfo=TOKYO)


def test_stored_moments_read_on_the_persons_clock() -> None:
    assert local("2026-03-10T03:30:00+00:00", NEW_YORK).strftime("%Y-%m-%d %H:%M") == "2026-03-09 23:30"
    naive_from_sqlite = datetime(2026, 3, 10, 3, 30)
    assert local(naive_from_sqlite, TOKYO).strftime("%Y-%m-%d %H:%M") == "2026-03-10 12:30"


def test_history_shows_the_day_on_the_persons_clock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    with psoas_server(url, tmp_path) as base:
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
        session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
        engine = make_engine(url)
        with engine.begin() as connection:
            late_evening_in_new_york = datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
            connection.execute(update(PracticeSession).values(started_at=late_evening_in_new_york))
        engine.dispose()
        pages = {
            zone: httpx.get(f"{base}/history/{session_id}", cookies={"psoas_tz": zone} if zone else {}).text
            for zone in ("America/New_York", "", "Mars/Olympus_Mons", "../../etc/passwd")
        }
        listed = httpx.get(f"{base}/history", cookies={"psoas_tz": "America/New_York"}).text
    assert "Session of 2026-03-09" in pages["America/New_York"]
    # This year's date leaves out the year; an earlier year's keeps it.
    day = "09 Mar" if datetime.now(ZoneInfo("America/New_York")).year == 2026 else "09 Mar 2026"
    assert f">{day}</a>" in listed
    assert ">23:30</span>" in listed
    for unknown in ("", "Mars/Olympus_Mons", "../../etc/passwd"):
        assert "Session of 2026-03-10" in pages[unknown], unknown


def test_only_pages_fetched_with_get_ask_to_be_drawn_again(tmp_path: Path) -> None:
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as base:
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
        session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
        shown = httpx.get(f"{base}/history/{session_id}").text
        # A refused upload answers with the same page; reloading it would send the file again.
        refused = httpx.post(
            f"{base}/history/{session_id}/recordings", files={"file": ("empty.csv", b"", "text/csv")}
        )
    assert refused.status_code >= 400
    assert "Session of" in refused.text
    assert 'data-drawn-in-zone="UTC"' in shown
    assert "data-refresh-after-sync" in shown
    assert "data-drawn-in-zone" not in refused.text
    assert "data-refresh-after-sync" not in refused.text


def test_chart_labels_tell_sessions_of_one_day_apart_by_their_time() -> None:
    from zoneinfo import ZoneInfo

    from psoas.web.pages.history import chart_labels

    def record(started: str, before: int) -> dict[str, object]:
        checkin = {"distress": before}
        return {"started_at": started, "checkins": {"before": checkin, "after": None}}

    records = [
        record("2026-12-05T09:00:00+00:00", 5),
        record("2026-12-06T08:15:00+00:00", 6),
        record("2026-12-06T19:40:00+00:00", 7),
        record("2026-12-06T19:40:30+00:00", 8),
    ]
    labels = chart_labels(records, ZoneInfo("UTC"))
    assert labels == ["05 Dec", "06 Dec 08:15", "06 Dec 19:40 (1)", "06 Dec 19:40 (2)"]
