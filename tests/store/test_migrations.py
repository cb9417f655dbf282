"""Migrations: the schema matches the models, and ids are never reused after deleting everything."""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from psoas.store.database import Database, make_engine, upgrade
from psoas.store.export import delete_everything
from psoas.store.models import Base
from psoas.store.people import local_person, local_person_id
from psoas.store.practice_log import save_plan, start_practice


@pytest.fixture
def database(fresh_database_url: str) -> Iterator[Database]:
    """An empty database of each kind, migrated here by Alembic from nothing (not copied from the
    suite's migrated template, as the other store tests' are)."""
    database = Database(fresh_database_url)
    upgrade(database.engine)
    yield database
    database.engine.dispose()


def test_the_migrations_build_the_schema_the_models_describe(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_ids_are_not_reused_after_deleting_everything(database: Database) -> None:
    with database.transaction() as session:
        person = local_person(session)
        plan_id = save_plan(session.connection(), person.id, {"request": {}, "total_seconds": 600})
        first = start_practice(session, person.id, plan_id).id
        delete_everything(session, person.id)
    with database.transaction() as session:
        person = local_person(session)
        plan_id = save_plan(session.connection(), person.id, {"request": {}, "total_seconds": 600})
        assert start_practice(session, person.id, plan_id).id > first


def test_the_person_of_an_existing_install_becomes_the_local_person(database_url_at_0004: str) -> None:
    engine = make_engine(database_url_at_0004)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO people (name, created_at) VALUES ('', CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO people (name, created_at) VALUES ('', CURRENT_TIMESTAMP)"))
        first = connection.execute(text("SELECT MIN(id) FROM people")).scalar_one()
    upgrade(engine)
    with engine.begin() as connection:
        assert local_person_id(connection) == first
        marked = connection.execute(text("SELECT id FROM people WHERE local_key = 'local'")).scalars().all()
    assert marked == [first]
    engine.dispose()
