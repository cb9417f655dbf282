"""Questionnaire results: saving a scored questionnaire and reading a person's results."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.measures.scoring import Score
from psoas.store.models import QuestionnaireResult
from psoas.store.utc_time import iso, utc_now


def save_result(
    session: Session, person_id: int, result: Score, taken_at: datetime | None = None
) -> QuestionnaireResult:
    """Store a scored questionnaire with its item-level answers."""
    row = QuestionnaireResult(
        person_id=person_id,
        instrument=result.instrument,
        answers=list(result.answers),
        total=result.total,
        band=result.band,
        flags=list(result.flags),
        score=result.to_json(),
        taken_at=taken_at or utc_now(),
    )
    session.add(row)
    session.flush()
    return row


def list_results(
    session: Session, person_id: int, instrument: str | None = None, since: datetime | None = None
) -> list[QuestionnaireResult]:
    """The person's results, oldest first, for one instrument or all, and from `since` on if given."""
    query = select(QuestionnaireResult).where(QuestionnaireResult.person_id == person_id)
    if instrument is not None:
        query = query.where(QuestionnaireResult.instrument == instrument)
    if since is not None:
        query = query.where(QuestionnaireResult.taken_at >= since)
    return list(session.scalars(query.order_by(QuestionnaireResult.taken_at, QuestionnaireResult.id)))


def result_record(row: QuestionnaireResult) -> dict[str, Any]:
    """A stored result as plain JSON data: the score (schema 1) with its id and date."""
    return {**row.score, "id": row.id, "taken_at": iso(row.taken_at)}
