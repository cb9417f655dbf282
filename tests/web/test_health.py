"""GET /healthz says "ok" only when psoas can really keep data: the database answers, still holds
psoas's tables, and (on SQLite) the file it writes to is the one at its path. The "ok" itself is
checked on the shared servers, in test_api_sessions."""

import shutil
import uuid
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import text

from psoas.store.database import make_engine
from psoas.web.errors import DATABASE_UNAVAILABLE
from tests.servers import create_database, psoas_server


def test_it_is_unavailable_when_the_tables_are_gone(fresh_database_url: str, tmp_path: Path) -> None:
    with psoas_server(fresh_database_url, tmp_path) as base:
        engine = make_engine(fresh_database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        engine.dispose()
        answer = httpx.get(f"{base}/healthz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert "schema" in answer.json()["detail"]


def test_it_is_unavailable_when_the_sqlite_folder_is_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with psoas_server(f"sqlite:///{folder / 'psoas.sqlite3'}", tmp_path) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
        # The server keeps its connection open, so it would go on writing to a file nobody can
        # read again: the data of every later session would be lost at the next restart.
        shutil.rmtree(folder)
        answer = httpx.get(f"{base}/healthz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert str(folder / "psoas.sqlite3") in answer.json()["detail"]


def test_it_is_unavailable_when_the_sqlite_file_is_replaced(tmp_path: Path) -> None:
    database = tmp_path / "psoas.sqlite3"
    with psoas_server(f"sqlite:///{database}", tmp_path) as base:
        # A copy put in its place (a restore from a backup, say) is another file: the server
        # would keep reading and writing the old one.
        copy = tmp_path / "copy.sqlite3"
        shutil.copy(database, copy)
        copy.replace(database)
        answer = httpx.get(f"{base}/healthz")
    assert answer.status_code == 503
    assert "replaced" in answer.json()["detail"]


def test_pages_and_api_say_the_database_is_unavailable(postgres_admin_url: str, tmp_path: Path) -> None:
    url = create_database(postgres_admin_url, f"psoas_gone_{uuid.uuid4().hex[:12]}")
    with psoas_server(url, tmp_path) as base:
        assert httpx.get(f"{base}/api/sessions").status_code == 200
        admin_url = postgres_admin_url.replace("+psycopg", "") + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        api = httpx.get(f"{base}/api/sessions")
        page = httpx.get(f"{base}/history", headers={"Accept": "text/html"})
        health = httpx.get(f"{base}/healthz")
    assert api.status_code == 503
    assert api.json() == {"detail": DATABASE_UNAVAILABLE}
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "cannot reach its data" in page.text
    assert "kept in this browser" in page.text
    assert health.status_code == 503
