"""Retries that find the first answer: plans and sessions keep the Idempotency-Key of the request
that made them, and a digest of that request. Rows stored before this have neither.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("plans", "sessions")


def upgrade() -> None:
    for table in TABLES:
        # Added nullable columns: SQLite adds them in place, and rows without a key never clash
        # (NULLs are distinct in a unique index on both databases).
        op.add_column(table, sa.Column("idempotency_key", sa.String(255), nullable=True))
        op.add_column(table, sa.Column("request_digest", sa.String(64), nullable=True))
        op.create_index(f"{table}_retry", table, ["person_id", "idempotency_key"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"{table}_retry", table_name=table)
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as altered:
            altered.drop_column("request_digest")
            altered.drop_column("idempotency_key")
