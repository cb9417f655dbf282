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
    UsernameTaken,
    begin_login,
    check_password,
    count_seat_account,
    create_account,
    end_login,
    finish_login,
    hash_password,
    normal_username,
    owner_exists,
    password_problem,
    start_login,
    username_problem,
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
from psoas.web.counted_address import request_address
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


# A place kept with an account makes no other: one account per place (log in to change it).
ONE_PER_PLACE = (
    "This place is already kept with an account. To keep it with another account, log in to that one."
)
# A name taken is told as one refused for any other reason, so the form tells little of who has one.
NAME_REFUSED = "That username cannot be used; please choose another."


def _keep_seat(code: str, request: Request, form: FormData) -> Response:
    database: Database = request.app.state.database
    action = str(form.get("action", ""))
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))
    password_hash = None
    if action == "create":
        with database.transaction() as session:
            refused = _may_create(session, request, code, username, password, str(form.get("again", "")))
        if refused is not None:
            return refused
        # Argon2 outside any transaction: on SQLite every request waits for the one connection.
        password_hash = hash_password(password)
    checked = None
    if action == "login":
        with database.transaction() as session:
            try:
                attempt = begin_login(session, username, _address(request))
            except TooManyAttempts as refused:
                return _refused_page(request, session, code, refused, username)
        checked = (attempt, *check_password(attempt, password))  # outside, as above
    with database.transaction() as session:
        seat = _held_seat(session, request, code)
        if isinstance(seat, Response):
            return seat
        account = logged_in_account(request, session)
        if action == "link" and account is not None:
            link_seat(session, seat, account.person_id)
            return RedirectResponse("/sharing?linked=1", status_code=303)
        try:
            if checked is not None:
                attempt, valid, updated = checked
                account = finish_login(session, attempt, updated) if valid else None
            elif password_hash is None:
                raise AccountRefused("Choose to log in or to make an account.")
            else:
                account = _new_account(session, seat, username, password, password_hash)
        except (AccountRefused, TooManyAttempts) as refused:
            return _refused_page(request, session, code, refused, username)
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


def _held_seat(session: Session, request: Request, code: str) -> Participant | Response:
    """The place this phone holds, or the page saying too many codes were tried (404: none)."""
    try:
        seat = _seat(session, request, code)
    except CodeRefused as refused:
        return too_many(request, refused)
    if seat is None:
        raise HTTPException(404, "no place of yours in this workshop on this device; join it first")
    return seat


def _refused_page(
    request: Request, session: Session, code: str, refused: AccountRefused | TooManyAttempts, username: str
) -> HTMLResponse:
    status_code = 429 if isinstance(refused, TooManyAttempts) else 422
    page = _seat_page(request, session, code, None, status_code, str(refused), username)
    if isinstance(refused, TooManyAttempts):
        page.headers["Retry-After"] = str(refused.retry_after)
    return page


def _address(request: Request) -> str:
    return request_address(request)


def _may_create(
    session: Session, request: Request, code: str, username: str, password: str, again: str
) -> Response | None:
    """Whether this phone may make an account now (None), else the page saying why not. A try
    that may go on is counted against the client's address."""
    seat = _held_seat(session, request, code)
    if isinstance(seat, Response):
        return seat
    try:
        if seat.person_id is not None:
            raise AccountRefused(ONE_PER_PLACE)
        if not owner_exists(session):
            raise AccountRefused(
                "Accounts are not switched on for this psoas; the facilitator may tell you more."
            )
        if password != again:
            raise AccountRefused("The two passwords differ; you may type them again.")
        problem = username_problem(normal_username(username)) or password_problem(password)
        if problem:
            raise AccountRefused(problem)
        count_seat_account(session, _address(request))
    except (AccountRefused, TooManyAttempts) as refused:
        return _refused_page(request, session, code, refused, username)
    return None


def _new_account(
    session: Session, seat: Participant, username: str, password: str, password_hash: str
) -> Account:
    """The participant account made for this place (the place is locked: two tries at once make one)."""
    session.refresh(seat, with_for_update=True)
    if seat.person_id is not None:
        raise AccountRefused(ONE_PER_PLACE)
    try:
        return create_account(session, username, password, "participant", password_hash)
    except UsernameTaken:
        raise AccountRefused(NAME_REFUSED) from None
