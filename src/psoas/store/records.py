"""Finding one of a person's records by the id a request names."""

from typing import TypeVar

from sqlalchemy.orm import Session

from psoas.store.models import PracticeSession, SensorRecording, StoredPlan

# Ids are INTEGER columns, 32 bits on PostgreSQL. A number outside that range names no record, and
# asking the database for it would make it refuse the query instead of finding nothing.
RECORD_IDS = range(1, 2**31)

Record = TypeVar("Record", StoredPlan, PracticeSession, SensorRecording)


def owned_record(session: Session, model: type[Record], person_id: int, record_id: int) -> Record | None:
    """The person's record of this kind with this id, or None when there is none or it is not theirs."""
    if record_id not in RECORD_IDS:
        return None
    record = session.get(model, record_id)
    return record if record is not None and record.person_id == person_id else None
