"""Who a request acts for, and whether it may be answered at all.

No owner account: psoas is the one-person app it always was, for requests from this computer
(loopback) only; another address reaches only the participant routes. Once the host has created
the owner, every personal page and API needs a login: the `psoas_login` cookie holds a random
token signed with HMAC-SHA256 by a server secret; the database keeps only the token's SHA-256.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.store.accounts import account_for_token, owner_exists, server_secret
from psoas.store.database import Database
from psoas.store.models import Account, Person
from psoas.store.people import LOCAL

COOKIE = "psoas_login"
# The person whole, not only their id: found in the route's own transaction, the route's
# `LocalPerson` is then in its session already and costs no second query.
_LOCAL_PERSON = select(Person).where(Person.local_key == LOCAL)
_SECRET_NAME = "login-cookie"
# Reached by anyone, with no login and from any address: a workshop's participants and its room
# screen, the scripts and styles, the health check and version, and the login page itself.
OPEN_PATHS = frozenset({"/join", "/healthz", "/api/version", "/login", "/logout"})
OPEN_PREFIXES = ("/join/", "/w/", "/room/", "/static/")


class LoginNeeded(Exception):
    """A personal page or API asked without a login, once accounts exist."""


class NotFromHere(Exception):
    """A personal page asked from another device while psoas is still a one-person app."""


class NotAllowed(Exception):
    """A logged-in person asked for a page their role does not open (a participant, the console)."""


@dataclass(frozen=True)
class Acting:
    """The person a request acts for, and their account (None in one-person mode).

    `person_id` is None for the local person before anything made them: they are made in the
    route's own transaction, as before accounts, so that first requests arriving at once take
    turns on the people table's unique key rather than racing on their own rows. `person` is the
    local person as read where they were found (the session's identity map holds its rows weakly:
    this keeps it there for the route).
    """

    person_id: int | None
    account: Account | None
    person: Person | None = None


def is_open(path: str) -> bool:
    """Whether the path is one anybody may reach."""
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def is_loopback(request: Request) -> bool:
    """Whether the request came from this computer."""
    return is_loopback_address(request.client.host if request.client else "")


def is_loopback_address(host: str) -> bool:
    """Whether this client address is this computer's (127.0.0.0/8, ::1, or ::ffff:127.x)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def _secret(request: Request, session: Session) -> bytes:
    """The key that signs login cookies: made once in the database, shared by every worker."""
    key: bytes | None = getattr(request.app.state, "login_secret", None)
    if key is None:
        key = server_secret(session, _SECRET_NAME)
        request.app.state.login_secret = key
    return key


def _signature(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def signed_token(request: Request, session: Session, token: str) -> str:
    """The cookie's value: the token and its signature."""
    return f"{token}.{_signature(_secret(request, session), token)}"


def cookie_token(request: Request, session: Session) -> str | None:
    """The login token the request's cookie carries, when its signature is ours; else None."""
    value = request.cookies.get(COOKIE, "")
    token, _, signature = value.rpartition(".")
    if not token or not signature:
        return None
    if not hmac.compare_digest(signature, _signature(_secret(request, session), token)):
        return None
    return token


def set_login_cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    """The login cookie: HttpOnly, SameSite=Lax, for the whole site, Secure over https."""
    response.set_cookie(
        COOKIE,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def clear_login_cookie(response: Response, request: Request) -> None:
    """Tell the browser to forget its login cookie."""
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def logged_in_account(request: Request, session: Session) -> Account | None:
    """The account of the request's live login, or None."""
    token = cookie_token(request, session)
    return None if token is None else account_for_token(session, token)


def resolve(request: Request, session: Session) -> Acting:
    """Who the request acts for; raises NotFromHere or LoginNeeded when it may not act at all."""
    if not owner_exists(session):
        if not is_loopback(request):
            raise NotFromHere
        person = session.scalars(_LOCAL_PERSON).first()
        return Acting(None if person is None else person.id, None, person)
    account = logged_in_account(request, session)
    if account is None:
        raise LoginNeeded
    return Acting(account.person_id, account)


def acting(request: Request, session: Session | None = None) -> Acting:
    """Who the request acts for, found once per request: in `session` when given (the route's own
    transaction), else in a short transaction of its own, so that a route that waits on another
    connection does not hold one meanwhile."""
    found: Acting | None = getattr(request.state, "acting", None)
    if found is None:
        if session is None:
            database: Database = request.app.state.database
            with database.transaction() as own:
                found = resolve(request, own)
        else:
            found = resolve(request, session)
        request.state.acting = found
        request.state.account = found.account
    return found


def forget_acting(request: Request) -> None:
    """Find who the request acts for again (after their data was deleted, say)."""
    request.state.acting = None


def gate(request: Request, call: object) -> None:
    """Every route's first dependency: an open path passes; any other needs someone to act for.

    A route that opens a transaction (the dependency `call`) finds them in it, before its body
    runs: a second transaction for every request cost 0.7-0.8 ms a page. Any other route finds
    them here, in a short transaction of its own."""
    if is_open(request.url.path):
        return
    if _depends_on(getattr(request.scope.get("route"), "dependant", None), call):
        request.state.acting_in_transaction = True
        return
    acting(request)


def _depends_on(dependant: Any, call: object) -> bool:
    """Whether a route's dependency tree (FastAPI's `Dependant`) calls `call` anywhere."""
    if dependant is None:
        return False
    return dependant.call is call or any(_depends_on(d, call) for d in dependant.dependencies)


def acting_in(request: Request, session: Session) -> None:
    """In a route's transaction as it opens: find who the request acts for, where the gate left it
    to this transaction (raises as the gate would: nothing of the route has run)."""
    if getattr(request.state, "acting_in_transaction", False):
        acting(request, session)
