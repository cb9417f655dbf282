"""Sharing: a participant keeps their workshop place with an account, chooses per kind what a
facilitator may see and revokes it, and reads every view of it; the facilitator's view of it."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.store.accounts import (
    LOGIN_DAYS,
    AccountRefused,
    TooManyAttempts,
    authenticate,
    create_account,
    end_login,
    owner_exists,
    start_login,
)
from psoas.store.database import Database
from psoas.store.models import SHARE_KINDS, Account, Participant, Person, Workshop
from psoas.store.participants import seat_by_token, seat_of
from psoas.store.sharing import (
    KIND_LABELS,
    facilitators_of,
    link_seat,
    participant_in,
    record_view,
    revoke,
    share,
    shared_data,
    shared_kinds,
    shares_of,
    views_of,
)
from psoas.web.accounts import Facilitator
from psoas.web.identity import cookie_token, logged_in_account, set_login_cookie, signed_token
from psoas.web.pages.common import render
from psoas.web.pages.room import CodeRefused, find_workshop, too_many
from psoas.web.pages.seat import SEAT_COOKIE
from psoas.web.person_scope import LocalPerson, Transaction
from psoas.web.templating import templates

router = APIRouter(include_in_schema=False)  # pages for people; the API is documented


@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(
    request: Request, session: Transaction, person: LocalPerson, linked: str = "", saved: str = ""
) -> HTMLResponse:
    """What the person shares with whom, a switch per kind, and the log of every view."""
    return _page(request, session, person, linked=bool(linked), saved=bool(saved))


def _page(request: Request, session: Session, person: Person, **context: Any) -> HTMLResponse:
    active = {(s.facilitator_id, s.kind) for s in shares_of(session, person.id) if s.revoked_at is None}
    return render(
        request,
        session,
        person,
        "sharing.html",
        active="/sharing",
        facilitators=facilitators_of(session, person.id),
        shared=active,
        kinds=SHARE_KINDS,
        labels=KIND_LABELS,
        views=views_of(session, person.id),
        shows_dates=True,
        **context,
    )


@router.post("/sharing", response_class=HTMLResponse)
def change_sharing(
    request: Request,
    session: Transaction,
    person: LocalPerson,
    facilitator: Annotated[int, Form()],
    kind: Annotated[str, Form()],
    choice: Annotated[str, Form()],
) -> Response:
    """Share one kind with one facilitator, or stop sharing it."""
    known = {f.person_id for f in facilitators_of(session, person.id)}
    if kind not in SHARE_KINDS or facilitator not in known or choice not in ("share", "stop"):
        return _page(request, session, person, problem="That choice is not one this page offers.")
    if choice == "share":
        share(session, person.id, facilitator, kind)
    else:
        revoke(session, person.id, facilitator, kind)
    return RedirectResponse("/sharing?saved=1#shares", status_code=303)


@router.get("/workshops/{workshop_id}/participants/{participant_id}/shared", response_class=HTMLResponse)
def shared_with_me(
    workshop_id: int, participant_id: int, request: Request, session: Transaction, facilitator: Facilitator
) -> HTMLResponse:
    """A participant's data they chose to share with this workshop's facilitator; each kind shown
    is written to their audit log. Any other facilitator is told there is no such page (404)."""
    workshop = session.get(Workshop, workshop_id)
    participant = participant_in(session, workshop_id, participant_id)
    if workshop is None or workshop.facilitator_id != facilitator.id or participant is None:
        raise HTTPException(404, "no such participant in your workshops")
    kinds = (
        [] if participant.person_id is None else shared_kinds(session, participant.person_id, facilitator.id)
    )
    data = {} if participant.person_id is None else shared_data(session, participant.person_id, kinds)
    for kind in kinds:
        record_view(session, participant.person_id or 0, facilitator.id, kind)
    return render(
        request,
        session,
        facilitator,
        "shared.html",
        workshop=workshop,
        participant=participant,
        kinds=kinds,
        labels=KIND_LABELS,
        data=data,
        linked=participant.person_id is not None,
    )


# Keeping a workshop place with an account, on the participant's phone. The `/w/` routes are open
# to anyone; only the phone that holds the place's seat cookie may do this.


def _seat(session: Session, request: Request, code: str) -> Participant | None:
    """The place this phone holds in the workshop: found by its token first (never held up by
    others' wrong codes); otherwise a wrong code counts against the address."""
    held = seat_by_token(session, code, request.cookies.get(SEAT_COOKIE))
    if held is not None:
        return held
    workshop = find_workshop(request, session, code, open_only=False)
    return None if workshop is None else seat_of(session, workshop, request.cookies.get(SEAT_COOKIE))


def _seat_page(
    request: Request,
    session: Session,
    code: str,
    account: Account | None,
    status_code: int = 200,
    problem: str = "",
    username: str = "",
) -> HTMLResponse:
    context = {
        "theme": "light",
        "no_menu": True,
        "code": code.upper(),
        "account": account,
        "accounts_on": owner_exists(session),
        "problem": problem,
        "username": username,
    }
    return templates.TemplateResponse(request, "seat_account.html", context, status_code=status_code)


@router.get("/w/{code}/account", response_class=HTMLResponse)
def seat_account_page(code: str, request: Request, session: Transaction) -> HTMLResponse:
    """ "Keep this with an account": log in, or make a participant account here."""
    try:
        seat = _seat(session, request, code)
    except CodeRefused as refused:
        return too_many(request, refused)
    if seat is None:
        raise HTTPException(404, "no place of yours in this workshop on this device; join it first")
    return _seat_page(request, session, code, logged_in_account(request, session))


@router.post("/w/{code}/account", response_class=HTMLResponse)
async def keep_seat(code: str, request: Request) -> Response:
    """Link the place to the account logged in, logged in now, or made now."""
    form = await request.form()
    return await run_in_threadpool(_keep_seat, code, request, form)


def _keep_seat(code: str, request: Request, form: FormData) -> Response:
    database: Database = request.app.state.database
    action = str(form.get("action", ""))
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))
    with database.transaction() as session:
        try:
            seat = _seat(session, request, code)
        except CodeRefused as refused:
            return too_many(request, refused)
        if seat is None:
            raise HTTPException(404, "no place of yours in this workshop on this device; join it first")
        account = logged_in_account(request, session)
        if action == "link" and account is not None:
            link_seat(session, seat, account.person_id)
            return RedirectResponse("/sharing?linked=1", status_code=303)
        try:
            account = _account_for(session, request, action, username, password, str(form.get("again", "")))
        except (AccountRefused, TooManyAttempts) as refused:
            status_code = 429 if isinstance(refused, TooManyAttempts) else 422
            page = _seat_page(request, session, code, None, status_code, str(refused), username)
            if isinstance(refused, TooManyAttempts):
                page.headers["Retry-After"] = str(refused.retry_after)
            return page
        if account is None:
            problem = "That username and password do not match. You may try again."
            return _seat_page(request, session, code, None, 401, problem, username)
        link_seat(session, seat, account.person_id)
        old = cookie_token(request, session)
        if old is not None:
            end_login(session, old)
        value = signed_token(request, session, start_login(session, account).token)
    response = RedirectResponse("/sharing?linked=1", status_code=303)
    set_login_cookie(response, request, value, LOGIN_DAYS * 24 * 3600)
    return response


def _account_for(
    session: Session, request: Request, action: str, username: str, password: str, again: str
) -> Account | None:
    """The account a participant logs in to or creates on their phone (None: wrong password)."""
    address = request.client.host if request.client else ""
    if action == "login":
        return authenticate(session, username, password, address)
    if action != "create":
        raise AccountRefused("Choose to log in or to make an account.")
    if not owner_exists(session):
        raise AccountRefused(
            "Accounts are not switched on for this psoas; the facilitator may tell you more."
        )
    if password != again:
        raise AccountRefused("The two passwords differ; you may type them again.")
    return create_account(session, username, password, "participant")
