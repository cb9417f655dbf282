"""Sessions indexed by person and start: History, Home, the report and the session list read a
person's sessions newest first, and with years of them a sort of every row cost each visit.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("sessions_by_start", "sessions", ["person_id", "started_at"])


def downgrade() -> None:
    op.drop_index("sessions_by_start", table_name="sessions")
