"""People. In local mode there is exactly one, created on first use, and no login."""

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from psoas.store.models import Person, Settings

# Every request asks for the person first; the statements are built once.
_FIRST_PERSON = select(Person).order_by(Person.id).limit(1)
_FIRST_PERSON_ID = select(Person.id).order_by(Person.id).limit(1)
_PEOPLE = Person.metadata.tables[Person.__tablename__]
_SETTINGS = Settings.metadata.tables[Settings.__tablename__]
_NEW_PERSON = insert(_PEOPLE).returning(_PEOPLE.c.id)


def local_person_id(connection: Connection) -> int:
    """The id of the single person of a local install, created (with default settings) the first time."""
    found = connection.execute(_FIRST_PERSON_ID).scalar()
    if found is not None:
        return int(found)
    person_id = int(connection.execute(_NEW_PERSON, {"name": ""}).scalar_one())
    connection.execute(insert(_SETTINGS), {"person_id": person_id})
    return person_id


def local_person(session: Session) -> Person:
    """The single person of a local install, created (with default settings) the first time."""
    person = session.scalars(_FIRST_PERSON).first()
    if person is not None:
        return person
    return session.get_one(Person, local_person_id(session.connection()))
