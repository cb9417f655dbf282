"""Everything stored about a person, as JSON or CSV, and deleting all of it."""

import csv
import io
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from psoas.store.models import Person, StoredPlan
from psoas.store.participants import participations_export
from psoas.store.practice_log import RATINGS, Practice, list_practices, practice_records
from psoas.store.profile import get_intake, get_settings, preferences
from psoas.store.questionnaires import list_results, result_record
from psoas.store.recordings import list_recordings, recording_record
from psoas.store.sharing import sharing_export
from psoas.store.utc_time import iso
from psoas.store.workshops import list_templates, list_workshops, template_record, workshop_record

SCHEMA = 1


def _retry(row: StoredPlan | Practice) -> dict[str, str | None]:
    """The Idempotency-Key a client sent when it made the row, and the digest of its request."""
    return {"idempotency_key": row.idempotency_key, "request_digest": row.request_digest}


def _sessions(session: Session, person_id: int) -> list[dict[str, Any]]:
    practices = list_practices(session, person_id)
    records = practice_records(session, person_id, practices)
    return [record | _retry(practice) for record, practice in zip(records, practices, strict=True)]


def export_data(session: Session, person_id: int) -> dict[str, Any]:
    """All of a person's data as one JSON document (schema 1)."""
    person = session.get_one(Person, person_id)
    intake = get_intake(session, person_id)
    settings = get_settings(session, person_id)
    plans = session.scalars(
        select(StoredPlan).where(StoredPlan.person_id == person_id).order_by(StoredPlan.id)
    )
    return {
        "schema": SCHEMA,
        "person": {"name": person.name, "created_at": iso(person.created_at), "local_key": person.local_key},
        "intake": None
        if intake is None
        else {
            "level": intake.level,
            "conditions": intake.conditions,
            "props": intake.props,
            "focus": intake.focus,
            "support_available": intake.support_available,
            "with_facilitator": intake.with_facilitator,
            "updated_at": iso(intake.updated_at),
        },
        "settings": {
            "voice": settings.voice,
            "voice_rate": settings.voice_rate,
            "chime": settings.chime,
            "theme": settings.theme,
            "weekly_target": settings.weekly_target,
            "minutes": settings.minutes,
            "questionnaire_days": settings.questionnaire_days,
            "support_text": settings.support_text,
        },
        "preferences": preferences(session, person_id),
        "plans": [{**p.plan, "id": p.id, "created_at": iso(p.created_at), **_retry(p)} for p in plans],
        "sessions": _sessions(session, person_id),
        "questionnaire_results": [result_record(row) for row in list_results(session, person_id)],
        # With the series the plots are drawn from (the beat-to-beat intervals), which the API leaves out.
        "recordings": [
            {**recording_record(row), "series": row.series, "sha256": row.sha256}
            for row in list_recordings(session, person_id)
        ],
        **sharing_export(session, person_id),
        # Workshop places the person linked to their account (psoas.store.participants).
        "workshop_participations": participations_export(session, person_id),
        # As a facilitator: the workshops they led or planned, and the plans they saved to run again.
        "workshops": [workshop_record(row) for row in reversed(list_workshops(session, person_id))],
        "workshop_templates": [template_record(row) for row in list_templates(session, person_id)],
    }


# A cell a spreadsheet would read as a formula (OWASP, CSV injection): =, +, -, @, tab, return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """The value as a CSV cell a spreadsheet shows as text: a leading quote before a formula start.
    Our numbers are never negative, so only text is changed."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer, every cell made spreadsheet-safe."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def practices_csv(session: Session, person_id: int) -> str:
    """One row per session with its outcome and before/after ratings."""
    columns = [
        "session_id",
        "started_at",
        "finished_at",
        "planned_seconds",
        "reached_seconds",
        "practised_seconds",
        "tremor_seconds",
        "skipped_steps",
        "fatigue_ratings",
        "hurt",
        "completed",
        "grounded",
        "stopped_at_step",
    ]
    columns += [f"{moment}_{name}" for moment in ("before", "after") for name in RATINGS]
    columns += ["emotions_came_up", "before_note", "after_note"]
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(list(columns))
    for record in practice_records(session, person_id, list_practices(session, person_id)):
        before, after = record["checkins"]["before"] or {}, record["checkins"]["after"] or {}
        log = record["step_log"]
        row = {
            "session_id": record["id"],
            "started_at": record["started_at"],
            "finished_at": record["finished_at"] or "",
            "planned_seconds": record["planned_seconds"],
            "reached_seconds": record["reached_seconds"],
            # From the player's step log; empty for a session without one.
            "practised_seconds": record["practised_seconds"],
            "tremor_seconds": record["tremor_seconds"],
            "skipped_steps": _count_how(log, "skipped") if log is not None else "",
            "fatigue_ratings": " ".join(str(e["fatigue"]) for e in log or [] if e.get("fatigue")),
            # "It hurts", once per time it was pressed, with where when the person said.
            "hurt": " ".join(e.get("hurts_where") or "yes" for e in log or [] if e.get("hurts")),
            "completed": record["completed"],
            "grounded": record["grounded"],
            "stopped_at_step": record["stopped_at_step"],
            "emotions_came_up": after.get("emotions_came_up"),
            "before_note": before.get("note", ""),
            "after_note": after.get("note", ""),
        }
        row |= {f"before_{n}": before.get(n, "") for n in RATINGS} | {
            f"after_{n}": after.get(n, "") for n in RATINGS
        }
        writer.writerow([row[name] for name in columns])
    return out.getvalue()


def _count_how(log: list[dict[str, Any]], how: str) -> int:
    return sum(1 for entry in log if entry.get("how") == how)


def delete_everything(session: Session, person_id: int) -> None:
    """Delete the person and, by cascade, every row that belongs to them."""
    session.execute(delete(Person).where(Person.id == person_id))


def results_csv(session: Session, person_id: int) -> str:
    """One row per questionnaire result, with every item's answer in form order."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(["result_id", "instrument", "taken_at", "total", "band", "flags", "answers"])
    for row in list_results(session, person_id):
        answers = ";".join("" if a is None else str(a) for a in row.answers)
        writer.writerow(
            [
                row.id,
                row.instrument,
                iso(row.taken_at),
                row.total,
                row.band or "",
                ";".join(row.flags),
                answers,
            ]
        )
    return out.getvalue()
