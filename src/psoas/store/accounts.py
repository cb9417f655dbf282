"""Accounts, logins and the throttle on guessing (docs/ARCHITECTURE.md, "Accounts").

Without an owner account psoas is the one-person app it always was. Creating the owner makes the
local person the owner's, so everything practised before stays theirs. Passwords are hashed with
Argon2id (pwdlib); a login is a random token whose SHA-256 alone is stored.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from psoas.store.models import ROLES, USERNAME_MOST, Account, LoginFailure, LoginSession, Person, ServerSecret
from psoas.store.people import local_person_id
from psoas.store.turns import take_turn
from psoas.store.upsert import insert_or_ignore
from psoas.store.utc_time import as_utc, utc_now

USERNAME_LEAST = 3
PASSWORD_LEAST = 10
PASSWORD_MOST = 1000
USERNAME_PATTERN = re.compile(rf"[a-z0-9._-]{{{USERNAME_LEAST},{USERNAME_MOST}}}")
LOGIN_DAYS = 14
# Guessing is slowed: so many failures within the window, then a wait.
FAILURE_WINDOW = timedelta(minutes=15)
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
# Accounts made on a participant's phone from a workshop place ("Keep this with an account"), tried
# at most so often per client address. Counted in login_failures under a name no login leaves there
# (logins store names lower-case), so every worker sees the count without a table of its own.
SEAT_ACCOUNTS_PER_ADDRESS = 3
SEAT_ACCOUNT_WINDOW = timedelta(hours=1)
SEAT_ACCOUNT_MARK = "Seat account"

# Argon2id as RFC 9106 recommends for when 64 MiB may be used (its second option, pwdlib's default:
# 64 MiB, 3 passes, 4 lanes), or, for a small machine, OWASP's least (19 MiB, 2 passes, 1 lane),
# about a tenth of the work. A login made under the other setting is rehashed when it next succeeds.
HASHERS = {
    "standard": Argon2Hasher(),
    "light": Argon2Hasher(memory_cost=19456, time_cost=2, parallelism=1),
}
_HASHER = PasswordHash((HASHERS["standard"],))


def use_password_hashing(name: str) -> None:
    """Hash passwords from now on as `name` says ("standard" or "light"), for this process."""
    global _HASHER
    _HASHER = PasswordHash((HASHERS[name],))
    _dummy_hash.cache_clear()


_OWNER = select(Account.id).where(Account.role == "owner").limit(1)


class AccountRefused(ValueError):
    """An account that cannot be made or changed as asked; str(error) says why, in plain words."""


class TooManyAttempts(Exception):
    """Too many failed logins lately; `retry_after` is the seconds until the next try counts."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(f"Too many attempts; try again in {minutes} minute{'s' if minutes != 1 else ''}.")
        self.retry_after = retry_after


class UsernameTaken(AccountRefused):
    """The username belongs to an account already."""


@dataclass(frozen=True)
class Login:
    """A login just made: the token for the cookie (never stored) and whose it is."""

    token: str
    account_id: int
    person_id: int
    role: str


def normal_username(username: str) -> str:
    """The username as stored: trimmed and lower-case, so "Ana" and "ana" are one account."""
    return username.strip().lower()


def username_problem(username: str) -> str | None:
    """Why the (normalised) username cannot be used, or None."""
    if USERNAME_PATTERN.fullmatch(username) is None:
        return (
            f"A username has {USERNAME_LEAST} to {USERNAME_MOST} characters: letters, digits, "
            "dots, hyphens and underscores."
        )
    return None


def password_problem(password: str) -> str | None:
    """Why the password cannot be used, or None."""
    if len(password) < PASSWORD_LEAST:
        return f"A password needs at least {PASSWORD_LEAST} characters; a few words make one easy to recall."
    if len(password) > PASSWORD_MOST:
        return f"A password has at most {PASSWORD_MOST} characters."
    return None


def owner_exists(session: Session) -> bool:
    """Whether the host has created the owner: from then on every personal page needs a login."""
    return session.execute(_OWNER).first() is not None


def hash_password(password: str) -> str:
    """The password's Argon2id hash, as accounts store it."""
    return _HASHER.hash(password)


def create_account(
    session: Session, username: str, password: str, role: str, password_hash: str | None = None
) -> Account:
    """Create an account; the owner's person is the local person (made if none yet), so every
    earlier session, check-in, questionnaire and recording becomes the owner's. `password_hash`:
    the password's hash made beforehand, outside the transaction (hashed here when None).

    Raises AccountRefused naming the problem: a bad username or password, a name taken
    (UsernameTaken), a second owner, or another role before the owner exists. Two owners created
    at once: one wins, since both would claim the local person, whose account is unique.
    """
    name = normal_username(username)
    problem = username_problem(name) or password_problem(password)
    if role not in ROLES:
        problem = f"A role is one of {', '.join(ROLES)}."
    if problem:
        raise AccountRefused(problem)
    if session.scalar(select(Account.id).where(Account.username == name)) is not None:
        raise UsernameTaken(f'The username "{name}" is taken; choose another.')
    if role == "owner":
        if owner_exists(session):
            raise AccountRefused("There is already an owner; psoas has only one.")
        person_id = local_person_id(session.connection())
    else:
        if not owner_exists(session):
            raise AccountRefused(
                "There is no owner yet: create it first with psoas user create NAME --owner."
            )
        person = Person(name=name)
        session.add(person)
        session.flush()
        person_id = person.id
    hashed = password_hash or hash_password(password)
    account = Account(person_id=person_id, username=name, password_hash=hashed, role=role)
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError:
        if role == "owner":
            raise AccountRefused("There is already an owner; psoas has only one.") from None
        raise UsernameTaken(f'The username "{name}" is taken; choose another.') from None
    return account


def find_account(session: Session, username: str) -> Account | None:
    """The account with this username (any case), or None."""
    return session.scalar(select(Account).where(Account.username == normal_username(username)))


def list_accounts(session: Session) -> list[Account]:
    """Every account, oldest first."""
    return list(session.scalars(select(Account).order_by(Account.created_at, Account.id)))


def reset_password(session: Session, username: str, password: str) -> Account:
    """Set a new password and end every login of the account."""
    account = find_account(session, username)
    if account is None:
        raise AccountRefused(f'There is no account "{normal_username(username)}".')
    problem = password_problem(password)
    if problem:
        raise AccountRefused(problem)
    account.password_hash = _HASHER.hash(password)
    account.password_changed_at = utc_now()
    session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))
    session.flush()
    return account


@cache
def _dummy_hash() -> str:
    """A hash to verify against when no account has the name, so the time taken tells nothing."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def _retry_after(
    session: Session, rows: ColumnElement[bool], most: int, now: datetime, window: timedelta = FAILURE_WINDOW
) -> int | None:
    """Seconds to wait when `most` of these rows fall within the window, else None."""
    recent = (
        select(LoginFailure.at)
        .where(rows, LoginFailure.at > now - window)
        .order_by(LoginFailure.at.desc())
        .limit(most)
    )
    times = list(session.scalars(recent))
    if len(times) < most:
        return None
    oldest_counted = as_utc(times[-1])
    return max(1, int((oldest_counted + window - now).total_seconds()) + 1)


def check_throttle(session: Session, username: str, address: str) -> None:
    """Raise TooManyAttempts when the username or the address failed too often lately."""
    now = utc_now()
    by_name = LoginFailure.username == normal_username(username)
    by_address = and_(LoginFailure.address == address, LoginFailure.username != SEAT_ACCOUNT_MARK)
    waits = [
        _retry_after(session, by_name, FAILURES_PER_USERNAME, now),
        _retry_after(session, by_address, FAILURES_PER_ADDRESS, now),
    ]
    longest = max((w for w in waits if w is not None), default=None)
    if longest is not None:
        raise TooManyAttempts(longest)


@dataclass(frozen=True)
class LoginAttempt:
    """A login attempt, already counted as a failure until its password proves right: what is
    needed to check the password without holding a database connection, and to finish after."""

    name: str
    password_hash: str  # the account's, or a dummy one when no account has the name
    account_id: int | None


def begin_login(session: Session, username: str, address: str) -> LoginAttempt:
    """Count a login attempt for the name from the address, or raise TooManyAttempts (nothing
    counted) when guessing must wait. Counted first and taken in turns per name and address, so
    that guesses sent at once are each counted before any password is checked."""
    name = normal_username(username)[:USERNAME_MOST]
    take_turn(session, "login-name", name)
    take_turn(session, "login-address", address[:64])
    check_throttle(session, name, address)
    account = find_account(session, name)
    session.add(LoginFailure(username=name, address=address[:64]))
    _prune_failures(session)
    if account is None:
        return LoginAttempt(name, _dummy_hash(), None)
    return LoginAttempt(name, account.password_hash, account.id)


def check_password(attempt: LoginAttempt, password: str) -> tuple[bool, str | None]:
    """Whether the password is right, and its hash made again when it was made with older
    parameters. Argon2 takes a tenth of a second or more: call this holding no database connection
    (on SQLite every request waits for the one connection). The password is verified against a
    dummy hash when no account has the name, so timing does not tell."""
    if len(password) > PASSWORD_MOST:
        password = password[:PASSWORD_MOST]  # never right; verified anyway, so time tells nothing
    valid, updated = _HASHER.verify_and_update(password, attempt.password_hash)
    return valid and attempt.account_id is not None, updated


def finish_login(session: Session, attempt: LoginAttempt, updated_hash: str | None) -> Account | None:
    """The account of an attempt whose password was right: its failures are forgotten, this
    attempt's too, and its hash is renewed when checking it made a new one. None when the account
    was deleted or its password changed meanwhile (the attempt stays counted)."""
    account = session.get(Account, attempt.account_id) if attempt.account_id is not None else None
    if account is None or account.password_hash != attempt.password_hash:
        return None
    if updated_hash is not None:
        account.password_hash = updated_hash
    session.execute(delete(LoginFailure).where(LoginFailure.username == attempt.name))
    return account


def authenticate(session: Session, username: str, password: str, address: str) -> Account | None:
    """The account when the password is right, else None (the failure is counted): begin_login,
    check_password and finish_login in one transaction, for a caller with no other requests
    waiting on its connection (the web app splits them)."""
    attempt = begin_login(session, username, address)
    valid, updated = check_password(attempt, password)
    return finish_login(session, attempt, updated) if valid else None


def _prune_failures(session: Session) -> None:
    """Forget failures older than their window, and accounts made from a place older than theirs."""
    now = utc_now()
    login_failure = LoginFailure.username != SEAT_ACCOUNT_MARK
    session.execute(
        delete(LoginFailure).where(
            or_(
                and_(login_failure, LoginFailure.at < now - FAILURE_WINDOW),
                LoginFailure.at < now - SEAT_ACCOUNT_WINDOW,
            )
        )
    )


def count_seat_account(session: Session, address: str) -> None:
    """Count an account about to be made from a workshop place at this address; TooManyAttempts
    (nothing counted) once the address made SEAT_ACCOUNTS_PER_ADDRESS within the hour."""
    take_turn(session, "seat-accounts", address[:64])  # so accounts asked for at once are all counted
    mine = and_(LoginFailure.username == SEAT_ACCOUNT_MARK, LoginFailure.address == address[:64])
    wait = _retry_after(session, mine, SEAT_ACCOUNTS_PER_ADDRESS, utc_now(), SEAT_ACCOUNT_WINDOW)
    if wait is not None:
        raise TooManyAttempts(wait)
    session.add(LoginFailure(username=SEAT_ACCOUNT_MARK, address=address[:64]))
    _prune_failures(session)


def token_digest(token: str) -> str:
    """What is stored of a login token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_login(session: Session, account: Account) -> Login:
    """A new login for the account, valid for LOGIN_DAYS; expired logins are cleared."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    expires = now + timedelta(days=LOGIN_DAYS)
    session.add(LoginSession(account_id=account.id, token_digest=token_digest(token), expires_at=expires))
    session.flush()
    return Login(token, account.id, account.person_id, account.role)


def account_for_token(session: Session, token: str) -> Account | None:
    """The account a live login token belongs to, or None (unknown, ended or expired)."""
    found = session.execute(
        select(Account, LoginSession.expires_at)
        .join(LoginSession, LoginSession.account_id == Account.id)
        .where(LoginSession.token_digest == token_digest(token))
    ).first()
    if found is None or as_utc(found[1]) <= utc_now():
        return None
    return found[0]


def end_login(session: Session, token: str) -> None:
    """Log out: the token no longer works."""
    session.execute(delete(LoginSession).where(LoginSession.token_digest == token_digest(token)))


def count_logins(session: Session, account_id: int) -> int:
    """How many logins of the account are open."""
    return int(session.scalar(select(func.count()).where(LoginSession.account_id == account_id)) or 0)


def server_secret(session: Session, name: str) -> bytes:
    """A secret made once for the whole server and shared by every worker (the first to ask makes it)."""
    table = ServerSecret.metadata.tables[ServerSecret.__tablename__]
    connection = session.connection()
    connection.execute(
        insert_or_ignore(connection, table, ["name"]), {"name": name, "value": secrets.token_hex(32)}
    )
    return bytes.fromhex(session.scalars(select(ServerSecret.value).where(ServerSecret.name == name)).one())
