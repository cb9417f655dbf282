"""Workshop rows made directly with the models, for the participant tests: the facilitator's side
(store/workshops.py, its controls) is built elsewhere, so a test makes the row and moves the room
by updating it."""

import secrets
from typing import Any

from sqlalchemy.orm import Session

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.store.models import Workshop
from psoas.store.people import local_person
from psoas.store.utc_time import utc_now

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def room_plan(minutes: int = 60) -> dict[str, Any]:
    library = default_library()
    return plan(make_request(library, minutes=minutes, level="beginner"), library).to_json()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(6))


def make_workshop(
    session: Session, state: str = "waiting", minutes: int = 60, title: str = "Tuesday group"
) -> Workshop:
    workshop = Workshop(
        facilitator_id=local_person(session).id,
        title=title,
        request={"minutes": minutes, "level": "beginner", "focus": ["general"], "seed": 0},
        plan=room_plan(minutes),
        join_code=new_code(),
        state=state,
        step_started_at=utc_now() if state == "running" else None,
    )
    session.add(workshop)
    session.flush()
    return workshop


def move_room(
    session: Session, workshop_id: int, *, state: str | None = None, step: int | None = None
) -> None:
    workshop = session.get_one(Workshop, workshop_id)
    if state is not None:
        workshop.state = state
        if state == "running" and workshop.started_at is None:
            workshop.started_at = utc_now()
        if state == "ended":
            workshop.ended_at = utc_now()
    if step is not None:
        workshop.step_index = step
        workshop.step_elapsed_s = 0.0
    workshop.step_started_at = utc_now() if workshop.state == "running" else None
