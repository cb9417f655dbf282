"""Never reuse ids on SQLite, so a request from before "delete all my data" cannot land on new rows.

SQLite hands out max(id) + 1, which starts again at 1 once a table is empty; AUTOINCREMENT keeps
counting. PostgreSQL sequences never go back, so only SQLite changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("people", "plans", "sessions", "checkins", "preferences")


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
