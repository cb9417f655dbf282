"""A plan or a session created once, however often a client sends the request: with the same
Idempotency-Key, a retry after a lost answer finds the first row instead of making a second.

The key is stored on the row it made, with a digest of the request, under a unique index on
(person, key): two requests with one key at once cannot both insert, and the second reads the
first's row once it is committed (PostgreSQL waits on the index; SQLite takes turns on one
connection).
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from psoas.store.models import PracticeSession, StoredPlan
from psoas.store.practice_log import length_of_plan
from psoas.store.upsert import insert_or_ignore

_PLANS: Table = StoredPlan.metadata.tables[StoredPlan.__tablename__]
_SESSIONS: Table = PracticeSession.metadata.tables[PracticeSession.__tablename__]
_UNIQUE = ("person_id", "idempotency_key")


class KeyReused(Exception):
    """The key came first with a different request: a client bug the answer must name."""


@dataclass(frozen=True)
class Retry:
    """A request's Idempotency-Key and the digest of what it asked."""

    key: str
    digest: str


def retry_of(key: str | None, operation: str, asked: Mapping[str, Any]) -> Retry | None:
    """The retry identity of a request, or None when it carries no key."""
    if key is None:
        return None
    text = json.dumps({"operation": operation, "asked": asked}, sort_keys=True, default=str)
    return Retry(key, hashlib.sha256(text.encode()).hexdigest())


def save_plan_once(
    connection: Connection, person_id: int, plan_json: dict[str, Any], retry: Retry
) -> tuple[int, dict[str, Any], bool]:
    """Store the plan unless this key already made one; return the id, the plan as stored, and
    whether it was made now (False: a retry answered with the first)."""
    values = {
        "person_id": person_id,
        "request": plan_json["request"],
        "plan": plan_json,
        "total_seconds": plan_json["total_seconds"],
    }
    made = _insert_once(connection, _PLANS, values, retry)
    if made is not None:
        return made, plan_json, True
    columns = (_PLANS.c.id, _PLANS.c.plan, _PLANS.c.request_digest)
    first = connection.execute(select(*columns).where(*_same_key(_PLANS, person_id, retry))).one()
    _check_same_request(first.request_digest, retry, "plan")
    return int(first.id), dict(first.plan), False


def start_practice_once(
    session: Session, person_id: int, plan_id: int, retry: Retry
) -> tuple[PracticeSession, bool]:
    """Start practising the plan unless this key already started a session; return the session
    and whether it was started now (False: a retry answered with the first)."""
    connection = session.connection()
    values = {"person_id": person_id, "plan_id": plan_id, "planned_seconds": length_of_plan(plan_id)}
    made = _insert_once(connection, _SESSIONS, values, retry)
    if made is not None:
        return session.get_one(PracticeSession, made), True
    first = connection.execute(
        select(_SESSIONS.c.id, _SESSIONS.c.request_digest).where(*_same_key(_SESSIONS, person_id, retry))
    ).one()
    _check_same_request(first.request_digest, retry, "session")
    return session.get_one(PracticeSession, int(first.id)), False


def _insert_once(connection: Connection, table: Table, values: dict[str, Any], retry: Retry) -> int | None:
    """The new row's id, or None when a row with this person and key exists."""
    row = {**values, "idempotency_key": retry.key, "request_digest": retry.digest}
    statement = insert_or_ignore(connection, table, _UNIQUE).values(**row).returning(table.c.id)
    made = connection.execute(statement).scalar()
    return None if made is None else int(made)


def _same_key(table: Table, person_id: int, retry: Retry) -> tuple[Any, ...]:
    return table.c.person_id == person_id, table.c.idempotency_key == retry.key


def _check_same_request(first_digest: str | None, retry: Retry, made: str) -> None:
    if first_digest != retry.digest:
        raise KeyReused(
            f"this Idempotency-Key first came with a different request, which made a {made}; "
            "send a new key for a new request, and the same key only to retry the same one"
        )
