"""Connecting to the database and bringing its schema up to date."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from psoas.json_text import json_text

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # With WAL, NORMAL syncs at checkpoints rather than every commit: a power cut can lose the
    # last moments, never corrupt the file.
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Deleted rows are overwritten, not just unlinked: "delete all my data" leaves no notes behind
    # in free pages of the file.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def _file_identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _remember_file(path: Path) -> Callable[[object, Any], None]:
    """A connect listener noting which file a SQLite connection opened, for the health check."""

    def remember(_connection: object, record: Any) -> None:
        record.info["sqlite_file"] = _file_identity(path)

    return remember


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets its folder created and foreign keys switched on."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite lets one connection write at a time, and one kept waiting sleeps in growing steps
        # (up to 100 ms) before it tries again. Requests take turns on a single connection instead:
        # a turn is a fraction of a millisecond, and the queue is first come, first served.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=1,
            max_overflow=0,
            json_serializer=json_text,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _remember_file(path))
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_text)


class Migration(NamedTuple):
    """The schema revision a database had before an upgrade and has after it (None: no schema)."""

    before: str | None
    after: str | None


def upgrade(engine: Engine) -> Migration:
    """Run every Alembic migration not yet applied to this database; say from which revision to which."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        after = MigrationContext.configure(connection).get_current_revision()
    return Migration(before, after)


def health_problem(engine: Engine) -> str | None:
    """Why psoas cannot keep data in this database right now, or None when it can.

    It can when the database answers and still holds psoas's schema, and, on SQLite, when the file
    the open connection writes to is still the one at the database's path: a server keeps its
    connection, so after the file is deleted or replaced it would write where nobody reads again.
    """
    try:
        with engine.connect() as connection:
            opened = connection.connection.info.get("sqlite_file")
            if opened is not None:
                problem = _file_problem(Path(engine.url.database or ""), opened)
                if problem is not None:
                    return problem
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as error:  # whatever the driver raises, the answer is the same: not usable
        return f"the database does not answer or has no psoas schema ({type(error).__name__})"
    if revision is None:
        return "the database has no psoas schema revision"
    return None


def _file_problem(path: Path, opened: tuple[int, int]) -> str | None:
    try:
        identity = _file_identity(path)
    except OSError:
        return f"the database file {path} is gone"
    if identity != opened:
        return f"the database file {path} was replaced after psoas opened it; restart psoas"
    return None


class Database:
    """An engine and its session factory, for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction, for writes that need no ORM objects; nothing half-saved."""
        with self.engine.begin() as connection:
            yield connection

    def forget_deleted(self) -> None:
        """On SQLite, move the write-ahead log into the file and empty it: it still holds the pages
        as they were before a delete. PostgreSQL reclaims deleted rows with its own vacuum."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises: nothing half-saved."""
        with self._sessions.begin() as session:
            yield session
