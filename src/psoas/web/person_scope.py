"""The unit of work every request runs in: one transaction, and the person it acts for.

A route takes them as parameters, `session: Transaction, person: LocalPerson`; code that runs in
a thread of its own (after reading a form or an upload) opens `person_transaction` itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
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


def _transaction(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session


# "function" scope: the transaction commits when the route returns, before its answer is sent, so
# a client is never told of a write that then fails to commit (the default scope ends after it).
Transaction = Annotated[Session, Depends(_transaction, scope="function")]


def _local_person(session: Transaction) -> Person:
    return local_person(session)


LocalPerson = Annotated[Person, Depends(_local_person)]


def store_local_plans(connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
    """Store plans for the local person: the plan API's writes, committed in groups."""
    return save_plans(connection, local_person_id(connection), plans)
