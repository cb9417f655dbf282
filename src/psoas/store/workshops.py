"""A facilitator's workshops: made from a request, edited while they wait, saved as templates, and
led through the room's controls. Every function here acts for one facilitator and finds only
their own workshops."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from psoas.practice.library import Library
from psoas.practice.session_plan import plan_steps
from psoas.practice.workshop import (
    EditRefused,
    WorkshopRequest,
    move_step,
    plan_from_json,
    plan_workshop,
    resize_step,
    safety_problems,
    swap_step,
)
from psoas.store.models import Workshop, WorkshopTemplate
from psoas.store.records import RECORD_IDS
from psoas.store.utc_time import as_utc, iso, utc_now

# 31 symbols with no 0/O, 1/I/L to confuse: six of them make 31**6, about 8.9 * 10**8 codes.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
# A collision is about one in a million per workshop already made; a few tries always find one.
JOIN_CODE_TRIES = 8
EXTEND_SECONDS = 60
EXTEND_MOST = 600  # seconds one step may be lengthened by, in all
ACTIONS = ("start", "pause", "resume", "next", "back", "extend", "end")


class RoomRefused(Exception):
    """A control or an edit the workshop's state does not allow; str(error) says why, to the facilitator."""


class NameTaken(Exception):
    """A template name the facilitator already uses."""


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _add_with_code(session: Session, workshop: Workshop, make_code: Callable[[], str]) -> Workshop:
    """Insert the workshop with a code no other workshop holds: the unique constraint decides, and
    a rare collision tries another code (in a savepoint, so the transaction goes on)."""
    for _ in range(JOIN_CODE_TRIES):
        workshop.join_code = make_code()
        try:
            with session.begin_nested():
                session.add(workshop)
            return workshop
        except IntegrityError:
            if workshop in session:  # a savepoint rolled back leaves it transient already
                session.expunge(workshop)
    raise RuntimeError(f"no free join code after {JOIN_CODE_TRIES} tries")


def create_workshop(
    session: Session,
    facilitator_id: int,
    title: str,
    request: WorkshopRequest,
    library: Library,
    make_code: Callable[[], str] = new_join_code,
) -> Workshop:
    """A new workshop, waiting, with the plan made for the request and a fresh join code."""
    plan = plan_workshop(request, library)
    workshop = Workshop(
        facilitator_id=facilitator_id,
        title=title,
        request=request.to_json(),
        plan=plan.to_json(),
        state="waiting",
    )
    return _add_with_code(session, workshop, make_code)


def list_workshops(session: Session, facilitator_id: int) -> list[Workshop]:
    """The facilitator's workshops, newest first."""
    found = session.scalars(
        select(Workshop).where(Workshop.facilitator_id == facilitator_id).order_by(Workshop.id.desc())
    )
    return list(found)


def get_workshop(
    session: Session, facilitator_id: int, workshop_id: int, lock: bool = False
) -> Workshop | None:
    """The facilitator's workshop with this id, or None (another's is as unknown as a missing one).
    `lock` holds its row until the transaction ends, so two controls at once take turns."""
    if workshop_id not in RECORD_IDS:
        return None
    query = select(Workshop).where(Workshop.id == workshop_id, Workshop.facilitator_id == facilitator_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


# The editor. A plan is edited only while its workshop waits: once the room has started, every
# phone follows the plan it was given.
EDITS = ("move", "swap", "resize")


@dataclass(frozen=True)
class Edit:
    """One change the editor asks for: move step `index` to `to`, swap it for `exercise`, or
    resize it to `seconds`."""

    kind: str
    index: int
    to: int = 0
    exercise: str = ""
    seconds: int = 0


def edit_workshop(session: Session, workshop: Workshop, edit: Edit, library: Library) -> Workshop:
    """Apply the edit; raise RoomRefused once the workshop has started, EditRefused (with the rule
    it would break) when the plan would no longer be safe."""
    if workshop.state != "waiting":
        raise RoomRefused("The plan can be changed only before the workshop starts.")
    plan = plan_from_json(workshop.plan)
    if edit.kind == "move":
        edited = move_step(plan, edit.index, edit.to, library)
    elif edit.kind == "swap":
        edited = swap_step(plan, edit.index, edit.exercise, library)
    elif edit.kind == "resize":
        edited = resize_step(plan, edit.index, edit.seconds, library)
    else:
        raise EditRefused(f"unknown edit {edit.kind!r}; valid: {', '.join(EDITS)}")
    workshop.plan = edited.to_json()
    session.flush()
    return workshop


# Templates: a plan saved under a name, to start another workshop from.


def save_template(session: Session, workshop: Workshop, name: str) -> WorkshopTemplate:
    """Save the workshop's plan under a name of the facilitator's; NameTaken if they use it already."""
    template = WorkshopTemplate(
        person_id=workshop.facilitator_id, name=name, request=workshop.request, plan=workshop.plan
    )
    try:
        with session.begin_nested():
            session.add(template)
    except IntegrityError:
        raise NameTaken(f"You already have a template named “{name}”; choose another name.") from None
    return template


def list_templates(session: Session, facilitator_id: int) -> list[WorkshopTemplate]:
    """The facilitator's templates by name."""
    found = session.scalars(
        select(WorkshopTemplate)
        .where(WorkshopTemplate.person_id == facilitator_id)
        .order_by(WorkshopTemplate.name)
    )
    return list(found)


def get_template(session: Session, facilitator_id: int, template_id: int) -> WorkshopTemplate | None:
    if template_id not in RECORD_IDS:
        return None
    template = session.get(WorkshopTemplate, template_id)
    return template if template is not None and template.person_id == facilitator_id else None


def workshop_from_template(
    session: Session,
    template: WorkshopTemplate,
    title: str,
    library: Library,
    make_code: Callable[[], str] = new_join_code,
) -> Workshop:
    """A new waiting workshop with the template's plan, checked again against every safety rule
    (the rules may have grown since it was saved): EditRefused names the first it breaks."""
    problems = safety_problems(plan_from_json(template.plan), library)
    if problems:
        raise EditRefused(f"This template no longer keeps every safety rule: {problems[0]}")
    workshop = Workshop(
        facilitator_id=template.person_id,
        title=title,
        request=template.request,
        plan=template.plan,
        state="waiting",
    )
    return _add_with_code(session, workshop, make_code)


# The room's controls: a small state machine over `state`, `step_index` and the step's timing.


def _running_seconds(workshop: Workshop, now: datetime) -> float:
    if workshop.state != "running" or workshop.step_started_at is None:
        return workshop.step_elapsed_s
    return workshop.step_elapsed_s + max((now - as_utc(workshop.step_started_at)).total_seconds(), 0.0)


def _go_to(workshop: Workshop, index: int, now: datetime) -> None:
    workshop.step_index = index
    workshop.step_elapsed_s = 0.0
    workshop.step_extra_s = 0
    workshop.step_started_at = now if workshop.state == "running" else None


def _step_count(workshop: Workshop) -> int:
    return len(plan_steps(workshop.plan))


def control(session: Session, workshop: Workshop, action: str, seconds: int = EXTEND_SECONDS) -> Workshop:
    """Move the room: start, pause, resume, next, back, extend (by `seconds`), end. The workshop
    should be read with `lock=True`. RoomRefused says why an action cannot happen now."""
    now = utc_now()
    state = workshop.state
    if state == "ended":
        raise RoomRefused("This workshop has ended; nothing in the room can change now.")
    if action == "start":
        if state != "waiting":
            raise RoomRefused("The workshop has already started.")
        workshop.state = "running"
        workshop.started_at = now
        _go_to(workshop, 0, now)
    elif action in ("pause", "resume"):
        wanted, becomes = ("running", "paused") if action == "pause" else ("paused", "running")
        if state != wanted:
            raise RoomRefused(_not_now(action, state))
        workshop.step_elapsed_s = _running_seconds(workshop, now)
        workshop.state = becomes
        workshop.step_started_at = now if becomes == "running" else None
    elif action in ("next", "back"):
        if state == "waiting":
            raise RoomRefused("Start the workshop first; then you may move between steps.")
        index = workshop.step_index + (1 if action == "next" else -1)
        if index >= _step_count(workshop):
            raise RoomRefused("This is the last step; when you are ready, end the workshop.")
        if index < 0:
            raise RoomRefused("This is the first step; there is none before it.")
        _go_to(workshop, index, now)
    elif action == "extend":
        if state == "waiting":
            raise RoomRefused("Start the workshop first; then you may give a step more time.")
        if not 1 <= seconds <= EXTEND_MOST:
            raise RoomRefused(f"A step may be given 1 to {EXTEND_MOST} seconds more, not {seconds}.")
        if workshop.step_extra_s + seconds > EXTEND_MOST:
            raise RoomRefused(
                f"This step already has {workshop.step_extra_s // 60} minutes more; "
                f"a step may be lengthened by {EXTEND_MOST // 60} minutes at most."
            )
        workshop.step_extra_s += seconds
    elif action == "end":
        workshop.step_elapsed_s = _running_seconds(workshop, now)
        workshop.state = "ended"
        workshop.step_started_at = None
        workshop.ended_at = now
    else:
        raise RoomRefused(f"Unknown action {action!r}; valid: {', '.join(ACTIONS)}.")
    session.flush()
    return workshop


def _not_now(action: str, state: str) -> str:
    if state == "waiting":
        return "The workshop has not started yet."
    return "The room is already paused." if action == "pause" else "The room is already running."


def workshop_record(workshop: Workshop) -> dict[str, Any]:
    """The workshop as the export (and a script) reads it."""
    return {
        "id": workshop.id,
        "title": workshop.title,
        "request": workshop.request,
        "plan": workshop.plan,
        "join_code": workshop.join_code,
        "state": workshop.state,
        "step_index": workshop.step_index,
        "step_started_at": iso(workshop.step_started_at) if workshop.step_started_at else None,
        "step_elapsed_s": workshop.step_elapsed_s,
        "step_extra_s": workshop.step_extra_s,
        "created_at": iso(workshop.created_at),
        "started_at": iso(workshop.started_at) if workshop.started_at else None,
        "ended_at": iso(workshop.ended_at) if workshop.ended_at else None,
    }


def template_record(template: WorkshopTemplate) -> dict[str, Any]:
    """The template as the export reads it."""
    return {
        "id": template.id,
        "name": template.name,
        "request": template.request,
        "plan": template.plan,
        "created_at": iso(template.created_at),
    }
