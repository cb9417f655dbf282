"""The unit of work every request runs in: one transaction, and the person it acts for.

A route takes them as parameters, `session: Transaction, person: LocalPerson`; code that runs in
a thread of its own (after reading a form or an upload) opens `person_transaction` itself. The
person is the one the request acts for (web/identity.py): the local person in one-person mode, the
logged-in account's person once accounts exist. `LocalPerson` keeps its name: it is the person at
hand, whoever that is.
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
from psoas.web.identity import acting, acting_in
from psoas.web.identity import gate as identity_gate


@contextmanager
def person_transaction(request: Request) -> Iterator[tuple[Session, Person]]:
    """A transaction and the person it acts for; everything in it is saved together or not at all."""
    database: Database = request.app.state.database
    with database.transaction() as session:
        yield session, acting_person(request, session)


def _transaction(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.database
    with database.transaction() as session:
        acting_in(request, session)  # who the request acts for, when the gate left it to here
        yield session


def gate(request: Request) -> None:
    """Every gated route's first dependency (see identity.gate): a route with a Transaction finds
    who it acts for in that transaction."""
    identity_gate(request, _transaction)


# "function" scope: the transaction commits when the route returns, before its answer is sent, so
# a client is never told of a write that then fails to commit (the default scope ends after it).
Transaction = Annotated[Session, Depends(_transaction, scope="function")]


def acting_person(request: Request, session: Session) -> Person:
    """The person the request acts for, in this transaction (the local person made if need be)."""
    found = acting(request)
    if found.person is not None and found.person in session:  # found in this transaction
        return found.person
    return local_person(session) if found.person_id is None else session.get_one(Person, found.person_id)


def _person(request: Request, session: Transaction) -> Person:
    return acting_person(request, session)


LocalPerson = Annotated[Person, Depends(_person)]


def _person_id(request: Request) -> int | None:
    return acting(request).person_id


# The person's id alone, for a route that must not hold a transaction while it waits on another
# connection (the plan writer's); None for the local person not made yet (`local_person_id`
# makes them where the id is needed).
PersonId = Annotated[int | None, Depends(_person_id)]


def store_plans(connection: Connection, plans: list[tuple[int | None, dict[str, Any]]]) -> list[int]:
    """Store plans, each for the person who asked (None: the local person): the plan API's
    writes, committed in groups."""
    ids: list[int] = [0] * len(plans)
    by_person: dict[int, list[int]] = {}
    for index, (person_id, _plan) in enumerate(plans):
        owner = local_person_id(connection) if person_id is None else person_id
        by_person.setdefault(owner, []).append(index)
    for person_id, indexes in by_person.items():
        stored = save_plans(connection, person_id, [plans[i][1] for i in indexes])
        for index, plan_id in zip(indexes, stored, strict=True):
            ids[index] = plan_id
    return ids
