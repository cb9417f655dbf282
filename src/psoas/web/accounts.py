"""Logging in and out, who may lead a workshop, and the answers to a request that may not act.

`Facilitator` is the person a facilitator's page acts for: an owner or facilitator account, or in
one-person mode the local person at this computer. The mode rules themselves are in
web/identity.py; this module turns their refusals into answers (a login page for a browser, 401
JSON for the API, a 403 page naming `psoas user create --owner` for another device).
"""

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.store.accounts import (
    LOGIN_DAYS,
    PASSWORD_MOST,
    TooManyAttempts,
    account_for_token,
    begin_login,
    check_password,
    end_login,
    finish_login,
    owner_exists,
    start_login,
    token_digest,
)
from psoas.store.database import Database
from psoas.store.models import USERNAME_MOST, Person
from psoas.web.counted_address import request_address
from psoas.web.events import ENDED, Broker, login_topic, publish
from psoas.web.identity import (
    LoginNeeded,
    NotAllowed,
    NotFromHere,
    acting,
    clear_login_cookie,
    cookie_token,
    set_login_cookie,
    signed_token,
)
from psoas.web.person_scope import Transaction, acting_person, gate
from psoas.web.templating import templates

GATE = [Depends(gate)]
FACILITATING_ROLES = ("owner", "facilitator")
router = APIRouter(include_in_schema=False)


def _facilitator(request: Request, session: Transaction) -> Person:
    found = acting(request)
    if found.account is not None and found.account.role not in FACILITATING_ROLES:
        raise NotAllowed
    return acting_person(request, session)


Facilitator = Annotated[Person, Depends(_facilitator)]


def login_streams(request: Request, session: Session) -> tuple[list[str], Callable[[], bool] | None]:
    """For an event stream shown to one login: the topic whose ENDED event ends it (published at
    logout), and the check its heartbeats make (a password reset from the command line ends logins
    where no event tells). Nothing in one-person mode, where no login is held."""
    token = cookie_token(request, session)
    if token is None:
        return [], None
    database: Database = request.app.state.database

    def still_logged_in() -> bool:
        with database.transaction() as check:
            return account_for_token(check, token) is not None

    return [login_topic(token_digest(token))], still_logged_in


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site, never another site ("/" otherwise)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _plain_page(request: Request, template: str, status_code: int, **context: object) -> HTMLResponse:
    """A page for someone the app does not act for yet: the default theme, no person's settings."""
    return templates.TemplateResponse(
        request, template, {"theme": "light", "no_menu": True, **context}, status_code=status_code
    )


def _asks_for_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path not in ("/openapi.json",)


def login_needed_handler(request: Request, _error: Exception) -> Response:
    """A browser goes to the login page and comes back; the API answers 401."""
    if not _asks_for_page(request):
        return JSONResponse({"detail": "Log in first: this psoas has accounts."}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def not_from_here_handler(request: Request, _error: Exception) -> Response:
    """Another device, while psoas is still one person's app on this computer."""
    if not _asks_for_page(request):
        detail = "psoas answers personal requests from this computer only until the owner is created."
        return JSONResponse({"detail": detail}, status_code=403)
    return _plain_page(request, "not_here.html", 403)


def not_allowed_handler(request: Request, _error: Exception) -> Response:
    """A participant's account at a facilitator's page."""
    if not _asks_for_page(request):
        return JSONResponse({"detail": "This is for facilitators."}, status_code=403)
    return _plain_page(request, "not_allowed.html", 403)


def install(app: FastAPI) -> None:
    """The answers to requests that may not act, and the login routes."""
    app.add_exception_handler(LoginNeeded, login_needed_handler)
    app.add_exception_handler(NotFromHere, not_from_here_handler)
    app.add_exception_handler(NotAllowed, not_allowed_handler)
    app.include_router(router)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, session: Transaction, next: str = "/", out: str = "", deleted: str = ""
) -> HTMLResponse:
    """The login form (and, with no owner yet, how accounts begin)."""
    return _login_form(request, session, safe_next(next), logged_out=bool(out), deleted=bool(deleted))


def _login_form(
    request: Request,
    session: Session,
    target: str,
    status_code: int = 200,
    username: str = "",
    problem: str = "",
    logged_out: bool = False,
    deleted: bool = False,
) -> HTMLResponse:
    return _plain_page(
        request,
        "login.html",
        status_code,
        next=target,
        username=username,
        problem=problem,
        logged_out=logged_out,
        deleted=deleted,
        accounts=owner_exists(session),
        username_most=USERNAME_MOST,
        password_most=PASSWORD_MOST,
    )


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the name and password; a new login (a new token) every time, whatever cookie came."""
    form = await request.form()
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form: FormData) -> Response:
    username = str(form.get("username", ""))[:USERNAME_MOST]
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    address = request_address(request)
    database: Database = request.app.state.database
    with database.transaction() as session:
        try:
            attempt = begin_login(session, username, address)
        except TooManyAttempts as wait:
            refused = _login_form(request, session, target, 429, username, str(wait))
            refused.headers["Retry-After"] = str(wait.retry_after)
            return refused
    # Argon2 outside any transaction: on SQLite every request waits for the one connection.
    valid, updated = check_password(attempt, password)
    with database.transaction() as session:
        account = finish_login(session, attempt, updated) if valid else None
        if account is None:
            problem = "That username and password do not match. You may try again."
            # The failure was counted when the attempt began, and stays.
            return _login_form(request, session, target, 401, username, problem)
        # A cookie that came with the request is never kept (no session fixation): its login ends.
        old = cookie_token(request, session)
        if old is not None:
            end_login(session, old)
        login = start_login(session, account)
        value = signed_token(request, session, login.token)
    response = RedirectResponse(target, status_code=303)
    set_login_cookie(response, request, value, LOGIN_DAYS * 24 * 3600)
    return response


@router.post("/logout")
def logout(request: Request, session: Transaction) -> Response:
    """End the login: the token stops working here and now, and the browser forgets it."""
    token = cookie_token(request, session)
    if token is not None:
        end_login(session, token)
        # Its open streams (a console left on another screen) end too, once this commits.
        broker: Broker = request.app.state.broker
        publish(session, broker, login_topic(token_digest(token)), {"type": ENDED})
    response = RedirectResponse("/login?out=1", status_code=303)
    clear_login_cookie(response, request)
    return response
