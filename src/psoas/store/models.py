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
