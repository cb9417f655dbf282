"""`psoas user`: the host's account tools, run as the real command against SQLite and PostgreSQL."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as query

from psoas.store.accounts import account_for_token, authenticate, start_login
from psoas.store.database import Database
from psoas.store.models import Account, LoginSession, StoredPlan
from psoas.store.people import local_person_id
from psoas.store.practice_log import save_plan

PASSWORD = "a calm long password"


def user(url: str, *args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    """`psoas user ...` with the password piped to --password-stdin (when one is given)."""
    extra = ["--password-stdin"] if password is not None else []
    return subprocess.run(
        [sys.executable, "-m", "psoas", "user", *args, *extra],
        input=f"{password}\n" if password is not None else "",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PSOAS_DATABASE_URL": url, "COLUMNS": "160", "NO_COLOR": "1"},
        check=False,
    )


def test_creating_the_owner_makes_the_local_practice_theirs(fresh_database_url: str) -> None:
    database = Database(fresh_database_url)
    try:
        assert user(fresh_database_url, "list", password=None).stdout.startswith("psoas: no accounts yet")
        with database.transaction() as session:
            local = local_person_id(session.connection())
            save_plan(session.connection(), local, {"request": {"seed": 1}, "total_seconds": 600})
        made = user(fresh_database_url, "create", "Ana", "--owner")
        assert made.returncode == 0, made.stderr
        assert "created the owner account ana" in made.stdout
        with database.transaction() as session:
            account = session.scalars(query(Account)).one()
            assert account.person_id == local
            assert session.scalar(query(func.count()).where(StoredPlan.person_id == local)) == 1
    finally:
        database.engine.dispose()


@pytest.mark.parametrize(
    ("args", "password", "problem"),
    [
        (("create", "fay", "--facilitator"), PASSWORD, "There is no owner yet"),
        (("create", "ana", "--owner"), "short", "at least 10 characters"),
        (("create", "a b", "--owner"), PASSWORD, "3 to 64 characters"),
        (("create", "ana"), PASSWORD, "choose one role"),
        (("create", "ana", "--owner", "--facilitator"), PASSWORD, "choose one role"),
        (("reset-password", "nobody"), PASSWORD, 'There is no account "nobody"'),
    ],
)
def test_it_refuses_with_a_clear_message_and_status_2(
    tmp_path: Path, args: tuple[str, ...], password: str, problem: str
) -> None:
    # On SQLite only: each is refused before anything is stored, the same on either engine.
    result = user(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", *args, password=password)
    assert result.returncode == 2
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_owner_and_a_taken_name_are_refused(fresh_database_url: str) -> None:
    assert user(fresh_database_url, "create", "ana", "--owner").returncode == 0
    second = user(fresh_database_url, "create", "bea", "--owner")
    assert second.returncode == 2
    assert "There is already an owner" in second.stderr
    taken = user(fresh_database_url, "create", "ANA", "--facilitator")
    assert taken.returncode == 2
    assert 'The username "ana" is taken' in taken.stderr


def test_list_shows_names_roles_and_dates_never_a_hash(fresh_database_url: str) -> None:
    user(fresh_database_url, "create", "ana", "--owner")
    user(fresh_database_url, "create", "fay", "--facilitator")
    user(fresh_database_url, "create", "pat", "--participant")
    listed = user(fresh_database_url, "list", password=None)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["ana", "owner"],
        ["fay", "facilitator"],
        ["pat", "participant"],
    ]
    assert "argon2" not in listed.stdout
    assert all(line.split()[2].startswith("20") for line in lines)


def test_reset_password_sets_it_and_ends_every_login(fresh_database_url: str) -> None:
    user(fresh_database_url, "create", "ana", "--owner")
    database = Database(fresh_database_url)
    try:
        with database.transaction() as session:
            account = session.scalars(query(Account)).one()
            token = start_login(session, account).token
        reset = user(fresh_database_url, "reset-password", "ANA", password="a brand new password")
        assert reset.returncode == 0, reset.stderr
        assert "their logins have ended" in reset.stdout
        with database.transaction() as session:
            assert account_for_token(session, token) is None
            assert session.scalar(query(func.count()).select_from(LoginSession)) == 0
            assert authenticate(session, "ana", "a brand new password", "127.0.0.1") is not None
    finally:
        database.engine.dispose()


def test_in_a_terminal_the_password_is_asked_twice_without_echo(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "psoas", "user", "create", "ana", "--owner"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "PSOAS_DATABASE_URL": url, "NO_COLOR": "1"},
        close_fds=True,
    )
    os.close(secondary)
    screen = ""

    def wait_for(text: str) -> None:
        nonlocal screen
        deadline = time.monotonic() + 30
        while text not in screen and time.monotonic() < deadline:
            if select.select([main], [], [], 0.2)[0]:
                try:
                    screen += os.read(main, 65536).decode(errors="replace")
                except OSError:
                    break
        assert text in screen, screen

    wait_for("Password: ")  # the space comes once echo is off (getpass writes it)
    os.write(main, f"{PASSWORD}\r".encode())
    wait_for("The same password again: ")
    os.write(main, f"{PASSWORD}\r".encode())
    wait_for("created the owner account ana")
    assert process.wait(timeout=30) == 0
    os.close(main)
    assert PASSWORD not in screen  # never echoed
