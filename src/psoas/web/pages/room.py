"""The room screen, for a projector or a TV: where the room is in its plan, the countdown, the step's
figure, cue and breath pacer, the join code with a QR code, and counts only.

It is public and read-only, and it shows the room's plan only: nothing on it, or in its event
stream, names a participant or a condition. The code lookup that it and the phones share is
rate-limited per address (web/join_limit.py).
"""

from typing import Any

import segno
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from psoas.practice.library import default_library
from psoas.practice.session_plan import plan_steps
from psoas.store.database import Database
from psoas.store.models import Workshop
from psoas.store.participants import normal_code, open_workshop, workshop_by_code
from psoas.store.workshop_room import room_state
from psoas.web.counted_address import request_address
from psoas.web.events import Event, room_topic, server_sent_events
from psoas.web.join_limit import WrongCodes
from psoas.web.pages.player import step_figures
from psoas.web.person_scope import Transaction
from psoas.web.templating import templates

router = APIRouter()


class CodeRefused(Exception):
    """Too many wrong codes from this address: 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def find_workshop(request: Request, session: Session, code: str, *, open_only: bool) -> Workshop | None:
    """The workshop with this code, counting a wrong code against the client's address; CodeRefused
    once the address has had its wrong codes for the minute (even for a right one: a guesser must
    not learn which of their guesses was right)."""
    limit: WrongCodes = request.app.state.wrong_codes
    address = request_address(request)
    retry_after = limit.retry_after(address)
    if retry_after is not None:
        raise CodeRefused(retry_after)
    found = open_workshop(session, code) if open_only else workshop_by_code(session, code)
    if found is None:
        limit.wrong(address)
    return found


def workshop_or_answer(
    request: Request, session: Session, code: str, *, open_only: bool
) -> Workshop | Response:
    """The workshop with this code, or the page that says why not: too many wrong codes from this
    address (429), or no workshop with the code (404, the join page saying so)."""
    try:
        workshop = find_workshop(request, session, code, open_only=open_only)
    except CodeRefused as refused:
        return too_many(request, refused)
    if workshop is None:
        return not_found_page(request, code)
    return workshop


def not_found_page(request: Request, code: str) -> HTMLResponse:
    """The join page, saying that no open workshop has this code (404)."""
    return screen(
        request, "join.html", status_code=404, code=normal_code(code)[:12], error=wrong_code_text(code)
    )


def too_many(request: Request, refused: CodeRefused) -> HTMLResponse:
    return screen(
        request,
        "join.html",
        status_code=429,
        headers={"Retry-After": str(refused.retry_after)},
        code="",
        error=(
            f"Too many codes were tried from this device. You may try again in {refused.retry_after} seconds."
        ),
    )


def screen(
    request: Request,
    template: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A workshop page: no person, so the light theme and no personal navigation."""
    return templates.TemplateResponse(
        request, template, {"theme": "light", **context}, status_code=status_code, headers=headers
    )


def base_address(request: Request) -> str:
    """This server as the request reached it (its LAN address when the room screen was opened by
    it), so the join address works for the phones in the same room."""
    host = request.headers.get("host") or f"{request.url.hostname}:{request.url.port}"
    return f"{request.url.scheme}://{host}"


def qr_svg(address: str) -> str:
    """The address as an inline SVG QR code (segno: no image file, no outside service)."""
    code = segno.make(address, error="m")
    return str(code.svg_inline(scale=8, dark="#000000", light="#ffffff", border=3, omitsize=True))


def room_steps(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """What a screen needs of each step, with its phase."""
    return [{"phase": phase["phase"], **step} for phase in plan["phases"] for step in phase["steps"]]


def room_data(request: Request, session: Session, workshop: Workshop) -> dict[str, Any]:
    library = default_library()
    base = base_address(request)
    return {
        "code": workshop.join_code,
        "join": f"{base}/join",
        "title": workshop.title,
        "phases": [phase["phase"] for phase in workshop.plan["phases"]],
        "steps": room_steps(workshop.plan),
        "figures": step_figures(library, plan_steps(workshop.plan)),
        "state": room_state(session, workshop),
        "events": f"/room/{workshop.join_code}/events",
    }


@router.get("/room/{code}", response_class=HTMLResponse)
def room_screen(code: str, request: Request, session: Transaction) -> Response:
    """The room screen: counts only, never a name or a condition."""
    workshop = workshop_or_answer(request, session, code, open_only=False)
    if isinstance(workshop, Response):
        return workshop
    if workshop.join_code != code:
        return RedirectResponse(f"/room/{workshop.join_code}", status_code=303)
    base = base_address(request)
    return screen(
        request,
        "room.html",
        data=room_data(request, session, workshop),
        join_address=f"{base}/join",
        qr=qr_svg(f"{base}/w/{workshop.join_code}"),
    )


def wrong_code_text(code: str) -> str:
    shown = normal_code(code)[:12]
    return (
        f"There is no open workshop with the code {shown}. Please check the code on the room's screen."
        if shown
        else "Please enter the code shown on the room's screen."
    )


# ---------------------------------------------------------------------------------------------


def current_room_state(database: Database, workshop_id: int) -> list[Event]:
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        return [room_state(session, workshop)] if workshop is not None else []


@router.get("/room/{code}/events", include_in_schema=False)  # an endless stream: fuzzing it would hang
def room_events(code: str, request: Request, session: Transaction) -> Response:
    """The room's state as it changes (SSE): counts only, the same for everyone."""
    try:
        workshop = find_workshop(request, session, code, open_only=False)
    except CodeRefused as refused:
        raise HTTPException(
            429, detail="too many wrong codes", headers={"Retry-After": str(refused.retry_after)}
        ) from None
    if workshop is None:
        raise HTTPException(404, detail="no workshop with this code")
    database: Database = request.app.state.database
    workshop_id = workshop.id
    return server_sent_events(
        request, [room_topic(workshop_id)], lambda: current_room_state(database, workshop_id)
    )
