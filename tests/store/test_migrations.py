"""Migrations: the schema matches the models, and ids are never reused after deleting everything."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session

from psoas.store.database import make_engine, upgrade
from psoas.store.export import delete_everything
from psoas.store.models import Base
from psoas.store.people import local_person
from psoas.store.practice_log import save_plan, start_session


def test_the_migrations_build_the_schema_the_models_describe(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_ids_are_not_reused_after_deleting_everything(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'ids.sqlite3'}")
    upgrade(engine)
    with Session(engine) as session, session.begin():
        person = local_person(session)
        plan_id = save_plan(session.connection(), person.id, {"request": {}, "total_seconds": 600})
        first = start_session(session, person.id, plan_id).id
        delete_everything(session, person.id)
    with Session(engine) as session, session.begin():
        person = local_person(session)
        plan_id = save_plan(session.connection(), person.id, {"request": {}, "total_seconds": 600})
        assert start_session(session, person.id, plan_id).id > first
    engine.dispose()
