"""A recording's content digest, so that the same file is not attached to a session twice; a
unique index holds that even when two uploads of it arrive at once. Recordings stored before this
have no digest (NULL, which the index lets repeat).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An added nullable column, not a copied table: SQLite adds it in place.
    op.add_column("recordings", sa.Column("sha256", sa.String(64), nullable=True))
    op.create_index("ix_recordings_session_sha256", "recordings", ["session_id", "sha256"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_recordings_session_sha256", table_name="recordings")
    with op.batch_alter_table("recordings", table_kwargs={"sqlite_autoincrement": True}) as table:
        table.drop_column("sha256")
