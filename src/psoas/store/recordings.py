"""Sensor recordings attached to practice sessions: saving an analysis and reading it back."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.store.models import SensorRecording
from psoas.store.records import owned_record
from psoas.store.utc_time import iso


def save_recording(
    session: Session,
    person_id: int,
    session_id: int,
    file_name: str,
    size_bytes: int,
    analysis: dict[str, Any],
    series: dict[str, Any],
    comparison: dict[str, Any] | None,
    offset_s: float = 0.0,
    sha256: str | None = None,
) -> SensorRecording:
    """Store what the analysis of one uploaded recording found; `sha256` is the digest of the file's
    bytes, unique within a session (IntegrityError for the same file twice)."""
    row = SensorRecording(
        sha256=sha256,
        person_id=person_id,
        session_id=session_id,
        kind=analysis["kind"],
        file_name=file_name[:200],
        size_bytes=size_bytes,
        offset_s=offset_s,
        analysis=analysis,
        series=series,
        comparison=comparison,
    )
    session.add(row)
    session.flush()
    return row


def get_recording(session: Session, person_id: int, recording_id: int) -> SensorRecording | None:
    """The person's recording with this id, or None."""
    return owned_record(session, SensorRecording, person_id, recording_id)


def find_same_file(session: Session, person_id: int, session_id: int, sha256: str) -> SensorRecording | None:
    """The recording of the session made from a file with these exact bytes, if there is one."""
    query = select(SensorRecording).where(
        SensorRecording.person_id == person_id,
        SensorRecording.session_id == session_id,
        SensorRecording.sha256 == sha256,
    )
    return session.scalars(query).first()


def delete_recording(session: Session, person_id: int, recording_id: int) -> int | None:
    """Delete the person's recording; the session it belonged to, or None when there was no such one."""
    row = get_recording(session, person_id, recording_id)
    if row is None:
        return None
    session.delete(row)
    session.flush()
    return row.session_id


def list_recordings(session: Session, person_id: int, session_id: int | None = None) -> list[SensorRecording]:
    """The person's recordings, oldest first, for one session or all."""
    query = select(SensorRecording).where(SensorRecording.person_id == person_id)
    if session_id is not None:
        query = query.where(SensorRecording.session_id == session_id)
    return list(session.scalars(query.order_by(SensorRecording.created_at, SensorRecording.id)))


def recording_record(row: SensorRecording) -> dict[str, Any]:
    """A stored recording as plain JSON data: the analysis (schema 1) with its id, session and file."""
    return {
        **row.analysis,
        "id": row.id,
        "session_id": row.session_id,
        "file_name": row.file_name,
        "size_bytes": row.size_bytes,
        "offset_s": row.offset_s,
        "comparison": row.comparison,
        "created_at": iso(row.created_at),
    }


def earlier_rmssd(session: Session, person_id: int, recording: SensorRecording, most: int) -> list[float]:
    """RMSSD of the person's heart recordings (RR or ECG) made before this one, oldest first: the
    `most` most recent, read from the analyses without loading them whole (an ECG's holds every
    R peak)."""
    rmssd = SensorRecording.analysis["rmssd_ms"].as_float()
    query = (
        select(rmssd)
        .where(
            SensorRecording.person_id == person_id,
            SensorRecording.kind.in_(("rr", "ecg")),
            SensorRecording.id != recording.id,
            SensorRecording.created_at <= recording.created_at,
            rmssd.is_not(None),
        )
        .order_by(SensorRecording.created_at.desc(), SensorRecording.id.desc())
        .limit(most)
    )
    return [float(v) for v in reversed(session.scalars(query).all())]
