"""INSERT … ON CONFLICT, which SQLite and PostgreSQL both speak but SQLAlchemy builds per dialect:
writes that two requests may make at once, where the second must find the first rather than fail."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def _insert(connection: Connection, table: Table) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_or_ignore(connection: Connection, table: Table, unique: Sequence[str]) -> Any:
    """An INSERT that does nothing when a row with the same `unique` columns exists."""
    return _insert(connection, table).on_conflict_do_nothing(index_elements=list(unique))


def insert_or_update(
    connection: Connection, table: Table, unique: Sequence[str], update: Sequence[str]
) -> Any:
    """An INSERT that, when a row with the same `unique` columns exists, sets `update` instead."""
    statement = _insert(connection, table)
    return statement.on_conflict_do_update(
        index_elements=list(unique), set_={name: statement.excluded[name] for name in update}
    )
