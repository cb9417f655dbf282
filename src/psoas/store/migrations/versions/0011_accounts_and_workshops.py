"""Accounts and workshops: logins for the owner, facilitators and participants who want one;
workshops, their templates, participants who joined with a code, their check-ins and private
signals; what a participant shares with a facilitator, and the log of each look at it.
Every table is new and starts empty, so a one-person install is unchanged.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("login_failures_by_address", ["address", "at"], unique=False)
        batch_op.create_index("login_failures_by_name", ["username", "at"], unique=False)

    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role in ('owner', 'facilitator', 'participant')", name="account_role"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", name="accounts_person"),
        sa.UniqueConstraint("username", name="accounts_username"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "data_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=True),
        sa.Column("viewer_name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["viewer_id"], ["people.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("data_views", schema=None) as batch_op:
        batch_op.create_index("data_views_by_person", ["person_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_views_viewer_id"), ["viewer_id"], unique=False)

    op.create_table(
        "shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind in ('checkins', 'questionnaires', 'recordings')", name="share_kind"),
        sa.ForeignKeyConstraint(["facilitator_id"], ["people.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "facilitator_id", "kind", name="shares_one_per_kind"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shares_facilitator_id"), ["facilitator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shares_person_id"), ["person_id"], unique=False)

    op.create_table(
        "workshop_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "name", name="workshop_templates_name"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("workshop_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_templates_person_id"), ["person_id"], unique=False)

    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("step_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("step_elapsed_s", sa.Float(), nullable=False),
        sa.Column("step_extra_s", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state in ('waiting', 'running', 'paused', 'ended')", name="workshop_state"),
        sa.ForeignKeyConstraint(["facilitator_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("join_code", name="workshops_join_code"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshops_facilitator_id"), ["facilitator_id"], unique=False)

    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest", name="login_sessions_token"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_sessions_account_id"), ["account_id"], unique=False)

    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("nickname", sa.String(length=40), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest", name="participants_token"),
        sa.UniqueConstraint("workshop_id", "nickname", name="participants_nickname"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participants_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "participant_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("moment", sa.String(length=10), nullable=False),
        sa.Column("tension", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("distress", sa.Integer(), nullable=False),
        sa.Column("breath", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("moment in ('before', 'after')", name="participant_checkin_moment"),
        sa.CheckConstraint("breath between 0 and 10", name="participant_checkin_breath_range"),
        sa.CheckConstraint("distress between 0 and 10", name="participant_checkin_distress_range"),
        sa.CheckConstraint("pain between 0 and 10", name="participant_checkin_pain_range"),
        sa.CheckConstraint("tension between 0 and 10", name="participant_checkin_tension_range"),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "moment"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("participant_checkins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_checkins_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "workshop_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind in ('ok', 'moment', 'stop')", name="workshop_signal_kind"),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("workshop_signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_signals_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index("workshop_signals_by_time", ["workshop_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workshop_signals", schema=None) as batch_op:
        batch_op.drop_index("workshop_signals_by_time")
        batch_op.drop_index(batch_op.f("ix_workshop_signals_participant_id"))

    op.drop_table("workshop_signals")
    with op.batch_alter_table("participant_checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_checkins_participant_id"))

    op.drop_table("participant_checkins")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_participants_person_id"))

    op.drop_table("participants")
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_sessions_account_id"))

    op.drop_table("login_sessions")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshops_facilitator_id"))

    op.drop_table("workshops")
    with op.batch_alter_table("workshop_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_templates_person_id"))

    op.drop_table("workshop_templates")
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shares_person_id"))
        batch_op.drop_index(batch_op.f("ix_shares_facilitator_id"))

    op.drop_table("shares")
    with op.batch_alter_table("data_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_views_viewer_id"))
        batch_op.drop_index("data_views_by_person")

    op.drop_table("data_views")
    op.drop_table("accounts")
    op.drop_table("server_secrets")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("login_failures_by_name")
        batch_op.drop_index("login_failures_by_address")

    op.drop_table("login_failures")
