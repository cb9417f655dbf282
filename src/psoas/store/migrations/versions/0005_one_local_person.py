"""One local person, whatever arrives at once: a unique key marks the person of a local install,
so two first requests on an empty database cannot each create one (PostgreSQL lost the writes of
all but the first, saved under people nobody reads). The first person, if any, is that one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite alters a table by copying it: the copy must keep AUTOINCREMENT (0002), or ids come back.
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("people", table_kwargs=KEEP) as table:
        table.add_column(sa.Column("local_key", sa.String(length=20), nullable=True))
        table.create_unique_constraint("people_local_key", ["local_key"])
    op.execute("UPDATE people SET local_key = 'local' WHERE id = (SELECT MIN(id) FROM people)")


def downgrade() -> None:
    with op.batch_alter_table("people", table_kwargs=KEEP) as table:
        table.drop_constraint("people_local_key", type_="unique")
        table.drop_column("local_key")
