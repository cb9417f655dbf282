"""Moments in UTC: the column type every stored timestamp uses, and reading them back the same on
SQLite and PostgreSQL."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC: SQLite hands timestamps back without a zone, PostgreSQL in its own."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, written, compared and read back in UTC on every database.

    SQLite keeps a timestamp as text without its zone: a moment given in another zone (Monday
    midnight on the person's clock) would be stored and compared by its clock figures as if they
    were UTC, where PostgreSQL converts it. A moment without a zone is taken as UTC, as stored ones are.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def iso(moment: datetime) -> str:
    """A timestamp as ISO 8601 in UTC."""
    if moment.tzinfo is UTC:  # as every stored moment is once read back
        return moment.isoformat()
    return as_utc(moment).isoformat()
