"""`psoas db upgrade` and `psoas serve` as a contract: say what became of the database, and report a
data folder or database they cannot use by name, with status 1, never as an unexpected error."""

import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory

from psoas.cli.server_commands import listening_socket
from psoas.store.database import MIGRATIONS, make_engine
from tests.conftest import run_psoas
from tests.servers import create_database, free_port

HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


@pytest.fixture(autouse=True)
def no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test chooses its database; none comes from the environment the tests run in."""
    monkeypatch.delenv("PSOAS_DATABASE_URL", raising=False)


def message(result: object) -> str:
    """stderr with Rich's and the terminal's line breaks undone."""
    return " ".join(result.stderr.split())  # type: ignore[attr-defined]


def assert_set_up_problem(result: object, *parts: str) -> None:
    """Status 1, every part in the message, and nothing that calls it a bug."""
    text = message(result)
    assert result.returncode == 1, text  # type: ignore[attr-defined]
    for part in parts:
        assert part in text
    assert "Please report it" not in text
    assert "Traceback" not in text


def test_a_data_dir_that_is_a_file_is_named(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a folder")
    result = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(file)})
    assert_set_up_problem(
        result,
        f"cannot create the data folder {file}: {file} is a file, not a folder.",
        "PSOAS_DATA_DIR must lead to a folder psoas can create and write to.",
    )


def test_a_data_dir_below_a_file_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a folder")
    result = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(file / "psoas")})
    assert_set_up_problem(result, f"cannot create the data folder {file / 'psoas'}: {file} is a file")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no folder can be made")
def test_a_data_dir_that_cannot_be_created_is_named() -> None:
    result = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": "/proc/psoas-nope"})
    assert_set_up_problem(
        result, "cannot create the data folder /proc/psoas-nope: No such file or directory. PSOAS_DATA_DIR"
    )


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    file = tmp_path / "psoas.sqlite3"
    file.write_text("these are my notes, not a database\n" * 100)
    result = run_psoas("db", "upgrade", env={"PSOAS_DATABASE_URL": f"sqlite:///{file}"})
    assert_set_up_problem(
        result,
        f"{file} is not a SQLite database (file is not a database).",
        "PSOAS_DATABASE_URL must name a psoas database",
    )
    assert file.read_text().startswith("these are my notes")


def test_a_refused_connection_names_the_url_without_its_password() -> None:
    port = free_port()
    url = f"postgresql+psycopg://someone:s3cret-word@127.0.0.1:{port}/psoas"
    result = run_psoas("db", "upgrade", env={"PSOAS_DATABASE_URL": url})
    assert_set_up_problem(
        result,
        f"cannot use the database postgresql+psycopg://someone:***@127.0.0.1:{port}/psoas:",
        "Connection refused",
        "PSOAS_DATABASE_URL must name a database on a running server",
    )
    assert "s3cret-word" not in result.stdout + result.stderr


def test_a_url_that_is_not_one_is_named_without_its_password() -> None:
    result = run_psoas("db", "upgrade", env={"PSOAS_DATABASE_URL": "postgres:s3cret-word@db"})
    assert_set_up_problem(result, "PSOAS_DATABASE_URL is not a database URL psoas can use: ***@db")
    assert "s3cret-word" not in result.stdout + result.stderr


def test_serve_reports_the_same_set_up_problems(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a folder")
    result = run_psoas("serve", "--port", str(free_port()), env={"PSOAS_DATA_DIR": str(file)}, timeout=30)
    assert_set_up_problem(result, f"cannot create the data folder {file}: {file} is a file, not a folder.")
    url = f"postgresql+psycopg://someone:s3cret-word@127.0.0.1:{free_port()}/psoas"
    result = run_psoas("serve", "--port", str(free_port()), env={"PSOAS_DATABASE_URL": url}, timeout=30)
    assert_set_up_problem(result, "cannot use the database postgresql+psycopg://someone:***@127.0.0.1:")
    assert "serving on" not in result.stdout
    assert "s3cret-word" not in result.stdout + result.stderr


def test_a_new_database_in_a_new_folder_says_so_and_the_next_run_does_not(tmp_path: Path) -> None:
    folder = tmp_path / "does" / "not" / "exist"
    first = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(folder)})
    assert first.returncode == 0, first.stderr
    assert " ".join(first.stdout.split()) == (
        f"psoas: created a new database at {folder / 'psoas.sqlite3'} (schema revision {HEAD}). "
        f"The folder {folder} did not exist and was created too; if you expected existing data, "
        "check PSOAS_DATA_DIR."
    )
    second = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(folder)})
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == (
        f"psoas: the database at {folder / 'psoas.sqlite3'} was already up to date (schema revision {HEAD})."
    )


def test_a_new_database_in_an_existing_folder_does_not_warn(tmp_path: Path) -> None:
    result = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(tmp_path)})
    assert result.stdout.strip() == (
        f"psoas: created a new database at {tmp_path / 'psoas.sqlite3'} (schema revision {HEAD})."
    )


def test_an_older_database_is_upgraded_from_its_revision(tmp_path: Path) -> None:
    path = tmp_path / "psoas.sqlite3"
    previous = ScriptDirectory(str(MIGRATIONS)).get_revision(HEAD).down_revision
    assert isinstance(previous, str)
    migrate_to(f"sqlite:///{path}", previous)
    result = run_psoas("db", "upgrade", env={"PSOAS_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"psoas: upgraded the database at {path} from schema revision {previous} to {HEAD}."
    )


def test_an_empty_postgresql_database_is_set_up(postgres_admin_url: str) -> None:
    url = create_database(postgres_admin_url, "psoas_cli_db")
    result = run_psoas("db", "upgrade", env={"PSOAS_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"psoas: set up a new psoas database in {url} (schema revision {HEAD})."


def migrate_to(url: str, revision: str) -> None:
    """Bring a database to an older revision, as an earlier psoas would have left it."""
    engine = make_engine(url)
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_serve_names_a_port_already_in_use_before_saying_it_serves(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_psoas("serve", "--port", str(port), env={"PSOAS_DATA_DIR": str(tmp_path)}, timeout=30)
    assert_set_up_problem(
        result, f"cannot listen on 127.0.0.1:{port}", "already in use", f"--port {port + 1}"
    )
    assert "serving on" not in result.stdout


def test_serve_listens_on_a_socket_asyncio_treats_as_tcp() -> None:
    # Left at protocol 0, asyncio never set TCP_NODELAY on its connections: every answer then
    # waited for a delayed ACK, and the bare endpoint fell from about 2,200 to 450 requests a second.
    listening = listening_socket("127.0.0.1", "127.0.0.1", 0)
    try:
        assert listening.proto == socket.IPPROTO_TCP
    finally:
        listening.close()


def test_make_run_stopped_with_sigterm_stops_calmly(tmp_path: Path) -> None:
    """`make run` ended by SIGTERM (as `timeout` or a service manager ends it) printed
    "make: *** [Makefile: run] Terminated", which reads as a failure."""
    repo = Path(__file__).resolve().parents[2]
    port = free_port()
    # -o: the environment is already made; this test is about stopping, not installing.
    make = subprocess.Popen(
        ["make", "-C", str(repo), "-o", ".venv/.installed-app", "run", f"PORT={port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PSOAS_DATA_DIR": str(tmp_path)},
    )
    assert make.stdout is not None
    for line in make.stdout:
        if "serving on" in line:
            break
    make.send_signal(signal.SIGTERM)
    out, err = make.communicate(timeout=30)
    assert "psoas: stopped; your data stays in" in out, (out, err)
    assert "Terminated" not in err, err
