"""A plan's length in a column of its own: History, the report and the session list read the
lengths of many plans, and reading each from its JSON grew with every plan stored. Existing plans
get theirs from their JSON.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("plans", sa.Column("total_seconds", sa.Integer(), nullable=True))
    plans = sa.table("plans", sa.column("plan", sa.JSON()), sa.column("total_seconds", sa.Integer()))
    op.execute(plans.update().values(total_seconds=plans.c.plan["total_seconds"].as_integer()))


def downgrade() -> None:
    with op.batch_alter_table("plans", table_kwargs={"sqlite_autoincrement": True}) as table:
        table.drop_column("total_seconds")
