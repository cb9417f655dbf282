"""The store's tests run its functions directly against both databases psoas supports."""

from collections.abc import Iterator

import pytest

from psoas.store.database import Database, upgrade


@pytest.fixture
def database(fresh_database_url: str) -> Iterator[Database]:
    """An empty database of each kind, migrated to the current schema, for one test: a SQLite
    file, and a new database on the shared PostgreSQL server."""
    database = Database(fresh_database_url)
    upgrade(database.engine)
    yield database
    database.engine.dispose()
