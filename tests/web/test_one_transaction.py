"""A personal page asks the database in one transaction: the login gate finds who a request acts
for in the route's own transaction, not in one of its own before it (a second transaction cost
every page 0.7-0.8 ms), and still refuses before anything of the route has run. The real app,
served by uvicorn, on SQLite and PostgreSQL, counting the transactions its engine begins."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import event, func, select

from psoas.config import Config
from psoas.store.accounts import create_account
from psoas.store.models import PracticeSession
from psoas.web.app import create_app
from tests.servers import free_port

PASSWORD = "a calm long password"
PAGES = [
    "/",
    "/history",
    "/report",
    "/questionnaires",
    "/settings",
    "/api/sessions",
    "/api/questionnaires/phq9/results",
]


@pytest.fixture
def served(fresh_database_url: str, tmp_path: Path) -> Iterator[tuple[str, list[object], object]]:
    """The app on an empty database of each kind; its address, the transactions its engine began
    (emptied by the test) and the app's database."""
    app = create_app(Config(data_dir=tmp_path, database_url=fresh_database_url, password_hashing="light"))
    begun: list[object] = []
    database = app.state.database
    event.listen(database.engine, "begin", begun.append)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", begun, database
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def with_a_session(base: str, cookie: str | None = None) -> None:
    headers = {"Cookie": f"psoas_login={cookie}"} if cookie else {}
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}, headers=headers)
    assert plan.status_code == 201, plan.text
    made = httpx.post(f"{base}/api/sessions", json={"plan_id": plan.json()["id"]}, headers=headers)
    assert made.status_code == 201, made.text


def test_a_page_asks_in_one_transaction(served: tuple[str, list[object], object]) -> None:
    base, begun, _ = served
    intake = {"level": "beginner", "focus": ["general"], "support_available": True}
    assert httpx.put(f"{base}/api/intake", json=intake).status_code == 200
    with_a_session(base)
    for path in PAGES:
        begun.clear()
        answer = httpx.get(f"{base}{path}")
        assert answer.status_code == 200, (path, answer.status_code)
        assert len(begun) == 1, f"{path}: {len(begun)} transactions"


def test_the_first_request_makes_the_person_in_its_own_transaction(
    served: tuple[str, list[object], object],
) -> None:
    base, begun, _ = served
    begun.clear()
    page = httpx.get(f"{base}/history")
    assert page.status_code == 200
    assert "No sessions yet" in page.text
    assert len(begun) == 1


def test_a_login_is_checked_in_the_routes_transaction_and_refuses_first(
    served: tuple[str, list[object], object],
) -> None:
    base, begun, database = served
    with database.transaction() as session:  # type: ignore[attr-defined]
        create_account(session, "owner", PASSWORD, "owner")
    login = httpx.post(f"{base}/login", data={"username": "owner", "password": PASSWORD})
    assert login.status_code == 303
    cookie = login.cookies["psoas_login"]
    with_a_session(base, cookie)
    for path in PAGES:
        begun.clear()
        answer = httpx.get(f"{base}{path}", headers={"Cookie": f"psoas_login={cookie}"})
        assert answer.status_code == 200, (path, answer.status_code)
        assert len(begun) == 1, f"{path}: {len(begun)} transactions"
    # Without the login: refused as before, and nothing of the route ran.
    assert httpx.get(f"{base}/history").status_code == 303
    assert httpx.get(f"{base}/api/sessions").status_code == 401
    plan_id = httpx.get(f"{base}/api/sessions", headers={"Cookie": f"psoas_login={cookie}"}).json()
    refused = httpx.post(f"{base}/api/sessions", json={"plan_id": plan_id["sessions"][0]["plan_id"]})
    assert refused.status_code == 401
    with database.transaction() as session:  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(PracticeSession)) == 1
