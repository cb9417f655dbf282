"""People. In local mode there is exactly one, created on first use, and no login."""

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from psoas.store.models import Person, Settings
from psoas.store.upsert import insert_or_ignore

LOCAL = "local"
# Every request asks for the person first; the statements are built once.
_LOCAL_PERSON = select(Person).where(Person.local_key == LOCAL)
_LOCAL_PERSON_ID = select(Person.id).where(Person.local_key == LOCAL)
_PEOPLE = Person.metadata.tables[Person.__tablename__]
_SETTINGS = Settings.metadata.tables[Settings.__tablename__]


def local_person_id(connection: Connection) -> int:
    """The id of the single person of a local install, created (with default settings) the first time.

    Created race-free: when two first requests arrive at once, the unique local key lets one
    insert and the other find it, on SQLite as on PostgreSQL.
    """
    found = connection.execute(_LOCAL_PERSON_ID).scalar()
    if found is not None:
        return int(found)
    new = insert_or_ignore(connection, _PEOPLE, ["local_key"]).returning(_PEOPLE.c.id)
    created = connection.execute(new, {"name": "", "local_key": LOCAL}).scalar()
    if created is None:  # another request created it first, and has committed it
        return int(connection.execute(_LOCAL_PERSON_ID).scalar_one())
    settings = insert_or_ignore(connection, _SETTINGS, ["person_id"])
    connection.execute(settings, {"person_id": int(created)})
    return int(created)


def local_person(session: Session) -> Person:
    """The single person of a local install, created (with default settings) the first time."""
    person = session.scalars(_LOCAL_PERSON).first()
    if person is not None:
        return person
    return session.get_one(Person, local_person_id(session.connection()))
