"""'Delete all my data' leaves nothing readable behind in the SQLite files, write-ahead log included."""

from pathlib import Path

import httpx

from tests.servers import psoas_server

NOTE = "ZEBRA-private-note-4711"


def test_deleted_notes_are_not_left_in_the_database_files(tmp_path: Path) -> None:
    database = tmp_path / "psoas.sqlite3"
    with psoas_server(f"sqlite:///{database}", tmp_path) as base:
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
        session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
        checkin = {"moment": "before", "tension": 4, "pain": 2, "distress": 3, "breath": 6, "note": NOTE}
        assert httpx.post(f"{base}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
        stored = b"".join(path.read_bytes() for path in tmp_path.glob("psoas.sqlite3*"))
        assert NOTE.encode() in stored  # the files do hold it while it exists
        answer = httpx.post(f"{base}/settings/delete", data={"confirmation": "delete my data"})
        assert answer.status_code == 200
        assert "All your data was deleted" in answer.text
        assert httpx.get(f"{base}/api/sessions").json()["sessions"] == []
        left = {path.name: NOTE.encode() in path.read_bytes() for path in tmp_path.glob("psoas.sqlite3*")}
    assert not any(left.values()), f"the note is still readable in {left}"
