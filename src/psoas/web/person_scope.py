"""The unit of work every request runs in: one transaction, and the person it acts for."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy.orm import Session

from psoas.store.database import Database
from psoas.store.models import Person
from psoas.store.people import local_person


@contextmanager
def person_transaction(request: Request) -> Iterator[tuple[Session, Person]]:
    """A transaction and the person it acts for; everything in it is saved together or not at all."""
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session, local_person(session)
