"""Form pages do their database work off the event loop: while one waits for the database, the
server goes on answering everything else."""

import sqlite3
import threading
import time
from pathlib import Path

import httpx

from tests.servers import psoas_server


def test_the_server_answers_while_a_form_waits_for_a_locked_database(tmp_path: Path) -> None:
    database = tmp_path / "locked.sqlite3"
    with psoas_server(f"sqlite:///{database}", tmp_path) as base:
        assert httpx.get(f"{base}/settings").status_code == 200  # the person and settings exist
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
        answers: list[httpx.Response] = []
        form = {
            "voice_rate": "1",
            "weekly_target": "4",
            "minutes": "30",
            "questionnaire_days": "14",
            "theme": "dark",
            "support_text": "Call Sam",
        }
        poster = threading.Thread(
            target=lambda: answers.append(httpx.post(f"{base}/settings", data=form, timeout=30))
        )
        poster.start()
        time.sleep(0.5)  # the form is now waiting for the lock
        version = httpx.get(f"{base}/api/version", timeout=2)
        waiting = poster.is_alive()
        holder.execute("COMMIT")
        holder.close()
        poster.join(timeout=30)
    assert version.status_code == 200
    assert waiting, "the form should still have been waiting for the database"
    assert answers[0].status_code == 200
    assert "Call Sam" in answers[0].text
