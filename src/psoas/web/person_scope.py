"""The unit of work every request runs in: one transaction, and the person it acts for."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from psoas.store.database import Database
from psoas.store.models import Person
from psoas.store.people import local_person, local_person_id


@contextmanager
def person_transaction(request: Request) -> Iterator[tuple[Session, Person]]:
    """A transaction and the person it acts for; everything in it is saved together or not at all."""
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session, local_person(session)


@contextmanager
def person_connection(request: Request) -> Iterator[tuple[Connection, int]]:
    """The same, without the ORM: a Core connection and the person's id, for the busiest writes.

    An ORM session costs more per request than storing a plan does.
    """
    database: Database = request.app.state.database
    with database.connection() as connection:
        yield connection, local_person_id(connection)
