"""Bringing the configured database up to date for `serve` and `db upgrade`.

A data folder that cannot be made, a file that is not a database or a server that does not answer
is a set-up problem, not a bug in psoas: each becomes a message naming the folder, file or URL
(never its password) and what psoas expects, instead of an "unexpected error".
"""

import os
import re
import sqlite3
from pathlib import Path
from typing import NamedTuple, NoReturn

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from psoas.cli.errors import SETUP_PROBLEM, fail
from psoas.config import DATA_DIR_VARIABLE, DATABASE_URL_VARIABLE, Config
from psoas.store.database import Database, Migration, upgrade

SQLITE_PREFIX = "sqlite:///"
URL_EXAMPLES = "sqlite:///path/to/psoas.sqlite3 or postgresql+psycopg://user:password@host/psoas"


class Before(NamedTuple):
    """What existed before psoas touched a SQLite database: its folder and its file."""

    folder: bool
    file: bool


def migrate(config: Config) -> str:
    """Bring the database up to date and say what was done: created, upgraded or already current.

    Exits with status SETUP_PROBLEM and a message naming the folder, file or URL when it cannot be used.
    """
    url = config.database_url
    before = _what_exists(url)
    database = _open(url)
    try:
        migration = _upgrade(database, url)
    finally:
        database.engine.dispose()
    return _outcome(url, before, migration)


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix(SQLITE_PREFIX))


def where(url: str) -> str:
    """The database as people should see it: a SQLite file's path, or the URL with its password hidden."""
    if url.startswith(SQLITE_PREFIX):
        return url.removeprefix(SQLITE_PREFIX)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy can read, so the password cannot be told apart: hide all before "@".
        return re.sub(r"^([a-z0-9+]*://)?.*@", r"\1***@", url, flags=re.IGNORECASE)


def _what_exists(url: str) -> Before:
    if not url.startswith(SQLITE_PREFIX):
        return Before(folder=True, file=True)  # a server's database is never created by psoas
    path = _sqlite_path(url)
    return Before(folder=path.parent.is_dir(), file=path.exists())


def _open(url: str) -> Database:
    try:
        return Database(url)
    except OSError as error:  # creating a SQLite file's folder
        _folder_problem(_sqlite_path(url).parent, error)
    except (ArgumentError, ValueError) as error:  # not a URL, a port that is no number, an unknown dialect
        fail(
            f"{_setting()} is not a database URL psoas can use: {where(url)} ({error}). "
            f"Expected {URL_EXAMPLES}.",
            SETUP_PROBLEM,
        )
    except ImportError as error:  # a dialect whose driver is not installed
        fail(
            f"the driver for {where(url)} is not installed (no module {error.name!r}). "
            f"Expected {URL_EXAMPLES}.",
            SETUP_PROBLEM,
        )


def _upgrade(database: Database, url: str) -> Migration:
    _connect(database, url)
    # Only connecting is guarded: an error from a migration itself would be a bug in psoas.
    return upgrade(database.engine)


def _connect(database: Database, url: str) -> None:
    try:
        database.engine.connect().close()
    except OperationalError as error:  # the file cannot be opened, the server does not answer, ...
        _database_problem(url, error)
    except DatabaseError as error:
        # sqlite3 raises its base DatabaseError for a file that is not (or no longer) a database;
        # its subclasses (integrity, programming errors) would be bugs in psoas and stay unexpected.
        if type(error.orig) is not sqlite3.DatabaseError:
            raise
        fail(
            f"{where(url)} is not a SQLite database ({error.orig}). {_setting()} must name a psoas "
            "database, or a file that does not exist yet for psoas to create.",
            SETUP_PROBLEM,
        )


def _folder_problem(folder: Path, error: OSError) -> NoReturn:
    blocking = _file_in_the_way(folder)
    if blocking is not None:
        why = f"{blocking} is a file, not a folder"
    elif error.filename is not None and Path(error.filename) != folder:
        why = f"{error.strerror} ({error.filename})"
    else:
        why = str(error.strerror)
    fail(
        f"cannot create the data folder {folder}: {why}. {_setting()} must lead to a folder psoas can "
        "create and write to.",
        SETUP_PROBLEM,
    )


def _file_in_the_way(folder: Path) -> Path | None:
    """The folder itself or the nearest of its parents that exists, when that is not a folder."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def _database_problem(url: str, error: OperationalError) -> NoReturn:
    reason = _sentence(" ".join(str(error.orig).split()))  # drivers spread a message over lines
    if url.startswith(SQLITE_PREFIX):
        fail(
            f"cannot open the SQLite database {where(url)}: {reason} {_setting()} must lead to a "
            "file psoas can read and write, or may create.",
            SETUP_PROBLEM,
        )
    fail(
        f"cannot use the database {where(url)}: {reason} {DATABASE_URL_VARIABLE} must name a database "
        "on a running server that psoas may use, e.g. postgresql+psycopg://user:password@host/psoas.",
        SETUP_PROBLEM,
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _setting() -> str:
    # load_config prefers PSOAS_DATABASE_URL; without it the SQLite file lives in PSOAS_DATA_DIR.
    return DATABASE_URL_VARIABLE if os.environ.get(DATABASE_URL_VARIABLE) else DATA_DIR_VARIABLE


def _outcome(url: str, before: Before, migration: Migration) -> str:
    if migration.before is None and not before.file:
        return _created(url, before, migration.after)
    if migration.before is None:
        return f"set up a new psoas database in {where(url)} (schema revision {migration.after})."
    if migration.before != migration.after:
        return (
            f"upgraded the database at {where(url)} from schema revision {migration.before} "
            f"to {migration.after}."
        )
    return f"the database at {where(url)} was already up to date (schema revision {migration.after})."


def _created(url: str, before: Before, revision: str | None) -> str:
    path = _sqlite_path(url)
    created = f"created a new database at {path} (schema revision {revision})."
    if before.folder:
        return created
    # A typo in PSOAS_DATA_DIR lands here: say so, rather than look like the existing data was found.
    return (
        f"{created} The folder {path.parent} did not exist and was created too; if you expected "
        f"existing data, check {_setting()}."
    )
