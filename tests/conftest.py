"""Shared fixtures: the shipped library, and running the real `psoas` command."""

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from psoas.practice.library import Library, default_library
from psoas.store.accounts import use_password_hashing
from psoas.store.database import Database, make_engine, upgrade
from tests.servers import create_database, postgres_server, psoas_server

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Passwords hashed the light way (OWASP's least for Argon2id, a tenth of the standard's work) in the
# tests and in every server and command they start: the suite makes hundreds of logins. The
# standard setting is what psoas uses unless told (tests/store/test_accounts.py checks both).
os.environ["PSOAS_PASSWORD_HASHING"] = "light"
use_password_hashing("light")


@pytest.fixture(scope="session")
def library() -> Library:
    return default_library()


def run_psoas(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, without a terminal on stdin; `env` adds to
    (or overrides) the environment, the terminal width included."""
    return subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "160", "NO_COLOR": "1", **(env or {})},
        check=False,
    )


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """One throwaway PostgreSQL server for the whole run, stopped at the end."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database of each kind: a SQLite file, and a database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'psoas.sqlite3'}"
    admin_url = request.getfixturevalue("postgres_admin_url")
    return create_database(admin_url, "psoas_web")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind for one test alone: for tests that change what others read,
    or delete everything. A SQLite file, or a new database on the shared PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    admin_url = request.getfixturevalue("postgres_admin_url")
    return create_database(admin_url, f"psoas_{uuid.uuid4().hex[:12]}")


def _migrated(url: str) -> None:
    database = Database(url)
    upgrade(database.engine)
    database.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the current schema once per run (in each worker)."""
    path = tmp_path_factory.mktemp("template") / "psoas.sqlite3"
    _migrated(f"sqlite:///{path}")
    # Closed, so the write-ahead log is back in the file: the file alone is the whole database.
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> str:
    """A database on the shared PostgreSQL server migrated to the current schema once per run (in
    each worker); its name."""
    name = f"psoas_template_{uuid.uuid4().hex[:12]}"
    _migrated(create_database(postgres_admin_url, name))
    return name


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind at the current schema, for one test alone: a copy of one that
    Alembic migrated once per run (a file copy, or PostgreSQL's CREATE DATABASE ... TEMPLATE), so
    that a test whose subject is not the migrations does not run all of them again. Tests of the
    migrations and of starting on an empty database use `fresh_database_url`."""
    if request.param == "sqlite":
        path = tmp_path / "psoas.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    admin_url = request.getfixturevalue("postgres_admin_url")
    template = request.getfixturevalue("postgres_template")
    return create_database(admin_url, f"psoas_{uuid.uuid4().hex[:12]}", template=template)


@pytest.fixture
def fresh_app(fresh_database_url: str, tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """`psoas serve` of its own on an empty database of each kind, and a way into that database:
    for tests that change what every page shows, or delete everything."""
    with psoas_server(fresh_database_url, tmp_path) as base:
        database = Database(fresh_database_url)
        yield base, database
        database.engine.dispose()


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`psoas serve` running against the database; its base URL."""
    with psoas_server(database_url, tmp_path_factory.mktemp("data")) as base:
        yield base


@pytest.fixture(scope="session")
def engine(database_url: str, server: str) -> Iterator[Engine]:
    """A direct connection to the server's database, to check what was stored."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
