"""What happened in a session: the player's step log, and the seconds practised and of tremor it
adds up to. Sessions stored before this keep what they have (the columns stay empty).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added columns, not a copied table: SQLite adds a nullable column in place.
    op.add_column("sessions", sa.Column("step_log", sa.JSON(), nullable=True))
    op.add_column("sessions", sa.Column("practised_seconds", sa.Integer(), nullable=True))
    op.add_column("sessions", sa.Column("tremor_seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions", table_kwargs={"sqlite_autoincrement": True}) as table:
        table.drop_column("tremor_seconds")
        table.drop_column("practised_seconds")
        table.drop_column("step_log")
