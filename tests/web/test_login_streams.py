"""A facilitator's console stream lives no longer than its login: logout ends it at once, and a
password reset made from the command line (which ends every login, with no event to tell) ends it
at the next heartbeat. Over real HTTP, on SQLite and PostgreSQL, with the app served in this
process so that the heartbeat can be made short."""

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from psoas.store.accounts import create_account, reset_password
from psoas.store.database import Database
from psoas.store.models import Workshop
from psoas.web import events
from tests.sse import EventReader
from tests.workshop_rows import room_plan

PASSWORD = "a calm long password"


def fays_console(database: Database) -> str:
    """An owner, a facilitator "fay" with a workshop: the path of its console's stream."""
    with database.transaction() as session:
        create_account(session, "owner", PASSWORD, "owner")
        fay = create_account(session, "fay", PASSWORD, "facilitator")
        request = {"minutes": 60, "level": "beginner", "focus": ["general"], "seed": 0}
        workshop = Workshop(
            facilitator_id=fay.person_id,
            title="Tuesday",
            request=request,
            plan=room_plan(60),
            join_code=f"K{uuid.uuid4().hex[:5].upper()}",
        )
        session.add(workshop)
        session.flush()
        return f"/workshops/{workshop.id}/events"


def logged_in(base: str) -> str:
    response = httpx.post(f"{base}/login", data={"username": "fay", "password": PASSWORD})
    assert response.status_code == 303
    return response.cookies["psoas_login"]


def ends_within(reader: EventReader, seconds: float) -> bool:
    """Whether the stream ends (rather than sending anything) within so many seconds."""
    started = time.monotonic()
    try:
        reader.next()
    except EOFError:
        return time.monotonic() - started < seconds
    except httpx.ReadTimeout:  # still open, saying nothing
        return False
    return False


@contextmanager
def fays_console_stream(base: str, database: Database) -> Iterator[tuple[EventReader, str, str]]:
    """Fay logged in, her console's stream open and its first event read: the stream, its path and
    her login cookie."""
    path = fays_console(database)
    cookie = logged_in(base)
    with httpx.Client() as client:
        reader = EventReader(client, f"{base}{path}", {"Cookie": f"psoas_login={cookie}"})
        try:
            assert reader.next()[0] == "room"
            yield reader, path, cookie
        finally:
            reader.close()


def test_logging_out_ends_the_consoles_open_stream_at_once(served_here: tuple[str, Database]) -> None:
    base, database = served_here
    with fays_console_stream(base, database) as (reader, path, cookie):
        out = httpx.post(f"{base}/logout", headers={"Cookie": f"psoas_login={cookie}"})
        assert out.status_code == 303
        assert ends_within(reader, 2)
    assert httpx.get(f"{base}{path}", headers={"Cookie": f"psoas_login={cookie}"}).status_code == 303


def test_a_password_reset_ends_the_consoles_open_stream_at_its_next_heartbeat(
    served_here: tuple[str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "HEARTBEAT_SECONDS", 0.3)
    base, database = served_here
    with fays_console_stream(base, database) as (reader, _, _):
        with database.transaction() as session:  # as `psoas user reset-password fay` does
            reset_password(session, "fay", "another calm password")
        assert ends_within(reader, 2)
