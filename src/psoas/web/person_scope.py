"""The unit of work every request runs in: one transaction, and the person it acts for."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from psoas.store.database import Database
from psoas.store.models import Person
from psoas.store.people import local_person, local_person_id
from psoas.store.practice_log import save_plans


@contextmanager
def person_transaction(request: Request) -> Iterator[tuple[Session, Person]]:
    """A transaction and the person it acts for; everything in it is saved together or not at all."""
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session, local_person(session)


def store_local_plans(connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
    """Store plans for the local person: the plan API's writes, committed in groups."""
    return save_plans(connection, local_person_id(connection), plans)
