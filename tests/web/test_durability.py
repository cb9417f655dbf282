"""Durability: the server killed outright (SIGKILL, as by the kernel's out-of-memory killer or a
crash) in the middle of a stream of writes keeps every write it acknowledged, and its database is
intact and served again on restart, on SQLite and PostgreSQL."""

import signal
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from psoas.store.database import make_engine
from tests.servers import psoas_process, psoas_server

WRITERS = 4
URL = "/api/questionnaires/gad7/results"


def write_until_killed(base: str, acknowledged: list[int], stop: threading.Event) -> None:
    """Send results one after another; keep the id of each the server answered 201 for."""
    with httpx.Client(timeout=5) as client:
        while not stop.is_set():
            try:
                answer = client.post(f"{base}{URL}", json={"answers": [1, 0, 2, 0, 1, 0, 3]})
            except httpx.HTTPError:
                return  # the server is gone: what it did not answer was never acknowledged
            if answer.status_code == 201:
                acknowledged.append(answer.json()["id"])


def test_every_acknowledged_write_survives_a_kill(fresh_database_url: str, tmp_path: Path) -> None:
    acknowledged: list[int] = []
    stop = threading.Event()
    with psoas_process(fresh_database_url, tmp_path) as (base, process):
        writers = [
            threading.Thread(target=write_until_killed, args=(base, acknowledged, stop))
            for _ in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        time.sleep(1.5)  # a stream of writes is under way
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        stop.set()
        for writer in writers:
            writer.join(timeout=10)
    assert len(acknowledged) > 20, "the writes were under way when the server was killed"
    engine = make_engine(fresh_database_url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = set(connection.execute(text("SELECT id FROM questionnaire_results")).scalars())
    engine.dispose()
    assert set(acknowledged) <= stored, f"{len(set(acknowledged) - stored)} acknowledged writes lost"
    # And it serves again, with everything it had.
    with psoas_server(fresh_database_url, tmp_path) as base:
        results = httpx.get(f"{base}{URL}").json()["results"]
        assert {r["id"] for r in results} >= set(acknowledged)
