"""The store's tests run its functions directly against both databases psoas supports."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig

from psoas.store.database import MIGRATIONS, Database, make_engine


@pytest.fixture
def database(migrated_database_url: str) -> Iterator[Database]:
    """An empty database of each kind at the current schema, for one test: a SQLite file, and a
    new database on the shared PostgreSQL server, each a copy of one migrated once per run
    (test_migrations.py migrates its own)."""
    database = Database(migrated_database_url)
    yield database
    database.engine.dispose()


@pytest.fixture
def database_url_at_0004(fresh_database_url: str) -> str:
    """An empty database of each kind with the schema as revision 0004 left it."""
    engine = make_engine(fresh_database_url)
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    return fresh_database_url
