"""The tables: people, their intake, settings and preferences, plans, sessions and check-ins."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from psoas.measures.instrument import BAND_LABEL_MOST, ID_MOST
from psoas.store.utc_time import UtcDateTime, utc_now

# The longest Idempotency-Key a client may send.
IDEMPOTENCY_KEY_MOST = 255


class Base(DeclarativeBase):
    """The declarative base for every psoas table."""


class Person(Base):
    """Someone who practises. Local mode has exactly one; accounts come later."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("local_key", name="people_local_key"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # "local" on the one person of a local install; unique, so it can only ever be created once.
    local_key: Mapped[str | None] = mapped_column(String(20), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Intake(Base):
    """A person's screening and practice answers; the planner's defaults come from here."""

    __tablename__ = "intakes"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    props: Mapped[list[str]] = mapped_column(JSON, default=list)
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_available: Mapped[bool] = mapped_column(Boolean, default=False)
    with_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Settings(Base):
    """A person's player and app settings."""

    __tablename__ = "settings"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    voice: Mapped[bool] = mapped_column(Boolean, default=True)
    voice_rate: Mapped[float] = mapped_column(default=0.9)
    chime: Mapped[bool] = mapped_column(Boolean, default=True)
    theme: Mapped[str] = mapped_column(String(10), default="light")
    weekly_target: Mapped[int] = mapped_column(Integer, default=3)
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    support_text: Mapped[str] = mapped_column(Text, default="")
    questionnaire_days: Mapped[int] = mapped_column(Integer, default=14)


class Preference(Base):
    """'More like this' or 'not for me' for one exercise."""

    __tablename__ = "preferences"
    __table_args__ = (
        UniqueConstraint("person_id", "exercise_id"),
        CheckConstraint("choice in ('prefer', 'avoid')", name="preference_choice"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(80))
    choice: Mapped[str] = mapped_column(String(10))


class StoredPlan(Base):
    """A plan as the planner made it: the request and the plan JSON (schema 1)."""

    __tablename__ = "plans"
    __table_args__ = (
        Index("plans_retry", "person_id", "idempotency_key", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # The plan's length, kept beside its JSON: lists and reports read lengths of thousands of
    # plans, and reading each from its JSON (tens of kB) grew with every plan. NULL only for rows
    # from before it was kept and not yet filled (migration 0010 fills them).
    total_seconds: Mapped[int | None] = mapped_column(Integer)
    # The client's Idempotency-Key for the request that made it, and a digest of that request:
    # a retry with the key finds this plan instead of making a second (store.retries).
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MOST))
    request_digest: Mapped[str | None] = mapped_column(String(64))


class PracticeSession(Base):
    """One time a person practised a plan, from start to finish or stop."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("sessions_retry", "person_id", "idempotency_key", unique=True),
        # Every list of sessions is a person's, newest first: read in order, never sorted.
        Index("sessions_by_start", "person_id", "started_at"),
        # A report's figures, counted from the index alone: every column they read, after the
        # period's. The table's row holds the step log (kB of JSON) before the columns added
        # since, and the plan's length lies in its own row after the plan's JSON.
        Index(
            "sessions_in_period",
            "person_id",
            "started_at",
            "completed",
            "grounded",
            "finished_at",
            "stopped_at_step",
            "practised_seconds",
            "planned_seconds",
            "plan_id",
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed: Mapped[bool | None] = mapped_column(Boolean)
    grounded: Mapped[bool] = mapped_column(Boolean, default=False)
    stopped_at_step: Mapped[int | None] = mapped_column(Integer)
    # What the player logged, step by step (practice.step_log), and what it adds up to; empty for
    # sessions from before the log, or ended without the player (a closed tab).
    step_log: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    practised_seconds: Mapped[int | None] = mapped_column(Integer)
    tremor_seconds: Mapped[int | None] = mapped_column(Integer)
    # As on plans: the Idempotency-Key and request digest of the request that started it.
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MOST))
    request_digest: Mapped[str | None] = mapped_column(String(64))
    # Its plan's length, kept with the session when it starts (and when its plan is replaced):
    # a report adds up the lengths of every session of its period. NULL for a row written
    # without it (read from the plan then).
    planned_seconds: Mapped[int | None] = mapped_column(Integer)


class Checkin(Base):
    """How a person felt before or after a session, each rating 0 to 10."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("session_id", "moment"),
        CheckConstraint("moment in ('before', 'after')", name="checkin_moment"),
        *(
            CheckConstraint(f"{name} between 0 and 10", name=f"checkin_{name}_range")
            for name in ("tension", "pain", "distress", "breath")
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    moment: Mapped[str] = mapped_column(String(10))
    tension: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    distress: Mapped[int] = mapped_column(Integer)
    breath: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    emotions_came_up: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class QuestionnaireResult(Base):
    """One completed questionnaire: item-level answers and the score by the published rules."""

    __tablename__ = "questionnaire_results"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(ID_MOST))
    answers: Mapped[list[int | None]] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    band: Mapped[str | None] = mapped_column(String(BAND_LABEL_MOST))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    score: Mapped[dict[str, Any]] = mapped_column(JSON)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class SensorRecording(Base):
    """A recording attached to a session and what the analysis found; the raw samples are not kept."""

    __tablename__ = "recordings"
    # One file once per session: the digest of its bytes, unique within the session (NULL for
    # recordings stored before digests were kept).
    __table_args__ = (
        Index("ix_recordings_session_sha256", "session_id", "sha256", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(Integer)
    offset_s: Mapped[float] = mapped_column(Float, default=0.0)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    series: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comparison: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


# Accounts and workshops (docs/workshops.md). Without an owner account psoas is the one-person app
# it always was; the tables below stay empty.

ROLES = ("owner", "facilitator", "participant")
WORKSHOP_STATES = ("waiting", "running", "paused", "ended")
SIGNAL_KINDS = ("ok", "moment", "stop")
SHARE_KINDS = ("checkins", "questionnaires", "recordings")
USERNAME_MOST = 64
JOIN_CODE_MOST = 12
NICKNAME_MOST = 40


class Account(Base):
    """A login for one person: the owner (the host), facilitators, and participants who chose one."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("username", name="accounts_username"),
        UniqueConstraint("person_id", name="accounts_person"),
        CheckConstraint("role in ('owner', 'facilitator', 'participant')", name="account_role"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Stored lower-case, so "Ana" and "ana" are one account.
    username: Mapped[str] = mapped_column(String(USERNAME_MOST))
    # Argon2id, in the PHC string format the hashing library writes.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # A password reset ends every login made before it.
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class LoginSession(Base):
    """One login: the cookie carries a random token, the table only its SHA-256, so a copy of the
    database cannot be used to log in. Logout deletes the row."""

    __tablename__ = "login_sessions"
    __table_args__ = (
        UniqueConstraint("token_digest", name="login_sessions_token"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginFailure(Base):
    """A failed login, kept for a while so that guessing is slowed across every worker."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("login_failures_by_name", "username", "at"),
        Index("login_failures_by_address", "address", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MOST))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ServerSecret(Base):
    """Secrets the server makes once and every worker shares (the key that signs cookies)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Workshop(Base):
    """A plan for a room: one facilitator leads it, participants join it with its code."""

    __tablename__ = "workshops"
    __table_args__ = (
        UniqueConstraint("join_code", name="workshops_join_code"),
        CheckConstraint("state in ('waiting', 'running', 'paused', 'ended')", name="workshop_state"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The facilitator's person; their workshops go with them.
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The room's plan (practice.session_plan JSON): every participant's own plan has its steps,
    # the same number of them and the same lengths.
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_MOST))
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    # Where the room is: the step, when it (last) started running, and the seconds it had run
    # before a pause; `step_extra_s` is what the facilitator added to it.
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    step_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    step_elapsed_s: Mapped[float] = mapped_column(Float, default=0.0)
    step_extra_s: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WorkshopTemplate(Base):
    """A workshop plan a facilitator saved to run again."""

    __tablename__ = "workshop_templates"
    __table_args__ = (
        UniqueConstraint("person_id", "name", name="workshop_templates_name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Participant(Base):
    """Someone in a workshop's room, joined from their phone with no account: a nickname or seat,
    and a token their device holds (only its SHA-256 is stored)."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("token_digest", name="participants_token"),
        UniqueConstraint("workshop_id", "nickname", name="participants_nickname"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    nickname: Mapped[str] = mapped_column(String(NICKNAME_MOST))
    # The private intake: conditions from the library, and the plan it makes of the room's.
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Set when the participant links this place to an account of their own.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ParticipantCheckin(Base):
    """A participant's before or after check-in, each rating 0 to 10, kept with their place."""

    __tablename__ = "participant_checkins"
    __table_args__ = (
        UniqueConstraint("participant_id", "moment"),
        CheckConstraint("moment in ('before', 'after')", name="participant_checkin_moment"),
        *(
            CheckConstraint(f"{name} between 0 and 10", name=f"participant_checkin_{name}_range")
            for name in ("tension", "pain", "distress", "breath")
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    moment: Mapped[str] = mapped_column(String(10))
    tension: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    distress: Mapped[int] = mapped_column(Integer)
    breath: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class WorkshopSignal(Base):
    """ "I'm OK", "I need a moment" or Stop & ground, sent privately to the facilitator."""

    __tablename__ = "workshop_signals"
    __table_args__ = (
        CheckConstraint("kind in ('ok', 'moment', 'stop')", name="workshop_signal_kind"),
        Index("workshop_signals_by_time", "workshop_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    step_index: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Share(Base):
    """A participant's choice to let one facilitator see one kind of their data, until revoked."""

    __tablename__ = "shares"
    __table_args__ = (
        UniqueConstraint("person_id", "facilitator_id", "kind", name="shares_one_per_kind"),
        CheckConstraint("kind in ('checkins', 'questionnaires', 'recordings')", name="share_kind"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DataView(Base):
    """The audit log: each time a facilitator looked at data a participant shared, which the
    participant can read."""

    __tablename__ = "data_views"
    __table_args__ = (
        Index("data_views_by_person", "person_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # The log is the participant's: when the viewer deletes their own data, the entry stays, with
    # the name they had when they looked.
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    viewer_name: Mapped[str] = mapped_column(String(USERNAME_MOST), default="")
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
