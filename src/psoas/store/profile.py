"""A person's intake answers, settings and exercise preferences."""

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from psoas.store.models import Intake, Preference, Settings
from psoas.store.upsert import insert_or_update
from psoas.store.utc_time import utc_now


@dataclass(frozen=True)
class IntakeAnswers:
    """What the intake asks: level, conditions, props, focus, and who can support the person."""

    level: str
    conditions: list[str]
    props: list[str]
    focus: list[str]
    support_available: bool
    with_facilitator: bool


def get_intake(session: Session, person_id: int) -> Intake | None:
    """The person's intake, or None when they have not answered it yet."""
    return session.get(Intake, person_id)


def save_intake(session: Session, person_id: int, answers: IntakeAnswers) -> Intake:
    """Create or replace the person's intake answers."""
    intake = session.get(Intake, person_id) or Intake(person_id=person_id)
    intake.level = answers.level
    intake.conditions = list(answers.conditions)
    intake.props = list(answers.props)
    intake.focus = list(answers.focus)
    intake.support_available = answers.support_available
    intake.with_facilitator = answers.with_facilitator
    intake.updated_at = utc_now()
    session.add(intake)
    return intake


def get_settings(session: Session, person_id: int) -> Settings:
    """The person's settings, created with defaults if missing."""
    settings = session.get(Settings, person_id)
    if settings is None:
        settings = Settings(person_id=person_id)
        session.add(settings)
        session.flush()
    return settings


_PREFERENCES = Preference.metadata.tables[Preference.__tablename__]


def set_preference(session: Session, person_id: int, exercise_id: str, choice: str | None) -> None:
    """Mark an exercise 'prefer' or 'avoid', or clear the mark with None. One statement either way,
    so marks sent at once end as one of them (a delete then an insert collided on PostgreSQL)."""
    if choice is None:
        session.execute(
            delete(Preference).where(Preference.person_id == person_id, Preference.exercise_id == exercise_id)
        )
        return
    mark = insert_or_update(session.connection(), _PREFERENCES, ["person_id", "exercise_id"], ["choice"])
    session.execute(mark, {"person_id": person_id, "exercise_id": exercise_id, "choice": choice})


def preferences(session: Session, person_id: int) -> dict[str, str]:
    """Every marked exercise id with its choice."""
    rows = session.scalars(select(Preference).where(Preference.person_id == person_id))
    return {row.exercise_id: row.choice for row in rows}
