"""Where a workshop's room is, as every screen is told it: the room screen, each phone and the
console receive the same state, and each draws its own step from it.

The state holds counts only (who joined, who needs a moment), never a name or a condition: it is
what the room screen shows to everyone.
"""

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from psoas.practice.session_plan import plan_steps
from psoas.store.models import Participant, Workshop, WorkshopSignal
from psoas.store.utc_time import as_utc, iso, utc_now

# Signals that mean "this person needs attention" until they say they are OK or the facilitator
# acknowledges them.
NEEDS_ATTENTION = ("moment", "stop")


def step_elapsed(workshop: Workshop) -> float:
    """Seconds the current step has run, counting pauses out."""
    if workshop.state != "running" or workshop.step_started_at is None:
        return workshop.step_elapsed_s
    running = (utc_now() - as_utc(workshop.step_started_at)).total_seconds()
    return workshop.step_elapsed_s + max(running, 0.0)


def needing_attention(session: Session, workshop_id: int) -> list[int]:
    """The participants whose latest signal asks for attention and has not been acknowledged."""
    latest = (
        select(WorkshopSignal.participant_id, func.max(WorkshopSignal.id).label("last"))
        .where(WorkshopSignal.workshop_id == workshop_id)
        .group_by(WorkshopSignal.participant_id)
        .subquery()
    )
    found = session.execute(
        select(WorkshopSignal.participant_id)
        .join(
            latest,
            and_(
                WorkshopSignal.id == latest.c.last, WorkshopSignal.participant_id == latest.c.participant_id
            ),
        )
        .where(WorkshopSignal.kind.in_(NEEDS_ATTENTION), WorkshopSignal.acknowledged_at.is_(None))
    )
    return sorted(int(participant) for participant in found.scalars())


def room_state(session: Session, workshop: Workshop) -> dict[str, Any]:
    """The room's state as one event: `{"type": "room", ...}`; the step's planned seconds include
    what the facilitator added."""
    steps = plan_steps(workshop.plan)
    index = min(workshop.step_index, len(steps) - 1) if steps else 0
    joined = session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    return {
        "type": "room",
        "state": workshop.state,
        "step": index,
        "steps": len(steps),
        "seconds": (int(steps[index]["seconds"]) if steps else 0) + workshop.step_extra_s,
        "elapsed": round(step_elapsed(workshop), 2),
        "server_time": iso(utc_now()),
        "joined": int(joined or 0),
        "needing_moment": len(needing_attention(session, workshop.id)),
    }
