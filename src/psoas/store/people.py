"""People. In local mode there is exactly one, created on first use, and no login."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.store.models import Person, Settings

# Every request asks for the person first; the statement is built once.
_FIRST_PERSON = select(Person).order_by(Person.id).limit(1)


def local_person(session: Session) -> Person:
    """The single person of a local install, created (with default settings) the first time."""
    person = session.scalars(_FIRST_PERSON).first()
    if person is not None:
        return person
    person = Person(name="")
    session.add(person)
    session.flush()
    session.add(Settings(person_id=person.id))
    return person
