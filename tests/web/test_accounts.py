"""Accounts over real HTTP, on SQLite and PostgreSQL: once the owner exists every personal page
needs a login; the login cookie is signed, new at every login, ended by logout; guessing waits;
each person reaches only their own data; a participant's shared data reaches only the facilitator
they chose, and every look at it is logged."""

import hashlib
import ipaddress
import secrets
import socket
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import func, select

from psoas.store.accounts import create_account
from psoas.store.database import Database
from psoas.store.models import (
    Account,
    DataView,
    LoginSession,
    Participant,
    ParticipantCheckin,
    Settings,
    Share,
    StoredPlan,
    Workshop,
)
from tests.servers import create_database, psoas_server

PASSWORD = "a calm long password"
EVIL = "http://evil.example"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Database]]:
    """`psoas serve` with an owner, two facilitators and a participant account."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'psoas.sqlite3'}"
    else:
        url = create_database(request.getfixturevalue("postgres_admin_url"), f"psoas_{uuid.uuid4().hex[:12]}")
    with psoas_server(url, tmp_path_factory.mktemp("accounts-data")) as base:
        database = Database(url)
        with database.transaction() as session:
            create_account(session, "owner", PASSWORD, "owner")
            for name in ("fay", "finn", "dora"):
                create_account(session, name, PASSWORD, "facilitator")
            create_account(session, "pat", PASSWORD, "participant")
        yield base, database
        database.engine.dispose()


def login(base: str, username: str, cookie: str | None = None) -> str:
    """Log in and return the login cookie's value."""
    headers = {"Cookie": f"psoas_login={cookie}"} if cookie else {}
    response = httpx.post(f"{base}/login", data={"username": username, "password": PASSWORD}, headers=headers)
    assert response.status_code == 303, response.text
    return response.cookies["psoas_login"]


def get(base: str, path: str, cookie: str | None = None) -> httpx.Response:
    return httpx.get(f"{base}{path}", headers={"Cookie": f"psoas_login={cookie}"} if cookie else {})


def person_of(database: Database, username: str) -> int:
    with database.transaction() as session:
        return session.scalars(select(Account.person_id).where(Account.username == username)).one()


def test_pages_ask_for_a_login_and_the_api_answers_401(app: tuple[str, Database]) -> None:
    base, _ = app
    page = get(base, "/history?after=3")
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next={quote('/history?after=3', safe='')}"
    api = get(base, "/api/plans/1")
    assert api.status_code == 401
    assert api.json() == {"detail": "Log in first: this psoas has accounts."}
    assert httpx.post(f"{base}/api/plans", json={"minutes": 10}).status_code == 401
    for open_path in ("/login", "/healthz", "/static/css/psoas.css"):
        assert get(base, open_path).status_code == 200, open_path


def test_logging_in_sets_a_safe_cookie_and_goes_back_where_it_was_asked(app: tuple[str, Database]) -> None:
    base, _ = app
    form = {"username": "FAY", "password": PASSWORD, "next": "/history?after=3"}
    response = httpx.post(f"{base}/login", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/history?after=3"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie  # plain http on this computer; https adds it
    assert get(base, "/history", response.cookies["psoas_login"]).status_code == 200


def test_a_wrong_password_is_refused_calmly_and_the_name_kept(app: tuple[str, Database]) -> None:
    base, _ = app
    response = httpx.post(f"{base}/login", data={"username": "fay", "password": "not the password"})
    assert response.status_code == 401
    assert "That username and password do not match. You may try again." in response.text
    assert 'value="fay"' in response.text
    assert "psoas_login" not in response.cookies


def test_a_cookie_sent_before_login_is_never_the_one_after(app: tuple[str, Database]) -> None:
    base, database = app
    planted = login(base, "pat")  # someone else's live login, slipped into the browser
    mine = login(base, "fay", cookie=planted)
    assert mine != planted
    assert get(base, "/history", planted).status_code == 303  # the planted login was ended
    forged = f"{secrets.token_urlsafe(32)}.{'0' * 64}"
    assert login(base, "fay", cookie=forged) != forged
    with database.transaction() as session:
        digests = set(session.scalars(select(LoginSession.token_digest)))
    assert hashlib.sha256(mine.rpartition(".")[0].encode()).hexdigest() in digests


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(app: tuple[str, Database]) -> None:
    base, _ = app
    cookie = login(base, "fay")
    assert get(base, "/settings", cookie).status_code == 200
    out = httpx.post(f"{base}/logout", headers={"Cookie": f"psoas_login={cookie}"})
    assert out.status_code == 303
    assert out.headers["location"] == "/login?out=1"
    assert 'psoas_login=""' in out.headers["set-cookie"] or "max-age=0" in out.headers["set-cookie"].lower()
    assert get(base, "/settings", cookie).status_code == 303
    assert get(base, "/api/plans/1", cookie).status_code == 401


def test_a_tampered_or_unsigned_cookie_is_refused(app: tuple[str, Database]) -> None:
    base, _ = app
    cookie = login(base, "fay")
    token, _, signature = cookie.rpartition(".")
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    # The token changed in its last character (never to the one it already has: one token in 64
    # ends in "A", and that cookie would be the real one).
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (token, f"{token}.{flipped}", f"{altered}.{signature}", "", "."):
        assert get(base, "/api/plans/1", bad).status_code == 401, bad
    assert get(base, "/api/plans/1", cookie).status_code in (200, 404)  # the real one still works


def test_guessing_a_name_waits_after_five_failures(app: tuple[str, Database]) -> None:
    base, _ = app
    wrong = {"username": "dora", "password": "not the password"}
    for _ in range(5):
        assert httpx.post(f"{base}/login", data=wrong).status_code == 401
    waiting = httpx.post(f"{base}/login", data={"username": "dora", "password": PASSWORD})
    assert waiting.status_code == 429
    assert 14 * 60 < int(waiting.headers["retry-after"]) <= 15 * 60
    assert "Too many attempts; try again in 15 minutes." in waiting.text


@pytest.mark.parametrize(
    "target",
    [
        f"{EVIL}/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/\t/evil",
    ],
)
def test_next_never_leads_to_another_site(app: tuple[str, Database], target: str) -> None:
    base, _ = app
    form = {"username": "finn", "password": PASSWORD, "next": target}
    assert httpx.post(f"{base}/login", data=form).headers["location"] == "/"
    page = httpx.get(f"{base}/login", params={"next": target})
    assert 'name="next" value="/"' in page.text


def test_a_participant_account_cannot_reach_facilitator_pages(app: tuple[str, Database]) -> None:
    base, _ = app
    refused = get(base, "/workshops/1/participants/1/shared", login(base, "pat"))
    assert refused.status_code == 403
    assert "This page is for facilitators" in refused.text
    assert get(base, "/history", login(base, "pat")).status_code == 200  # their own pages they reach


def test_logged_in_forms_keep_the_cross_site_check(app: tuple[str, Database]) -> None:
    base, database = app
    finn = person_of(database, "finn")
    cookie = login(base, "finn")
    headers = {"Cookie": f"psoas_login={cookie}", "Origin": EVIL}
    refused = httpx.post(f"{base}/settings", data={"support_text": "forged"}, headers=headers)
    assert refused.status_code == 403
    refused_logout = httpx.post(f"{base}/logout", headers=headers)
    assert refused_logout.status_code == 403
    with database.transaction() as session:
        assert session.scalar(select(Settings.support_text).where(Settings.person_id == finn)) != "forged"
    assert get(base, "/settings", cookie).status_code == 200  # the login was not ended by the forged logout


def test_each_plan_is_stored_for_the_person_who_asked_and_only_they_read_it(
    app: tuple[str, Database],
) -> None:
    base, database = app
    fay, finn = login(base, "fay"), login(base, "finn")
    made = httpx.post(
        f"{base}/api/plans", json={"minutes": 10, "seed": 3}, headers={"Cookie": f"psoas_login={fay}"}
    )
    assert made.status_code == 201
    plan_id = made.json()["id"]
    fay_person = person_of(database, "fay")
    with database.transaction() as session:
        assert session.scalar(select(StoredPlan.person_id).where(StoredPlan.id == plan_id)) == fay_person
    assert get(base, f"/api/plans/{plan_id}", fay).status_code == 200
    assert get(base, f"/api/plans/{plan_id}", finn).status_code == 404


def test_a_participant_keeps_their_place_shares_per_kind_and_sees_every_look(
    app: tuple[str, Database],
) -> None:
    base, database = app
    code, token = f"K{uuid.uuid4().hex[:5].upper()}", secrets.token_urlsafe(32)
    fay_person = person_of(database, "fay")
    with database.transaction() as session:
        workshop = Workshop(
            facilitator_id=fay_person,
            title="Tuesday group",
            request={},
            plan={},
            join_code=code,
        )
        session.add(workshop)
        session.flush()
        seat = Participant(
            workshop_id=workshop.id,
            token_digest=hashlib.sha256(token.encode()).hexdigest(),
            nickname="Seat 4",
        )
        session.add(seat)
        session.flush()
        session.add(
            ParticipantCheckin(
                participant_id=seat.id, moment="before", tension=7, pain=3, distress=2, breath=5
            )
        )
        workshop_id, seat_id = workshop.id, seat.id
    phone = {"Cookie": f"psoas_seat={token}"}
    assert httpx.get(f"{base}/w/{code}/account").status_code == 404  # only the phone holding the place
    assert "Keep this with an account" in httpx.get(f"{base}/w/{code}/account", headers=phone).text
    username = f"pia{uuid.uuid4().hex[:6]}"
    made = httpx.post(
        f"{base}/w/{code}/account",
        data={"action": "create", "username": username, "password": PASSWORD, "again": PASSWORD},
        headers=phone,
    )
    assert made.status_code == 303
    assert made.headers["location"] == "/sharing?linked=1"
    pia = made.cookies["psoas_login"]
    pia_person = person_of(database, username)
    with database.transaction() as session:
        assert session.get_one(Participant, seat_id).person_id == pia_person
    shared_path = f"/workshops/{workshop_id}/participants/{seat_id}/shared"
    fay = login(base, "fay")
    assert "shares nothing with you" in get(base, shared_path, fay).text

    choose = {"facilitator": str(person_of(database, "fay")), "kind": "checkins", "choice": "share"}
    assert (
        httpx.post(f"{base}/sharing", data=choose, headers={"Cookie": f"psoas_login={pia}"}).status_code
        == 303
    )
    seen = get(base, shared_path, fay)
    assert seen.status_code == 200
    assert "Tuesday group" in seen.text
    assert "<td>7</td>" in seen.text
    assert "Questionnaire results" not in seen.text  # not shared, not shown
    assert get(base, shared_path, login(base, "finn")).status_code == 404  # another facilitator: no such page
    assert get(base, shared_path, login(base, "owner")).status_code == 404  # nor the owner
    with database.transaction() as session:
        views = session.execute(
            select(DataView.viewer_id, DataView.kind).where(DataView.person_id == pia_person)
        ).all()
    assert views == [(person_of(database, "fay"), "checkins")]
    log = get(base, "/sharing", pia).text
    assert "fay" in log
    assert "Stop sharing" in log

    stop = {**choose, "choice": "stop"}
    assert (
        httpx.post(f"{base}/sharing", data=stop, headers={"Cookie": f"psoas_login={pia}"}).status_code == 303
    )
    assert "<td>7</td>" not in get(base, shared_path, fay).text
    with database.transaction() as session:
        assert (
            session.scalar(select(func.count()).select_from(DataView).where(DataView.person_id == pia_person))
            == 1
        )
        share = session.scalars(select(Share).where(Share.person_id == pia_person)).one()
        assert share.revoked_at is not None


def test_a_person_may_share_only_with_facilitators_of_their_own_workshops(app: tuple[str, Database]) -> None:
    base, database = app
    pat, pat_person = login(base, "pat"), person_of(database, "pat")
    choose = {"facilitator": str(person_of(database, "finn")), "kind": "checkins", "choice": "share"}
    refused = httpx.post(f"{base}/sharing", data=choose, headers={"Cookie": f"psoas_login={pat}"})
    assert "That choice is not one this page offers." in refused.text
    with database.transaction() as session:
        assert (
            session.scalar(select(func.count()).select_from(Share).where(Share.person_id == pat_person)) == 0
        )


def test_deleting_everything_ends_the_account_and_its_login(
    app: tuple[str, Database], tmp_path: Path
) -> None:
    base, database = app
    with database.transaction() as session:
        create_account(session, "leaving", PASSWORD, "facilitator")
    cookie = login(base, "leaving")
    headers = {"Cookie": f"psoas_login={cookie}"}
    gone = httpx.post(f"{base}/settings/delete", data={"confirmation": "delete my data"}, headers=headers)
    assert gone.status_code == 303
    assert gone.headers["location"] == "/login?deleted=1"
    with database.transaction() as session:
        assert session.scalar(select(Account).where(Account.username == "leaving")) is None
    assert get(base, "/settings", cookie).status_code == 303
    assert "your account with it" in get(base, "/login?deleted=1").text


def lan_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address


def test_without_an_owner_another_device_reaches_only_the_participant_routes(
    fresh_database_url: str, tmp_path: Path
) -> None:
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    with psoas_server(fresh_database_url, tmp_path, host=address) as base:
        page = httpx.get(f"{base}/", headers={"Accept": "text/html"})
        assert page.status_code == 403
        assert "psoas user create NAME --owner" in page.text
        api = httpx.post(f"{base}/api/plans", json={"minutes": 10})
        assert api.status_code == 403
        assert "this computer only" in api.json()["detail"]
        for path in ("/healthz", "/static/css/psoas.css", "/login"):
            assert httpx.get(f"{base}{path}").status_code == 200, path
        for path in ("/w/ZZZZZZ/account", "/room/ZZZZZZ", "/nowhere"):  # open, or simply not there
            assert httpx.get(f"{base}{path}", headers={"Accept": "text/html"}).status_code == 404, path
        database = Database(fresh_database_url)
        with database.transaction() as session:
            create_account(session, "owner", PASSWORD, "owner")
        database.engine.dispose()
        assert httpx.get(f"{base}/").status_code == 303  # from now on, a login from anywhere
        assert (
            httpx.get(f"{base}/", headers={"Cookie": f"psoas_login={login(base, 'owner')}"}).status_code
            == 200
        )


def test_wrong_passwords_sent_at_once_are_counted_exactly(fresh_app: tuple[str, Database]) -> None:
    """Twelve guesses at one name at the same moment: five are checked and seven told to wait. Each
    guess is counted before its password is checked, one at a time per name and address (on
    PostgreSQL every guess used to see fewer than five failures and be checked)."""
    base, database = fresh_app
    with database.transaction() as session:
        create_account(session, "owner", PASSWORD, "owner")
        create_account(session, "gus", PASSWORD, "facilitator")
    together = threading.Barrier(12)

    def guess(_: int) -> int:
        together.wait()
        return httpx.post(f"{base}/login", data={"username": "gus", "password": "a wrong guess"}).status_code

    with ThreadPoolExecutor(12) as pool:
        answers = sorted(pool.map(guess, range(12)))
    assert answers == [401] * 5 + [429] * 7
    assert httpx.post(f"{base}/login", data={"username": "gus", "password": PASSWORD}).status_code == 429
