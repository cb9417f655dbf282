"""A participant's phone: joining with the room's code, a nickname and a short private intake, then
their own steps of the room's plan, the check-ins, and the three signals always in reach.

The seat's token lives in an HttpOnly cookie (path /w/); a reload finds the place again. What
the phone sends goes to the facilitator's console topic (name and signal) and, as counts only, to
the room's topic; never a condition, and never a name to the room.
"""

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.practice.grounding import CLOSING_WORDS, grounding_steps
from psoas.practice.library import default_library
from psoas.practice.session_plan import plan_steps
from psoas.practice.suggestion import HARD_DISTRESS
from psoas.store.database import Database
from psoas.store.models import Participant, Workshop
from psoas.store.participants import (
    MOMENTS,
    SIGNALS,
    CheckinConflict,
    JoinRefused,
    add_checkin,
    add_signal,
    check_ratings,
    checkins_of,
    join,
    last_signal,
    normal_code,
    save_intake,
    seat_by_token,
    seat_notes,
    seat_of,
)
from psoas.store.utc_time import iso
from psoas.store.workshop_room import NEEDS_ATTENTION, room_state
from psoas.web.events import console_topic, publish, room_topic, seat_topic, server_sent_events
from psoas.web.pages.common import default_support
from psoas.web.pages.player import step_figures
from psoas.web.pages.room import (
    CodeRefused,
    current_room_state,
    find_workshop,
    not_found_page,
    room_steps,
    screen,
    too_many,
    workshop_or_answer,
)
from psoas.web.person_scope import Transaction

router = APIRouter()
SEAT_COOKIE = "psoas_seat"
SEAT_COOKIE_PATH = "/w/"
SEAT_COOKIE_AGE_S = 24 * 3600
WHO_SEES_WHAT = (
    "Your answers shape your own steps on this phone. The facilitator sees only whether something "
    "may need their attention, never what it is. The room's screen shows only how many people "
    "joined."
)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _seat(request: Request, session: Session, workshop: Workshop) -> Participant | None:
    return seat_of(session, workshop, request.cookies.get(SEAT_COOKIE))


def _publish_room(request: Request, session: Session, workshop: Workshop) -> None:
    broker = request.app.state.broker
    publish(session, broker, room_topic(workshop.id), room_state(session, workshop))


def _roster_event(participant: Participant) -> dict[str, Any]:
    attention, _ = seat_notes(participant)
    return {
        "type": "roster",
        "participant": participant.id,
        "nickname": participant.nickname,
        "attention": attention,
        "intake_done": participant.plan is not None,
        "joined_at": iso(participant.joined_at),
    }


# Entering the code ------------------------------------------------------------------------------


@router.get("/join", response_class=HTMLResponse)
def join_page(request: Request, code: str = "") -> HTMLResponse:
    """Enter the code shown on the room's screen."""
    return screen(request, "join.html", code=normal_code(code)[:12], error="")


@router.post("/join", response_class=HTMLResponse)
async def join_code(request: Request) -> Response:
    form = await request.form()
    return await run_in_threadpool(_join_code, request, str(form.get("code", "")))


def _join_code(request: Request, code: str) -> Response:
    database: Database = request.app.state.database
    with database.transaction() as session:
        workshop = workshop_or_answer(request, session, code, open_only=True)
        if isinstance(workshop, Response):
            return workshop
        return RedirectResponse(f"/w/{workshop.join_code}", status_code=303)


# Choosing a nickname, and the intake ------------------------------------------------------------


def _intake_context(
    participant: Participant, error: str = "", chosen: tuple[str, ...] = ()
) -> dict[str, Any]:
    library = default_library()
    return {
        "participant": participant,
        "conditions": [(c.id, c.name) for c in library.conditions.values()],
        "chosen": chosen,
        "error": error,
        "who_sees": WHO_SEES_WHAT,
    }


@router.get("/w/{code}", response_class=HTMLResponse)
def seat_page(code: str, request: Request, session: Transaction) -> Response:
    """Choose a nickname or seat number; once seated, the short private intake; after it, the phone."""
    workshop = workshop_or_answer(request, session, code, open_only=False)
    if isinstance(workshop, Response):
        return workshop
    if workshop.join_code != code:
        return RedirectResponse(f"/w/{workshop.join_code}", status_code=303)
    participant = _seat(request, session, workshop)
    if participant is not None and participant.plan is not None:
        return RedirectResponse(f"/w/{workshop.join_code}/me", status_code=303)
    if participant is not None:
        return screen(request, "seat_intake.html", workshop=workshop, **_intake_context(participant))
    if workshop.state == "ended":
        return screen(
            request, "seat_join.html", status_code=410, workshop=workshop, ended=True, nickname="", error=""
        )
    return screen(request, "seat_join.html", workshop=workshop, ended=False, nickname="", error="")


@router.post("/w/{code}", response_class=HTMLResponse)
async def take_seat(code: str, request: Request) -> Response:
    form = await request.form()
    return await run_in_threadpool(_take_seat, request, code, str(form.get("nickname", "")))


def _take_seat(request: Request, code: str, nickname: str) -> Response:
    database: Database = request.app.state.database
    with database.transaction() as session:
        workshop = workshop_or_answer(request, session, code, open_only=True)
        if isinstance(workshop, Response):
            return workshop
        if _seat(request, session, workshop) is not None:
            return RedirectResponse(f"/w/{workshop.join_code}", status_code=303)
        try:
            participant, token = join(session, workshop, nickname)
        except JoinRefused as refused:
            if _wants_json(request):
                return JSONResponse({"detail": str(refused)}, status_code=422)
            return screen(
                request,
                "seat_join.html",
                status_code=422,
                workshop=workshop,
                ended=False,
                nickname=nickname[:80],
                error=str(refused),
            )
        _publish_room(request, session, workshop)
        publish(session, request.app.state.broker, console_topic(workshop.id), _roster_event(participant))
        response = RedirectResponse(f"/w/{workshop.join_code}", status_code=303)
        response.set_cookie(
            SEAT_COOKIE,
            token,
            max_age=SEAT_COOKIE_AGE_S,
            path=SEAT_COOKIE_PATH,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response


@router.post("/w/{code}/intake", response_class=HTMLResponse)
async def intake(code: str, request: Request) -> Response:
    form = await request.form()
    return await run_in_threadpool(_intake, request, code, form)


def _seated(request: Request, session: Session, code: str) -> tuple[Workshop, Participant] | Response:
    """The workshop and this phone's seat in it, or the answer that refuses (429, 404, or 403 for a
    phone with no seat in this workshop, such as one seated in another). A phone holding its seat is
    found by its token first, so that others' wrong codes from the same address (a shared network,
    a typo) never stop its Stop & ground from reaching the facilitator."""
    held = seat_by_token(session, code, request.cookies.get(SEAT_COOKIE))
    if held is not None:
        return session.get_one(Workshop, held.workshop_id), held
    try:
        workshop = find_workshop(request, session, code, open_only=False)
    except CodeRefused as refused:
        if _wants_json(request) or request.method != "GET":
            return JSONResponse(
                {"detail": "too many wrong codes from this device"},
                status_code=429,
                headers={"Retry-After": str(refused.retry_after)},
            )
        return too_many(request, refused)
    if workshop is None:
        if _wants_json(request) or request.method != "GET":
            return JSONResponse({"detail": "no workshop with this code"}, status_code=404)
        return not_found_page(request, code)
    participant = _seat(request, session, workshop)
    if participant is None:
        if _wants_json(request) or request.method != "GET":
            return JSONResponse(
                {"detail": "this device has no place in this workshop: join it first"}, status_code=403
            )
        return RedirectResponse(f"/w/{workshop.join_code}", status_code=303)
    return workshop, participant


def _intake(request: Request, code: str, form: FormData) -> Response:
    chosen = tuple(str(value) for value in form.getlist("condition"))
    none = form.get("none") is not None
    database: Database = request.app.state.database
    with database.transaction() as session:
        found = _seated(request, session, code)
        if isinstance(found, Response):
            return found
        workshop, participant = found
        library = default_library()
        unknown = sorted(set(chosen) - set(library.conditions))
        error = ""
        if unknown:
            error = f"Unknown choice: {', '.join(unknown)}. Please choose from the list."
        elif none and chosen:
            error = "You chose “None of these” and something from the list: please choose one or the other."
        elif not none and not chosen:
            error = "Please choose what is true for you today, or “None of these”."
        if error:
            return screen(
                request,
                "seat_intake.html",
                status_code=422,
                workshop=workshop,
                **_intake_context(participant, error, tuple(c for c in chosen if c in library.conditions)),
            )
        save_intake(session, participant, library, chosen)
        publish(session, request.app.state.broker, console_topic(workshop.id), _roster_event(participant))
        return RedirectResponse(f"/w/{workshop.join_code}/before", status_code=303)


# Check-ins ----------------------------------------------------------------------------------------


@router.get("/w/{code}/before", response_class=HTMLResponse)
def before_page(code: str, request: Request, session: Transaction) -> Response:
    """The before check-in, which the participant may skip."""
    return _checkin_page(request, session, code, "before")


@router.get("/w/{code}/after", response_class=HTMLResponse)
def after_page(code: str, request: Request, session: Transaction) -> Response:
    """The after check-in, once the room has ended (or whenever the participant leaves)."""
    return _checkin_page(request, session, code, "after")


def _checkin_page(request: Request, session: Session, code: str, moment: str) -> Response:
    """A check-in, 0 to 10 as the solo check-in asks."""
    found = _seated(request, session, code)
    if isinstance(found, Response):
        return found
    workshop, participant = found
    if participant.plan is None:
        return RedirectResponse(f"/w/{workshop.join_code}", status_code=303)
    if moment in checkins_of(session, participant.id):
        return RedirectResponse(f"/w/{workshop.join_code}/me", status_code=303)
    return screen(request, "seat_checkin.html", workshop=workshop, moment=moment, error="")


@router.post("/w/{code}/checkin")
async def checkin(code: str, request: Request) -> Response:
    """Store the before or after check-in; the same one sent again is answered as the first."""
    form = await _values(request)
    return await run_in_threadpool(_checkin, request, code, form)


async def _values(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            return {"_bad": "the body is not JSON"}
        return body if isinstance(body, dict) else {"_bad": "the body must be a JSON object"}
    form = await request.form()
    return {key: str(value) for key, value in form.items()}


def _checkin(request: Request, code: str, values: dict[str, Any]) -> Response:
    database: Database = request.app.state.database
    with database.transaction() as session:
        found = _seated(request, session, code)
        if isinstance(found, Response):
            return found
        workshop, participant = found
        moment = str(values.get("moment", ""))
        try:
            if "_bad" in values:
                raise ValueError(values["_bad"])
            if moment not in MOMENTS:
                raise ValueError("moment: 'before' or 'after'")
            ratings = check_ratings(values)
            stored = add_checkin(session, participant, moment, ratings)
        except CheckinConflict as conflict:
            if _wants_json(request):
                return JSONResponse({"detail": str(conflict)}, status_code=409)
            return RedirectResponse(f"/w/{workshop.join_code}/me", status_code=303)
        except ValueError as problem:
            if _wants_json(request) or moment not in MOMENTS:
                return JSONResponse({"detail": str(problem)}, status_code=422)
            return screen(
                request,
                "seat_checkin.html",
                status_code=422,
                workshop=workshop,
                moment=moment,
                error=str(problem),
            )
        event = {
            "type": "checkin",
            "participant": participant.id,
            "nickname": participant.nickname,
            "moment": moment,
            "at": iso(stored.created_at),
        }
        _publish_room(request, session, workshop)
        publish(session, request.app.state.broker, console_topic(workshop.id), event)
        if _wants_json(request):
            return JSONResponse({"moment": moment, **{name: getattr(stored, name) for name in ratings}})
        # Distress this high changes what happens next, as in a session alone: the phone offers
        # grounding and support first. The facilitator is not told the answer (the person's own
        # to share); the phone says how to let them know.
        high = "?distress=high" if stored.distress >= HARD_DISTRESS else ""
        return RedirectResponse(f"/w/{workshop.join_code}/me{high}", status_code=303)


# Signals --------------------------------------------------------------------------------------------


@router.post("/w/{code}/signal")
async def signal(code: str, request: Request) -> Response:
    """ "I'm OK", "I need a moment" or Stop & ground: to the facilitator's console, privately; the
    room hears only how many need a moment."""
    values = await _values(request)
    return await run_in_threadpool(_signal, request, code, values)


def _signal(request: Request, code: str, values: dict[str, Any]) -> Response:
    database: Database = request.app.state.database
    with database.transaction() as session:
        found = _seated(request, session, code)
        if isinstance(found, Response):
            return found
        workshop, participant = found
        kind = str(values.get("kind", ""))
        if kind not in SIGNALS:
            return JSONResponse({"detail": "kind: choose 'ok', 'moment' or 'stop'"}, status_code=422)
        sent = add_signal(session, participant, kind)
        event = {
            "type": "signal",
            "participant": participant.id,
            "nickname": participant.nickname,
            "kind": kind,
            "at": iso(sent.at),
            "signal": sent.id,
            "step": sent.step_index,
        }
        _publish_room(request, session, workshop)
        publish(session, request.app.state.broker, console_topic(workshop.id), event)
        if not _wants_json(request):
            return RedirectResponse(f"/w/{workshop.join_code}/me", status_code=303)
        return JSONResponse({"signal": sent.id, "kind": kind, "at": iso(sent.at)})


# The phone's own screen ------------------------------------------------------------------------------


def _acknowledged(session: Session, participant: Participant) -> bool:
    last = last_signal(session, participant.id)
    return last is not None and last.kind in NEEDS_ATTENTION and last.acknowledged_at is not None


def phone_data(
    request: Request, session: Session, workshop: Workshop, participant: Participant
) -> dict[str, Any]:
    library = default_library()
    plan = participant.plan or workshop.plan
    grounding = [step.to_json() for step in grounding_steps(library)]
    _, notes = seat_notes(participant)
    code = workshop.join_code
    last = last_signal(session, participant.id)
    return {
        "code": code,
        "nickname": participant.nickname,
        "phases": [phase["phase"] for phase in plan["phases"]],
        "steps": room_steps(plan),
        "room_steps": [{"exercise": s["exercise"], "name": s["name"]} for s in plan_steps(workshop.plan)],
        "figures": step_figures(library, [*plan_steps(plan), *grounding]),
        "grounding": grounding,
        "closing": list(CLOSING_WORDS),
        "notes": notes,
        "state": room_state(session, workshop),
        "last_signal": last.kind if last is not None else None,
        "acknowledged": _acknowledged(session, participant),
        "checkins": sorted(checkins_of(session, participant.id)),
        "api": {
            "signal": f"/w/{code}/signal",
            "events": f"/w/{code}/events",
            "after": f"/w/{code}/after",
        },
    }


@router.get("/w/{code}/me", response_class=HTMLResponse)
def me_page(code: str, request: Request, session: Transaction) -> Response:
    """The participant's own screen: their step of their own plan, the countdown, the pacer, and
    I'm OK, I need a moment and Stop & ground always in reach."""
    found = _seated(request, session, code)
    if isinstance(found, Response):
        return found
    workshop, participant = found
    if workshop.join_code != code or participant.plan is None:
        return RedirectResponse(f"/w/{quote(workshop.join_code)}", status_code=303)
    return screen(
        request,
        "seat_me.html",
        workshop=workshop,
        data=phone_data(request, session, workshop, participant),
        support=default_support(request),
        high_distress=request.query_params.get("distress") == "high",
    )


@router.get("/w/{code}/events", include_in_schema=False)  # an endless stream: fuzzing it would hang
def seat_events(code: str, request: Request, session: Transaction) -> Response:
    """The room's state and what is said to this seat alone (SSE)."""
    found = _seated(request, session, code)
    if isinstance(found, Response):
        if found.status_code == 303:  # a page's redirect: a stream has no page to go to
            return JSONResponse(
                {"detail": "this device has no place in this workshop: join it first"}, status_code=403
            )
        return found
    workshop, participant = found
    database: Database = request.app.state.database
    workshop_id = workshop.id
    return server_sent_events(
        request,
        [room_topic(workshop_id), seat_topic(participant.id)],
        lambda: current_room_state(database, workshop_id),
    )
