"""Making an account from a workshop place ("Keep this with an account"), over real HTTP on SQLite
and PostgreSQL: anyone who saw the join code holds a place, so a place makes one account, an address
makes few in an hour (counted in the database, so every server on it sees the count), a name
taken is refused in the same words as any other, and the password is hashed while no database
connection is held."""

import hashlib
import secrets
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from psoas.store import accounts
from psoas.store.accounts import create_account
from psoas.store.database import Database
from psoas.store.models import Account, Participant, Workshop
from tests.servers import psoas_server

PASSWORD = "a calm long password"
REFUSED_NAME = "That username cannot be used; please choose another."


def workshop_with_places(database: Database, places: int) -> tuple[str, list[str]]:
    """An owner, a facilitator "fay" and a participant "pat", a workshop, and `places` places in it:
    its join code and each place's seat token (what the phone's cookie holds)."""
    code = f"K{uuid.uuid4().hex[:5].upper()}"
    tokens = [secrets.token_urlsafe(32) for _ in range(places)]
    with database.transaction() as session:
        create_account(session, "owner", PASSWORD, "owner")
        fay = create_account(session, "fay", PASSWORD, "facilitator")
        create_account(session, "pat", PASSWORD, "participant")
        workshop = Workshop(
            facilitator_id=fay.person_id, title="Tuesday", request={}, plan={}, join_code=code
        )
        session.add(workshop)
        session.flush()
        for number, token in enumerate(tokens, start=1):
            digest = hashlib.sha256(token.encode()).hexdigest()
            session.add(Participant(workshop_id=workshop.id, token_digest=digest, nickname=f"Seat {number}"))
    return code, tokens


def make_account(base: str, code: str, token: str, username: str) -> httpx.Response:
    form = {"action": "create", "username": username, "password": PASSWORD, "again": PASSWORD}
    return httpx.post(f"{base}/w/{code}/account", data=form, headers={"Cookie": f"psoas_seat={token}"})


def account_count(database: Database) -> int:
    with database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Account)) or 0)


def seat_person(database: Database, token: str) -> int | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with database.transaction() as session:
        return session.scalar(select(Participant.person_id).where(Participant.token_digest == digest))


def person_of(database: Database, username: str) -> int:
    with database.transaction() as session:
        return session.scalars(select(Account.person_id).where(Account.username == username)).one()


def test_a_place_kept_with_an_account_makes_no_other_but_may_be_linked_by_logging_in(
    fresh_app: tuple[str, Database],
) -> None:
    base, database = fresh_app
    code, (token,) = workshop_with_places(database, 1)
    assert make_account(base, code, token, "pia").status_code == 303
    before = account_count(database)

    again = make_account(base, code, token, "pia2")  # the same phone, its login cookie dropped
    assert again.status_code == 422
    assert "This place is already kept with an account." in again.text
    assert "psoas_login" not in again.cookies
    assert account_count(database) == before
    assert seat_person(database, token) == person_of(database, "pia")

    login = {"action": "login", "username": "pat", "password": PASSWORD}
    linked = httpx.post(f"{base}/w/{code}/account", data=login, headers={"Cookie": f"psoas_seat={token}"})
    assert linked.status_code == 303
    assert seat_person(database, token) == person_of(database, "pat")


def test_a_taken_name_is_refused_in_the_words_of_any_other(fresh_app: tuple[str, Database]) -> None:
    base, database = fresh_app
    code, (token,) = workshop_with_places(database, 1)
    before = account_count(database)
    for taken in ("owner", "FAY"):
        refused = make_account(base, code, token, taken)
        assert refused.status_code == 422
        assert REFUSED_NAME in refused.text
        assert "taken" not in refused.text
    assert account_count(database) == before
    assert seat_person(database, token) is None


def test_an_address_makes_three_accounts_an_hour_on_every_server_of_the_database(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Two servers on one database, as two workers would be: the count is the database's."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    with (
        psoas_server(fresh_database_url, tmp_path / "a") as first,
        psoas_server(fresh_database_url, tmp_path / "b") as second,
    ):
        database = Database(fresh_database_url)
        code, tokens = workshop_with_places(database, 5)
        assert make_account(first, code, tokens[0], "taken").status_code == 303
        assert make_account(first, code, tokens[1], "pat").status_code == 422  # a name refused counts too
        assert make_account(second, code, tokens[2], "pia").status_code == 303
        before = account_count(database)
        for base in (second, first):
            waiting = make_account(base, code, tokens[3], "another")
            assert waiting.status_code == 429
            assert 59 * 60 < int(waiting.headers["retry-after"]) <= 60 * 60
            assert "Too many attempts; try again in 60 minutes." in waiting.text
        assert account_count(database) == before
        assert seat_person(database, tokens[3]) is None
        # Logging in from the address is not held up by the accounts it made.
        assert httpx.post(f"{first}/login", data={"username": "pat", "password": PASSWORD}).status_code == 303
        database.engine.dispose()


class WatchedHasher:
    """The password hasher, noting how many database connections are held at each hash it makes."""

    def __init__(self, hasher: Any, database: Database) -> None:
        self.hasher = hasher
        self.database = database
        self.held: list[int] = []

    def hash(self, password: str) -> str:
        self.held.append(self.database.engine.pool.checkedout())  # type: ignore[attr-defined]
        return str(self.hasher.hash(password))

    def verify_and_update(self, password: str, password_hash: str) -> tuple[bool, str | None]:
        self.held.append(self.database.engine.pool.checkedout())  # type: ignore[attr-defined]
        valid, updated = self.hasher.verify_and_update(password, password_hash)
        return bool(valid), updated

    def __getattr__(self, name: str) -> Any:
        return getattr(self.hasher, name)


def test_the_password_is_hashed_while_no_database_connection_is_held(
    served_here: tuple[str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite every request waits for one connection: Argon2 must not keep it."""
    base, database = served_here
    code, (token,) = workshop_with_places(database, 1)
    watched = WatchedHasher(accounts._HASHER, database)
    monkeypatch.setattr(accounts, "_HASHER", watched)
    assert make_account(base, code, token, "pia").status_code == 303
    assert watched.held == [0]


def test_a_password_is_checked_while_no_database_connection_is_held(
    served_here: tuple[str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logging in, right or wrong, at /login and from a workshop place: Argon2 keeps no connection
    (it did: every request on SQLite waited for each login's password check)."""
    base, database = served_here
    code, (token,) = workshop_with_places(database, 1)
    watched = WatchedHasher(accounts._HASHER, database)
    monkeypatch.setattr(accounts, "_HASHER", watched)
    assert httpx.post(f"{base}/login", data={"username": "pat", "password": "wrong"}).status_code == 401
    assert httpx.post(f"{base}/login", data={"username": "pat", "password": PASSWORD}).status_code == 303
    place = {"action": "login", "username": "pat", "password": PASSWORD}
    kept = httpx.post(f"{base}/w/{code}/account", data=place, headers={"Cookie": f"psoas_seat={token}"})
    assert kept.status_code == 303
    assert watched.held == [0, 0, 0]


def test_accounts_asked_for_at_once_from_one_address_are_counted_exactly(
    fresh_app: tuple[str, Database],
) -> None:
    """Six places kept with accounts at the same moment from one address: three are made and three
    told to wait (on PostgreSQL each request counted the others' accounts before they were saved)."""
    base, database = fresh_app
    code, tokens = workshop_with_places(database, 6)
    together = threading.Barrier(6)

    def keep(number: int) -> int:
        together.wait()
        return make_account(base, code, tokens[number], f"seat-{number}").status_code

    with ThreadPoolExecutor(6) as pool:
        answers = sorted(pool.map(keep, range(6)))
    assert answers == [303] * 3 + [429] * 3
    assert account_count(database) == 3 + 3  # owner, fay, pat, and the three made here
