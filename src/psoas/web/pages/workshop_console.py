"""The facilitator's console: the room's controls (start, pause, resume, next, back, extend, end),
the step with its countdown and what comes next, the join code, the roster with only what needs
attention, the signals feed with Acknowledge, and after the end the group's figures. It stays live
through its event stream, and works by reloading without script."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from psoas.practice.drawing import figure_svg
from psoas.practice.library import default_library
from psoas.practice.session_plan import plan_steps
from psoas.store.models import Person, Workshop
from psoas.store.workshop_console import FIGURES_LEAST, acknowledge, group_figures, roster, signal_feed
from psoas.store.workshop_room import room_state
from psoas.store.workshops import ACTIONS, EXTEND_SECONDS, RoomRefused, control, get_workshop
from psoas.web.accounts import Facilitator, login_streams
from psoas.web.events import Broker, console_topic, publish, room_topic, seat_topic, server_sent_events
from psoas.web.pages.common import render
from psoas.web.pages.workshops import Form, owned_workshop
from psoas.web.person_scope import Transaction

router = APIRouter()


def _broker(request: Request) -> Broker:
    broker: Broker = request.app.state.broker
    return broker


def _steps(workshop: Workshop) -> list[dict[str, Any]]:
    """Each step's phase, name, side and seconds: what console.js needs to name the step and the next."""
    return [
        {"phase": phase["phase"], "name": step["name"], "side": step["side"], "seconds": step["seconds"]}
        for phase in workshop.plan["phases"]
        for step in phase["steps"]
    ]


def _live(session: Session, workshop: Workshop) -> dict[str, Any]:
    """The parts of the console that change as people join and signal."""
    library = default_library()
    figures = group_figures(session, workshop) if workshop.state == "ended" else None
    return {
        "seats": roster(session, workshop, library),
        "feed": signal_feed(session, workshop),
        "figures": figures,
        "figures_least": FIGURES_LEAST,
        "distributions": figures is not None
        and any(f["counts"] for moment in figures["checkins"].values() for f in moment.values()),
    }


def _console(
    request: Request,
    session: Session,
    facilitator: Person,
    workshop: Workshop,
    *,
    message: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    steps = _steps(workshop)
    state = room_state(session, workshop)
    current = plan_steps(workshop.plan)[state["step"]] if steps else None
    figure = (
        figure_svg(default_library(), current["exercise"], side=current["side"], cues=current["cues"])
        if current
        else None
    )
    return render(
        request,
        session,
        facilitator,
        "workshop_console.html",
        status_code=status_code,
        active="/workshops",
        workshop=workshop,
        room=state,
        steps=steps,
        current=current,
        figure=figure,
        message=message,
        extend_seconds=EXTEND_SECONDS,
        **_live(session, workshop),
    )


@router.get("/workshops/{workshop_id}/console", response_class=HTMLResponse)
def console_page(
    request: Request, workshop_id: int, session: Transaction, facilitator: Facilitator
) -> HTMLResponse:
    """The console for leading the room."""
    return _console(request, session, facilitator, owned_workshop(session, facilitator, workshop_id))


@router.get("/workshops/{workshop_id}/console/live", response_class=HTMLResponse)
def console_live(
    request: Request, workshop_id: int, session: Transaction, facilitator: Facilitator
) -> HTMLResponse:
    """The roster, the signals and (after the end) the figures, for console.js to redraw."""
    workshop = owned_workshop(session, facilitator, workshop_id)
    return render(
        request, session, facilitator, "_console_live.html", workshop=workshop, **_live(session, workshop)
    )


def _publish_room(request: Request, session: Session, workshop: Workshop) -> None:
    publish(session, _broker(request), room_topic(workshop.id), room_state(session, workshop))


@router.post("/workshops/{workshop_id}/control", response_model=None)
def room_control(
    request: Request, workshop_id: int, form: Form, session: Transaction, facilitator: Facilitator
) -> Response:
    """Move the room, tell every screen, and come back to the console; 409 when the room cannot do
    it now, with the reason."""
    # Locked: two controls at once (two tabs, a double click) take turns, each from where the other left.
    workshop = owned_workshop(session, facilitator, workshop_id, lock=True)
    action = str(form.get("action", ""))
    seconds_text = str(form.get("seconds", EXTEND_SECONDS)).strip()
    problem = ""
    if action not in ACTIONS:
        problem = f"The room has no action {action[:20]!r}; it takes {', '.join(ACTIONS)}."
    elif not seconds_text.isdecimal() or len(seconds_text) > 6:
        problem = "Give the extra time as a whole number of seconds."
    if problem:
        return _console(request, session, facilitator, workshop, message=problem, status_code=422)
    try:
        control(session, workshop, action, int(seconds_text))
    except RoomRefused as error:
        return _console(request, session, facilitator, workshop, message=str(error), status_code=409)
    _publish_room(request, session, workshop)
    return RedirectResponse(f"/workshops/{workshop.id}/console", status_code=303)


@router.post("/workshops/{workshop_id}/signals/{signal_id}/acknowledge", response_model=None)
def acknowledge_signal(
    request: Request,
    workshop_id: int,
    signal_id: int,
    form: Form,
    session: Transaction,
    facilitator: Facilitator,
) -> Response:
    """Mark a signal as seen: the console, the room's count and the participant's phone are told."""
    workshop = owned_workshop(session, facilitator, workshop_id)
    signal = acknowledge(session, workshop, signal_id)
    if signal is None:
        raise HTTPException(404, detail=f"no signal with id {signal_id} in this workshop")
    broker = _broker(request)
    seen = {"type": "acknowledged", "signal": signal.id, "kind": signal.kind}
    publish(session, broker, console_topic(workshop.id), seen | {"participant": signal.participant_id})
    publish(session, broker, seat_topic(signal.participant_id), seen)
    _publish_room(request, session, workshop)
    return RedirectResponse(f"/workshops/{workshop.id}/console#signals", status_code=303)


def _current_state(request: Request, workshop_id: int, facilitator_id: int) -> dict[str, Any]:
    with request.app.state.database.transaction() as session:
        workshop = get_workshop(session, facilitator_id, workshop_id)
        return room_state(session, workshop) if workshop else {"type": "gone"}


# Left out of the OpenAPI document: an endless stream is no operation a fuzzer can call and judge;
# tests/web/test_workshops.py reads it.
@router.get("/workshops/{workshop_id}/events", response_model=None, include_in_schema=False)
def console_events(
    request: Request, workshop_id: int, session: Transaction, facilitator: Facilitator
) -> Response:
    """Server-Sent Events: the room's state and the console's news (signals, acknowledgements)."""
    workshop = owned_workshop(session, facilitator, workshop_id)
    facilitator_id = facilitator.id
    ending, still_logged_in = login_streams(request, session)  # the console closes with its login
    return server_sent_events(
        request,
        [room_topic(workshop.id), console_topic(workshop.id), *ending],
        lambda: [_current_state(request, workshop_id, facilitator_id)],
        still_logged_in,
    )
