"""Questionnaire results (item-level answers and scores, per person) and how often they are due.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=80), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("score", sa.JSON(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("questionnaire_results") as batch:
        batch.create_index(batch.f("ix_questionnaire_results_person_id"), ["person_id"], unique=False)
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("questionnaire_days", sa.Integer(), nullable=False, server_default="14"))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("questionnaire_days")
    op.drop_table("questionnaire_results")
