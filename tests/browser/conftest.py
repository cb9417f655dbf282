"""A real browser (Debian's Chromium driven by Playwright) against a real `psoas serve`.

One server runs for the whole browser run; each test starts from an empty database (everyone's
data deleted through the store's own "delete all my data") and gets a fresh browser context.
A test runs at phone width, and at desktop width too when it is marked `widths`: when it
photographs a screen or checks layout, which is where the width matters.
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright
from sqlalchemy import select

from psoas.store.database import Database
from psoas.store.export import delete_everything
from psoas.store.models import Person
from tests.browser.accessibility import violations
from tests.conftest import ARTIFACTS
from tests.servers import psoas_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ARTIFACTS / "screenshots"
# psoas serves itself on loopback in tests; data: and blob: addresses never leave the browser.
OWN_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Playwright gives every launch a fresh, empty profile; the browser is Debian's, never a download.
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database]]:
    """One `psoas serve` on a SQLite file for every browser test, and the same database opened here."""
    folder = tmp_path_factory.mktemp("browser-app")
    url = f"sqlite:///{folder / 'psoas.sqlite3'}"
    with psoas_server(url, folder) as base:
        database = Database(url)
        yield base, database
        database.engine.dispose()


@pytest.fixture
def app_url(shared_app: tuple[str, Database]) -> str:
    """The shared psoas, emptied for this test: no person yet, no history (ids are not reused)."""
    base, database = shared_app
    with database.transaction() as session:
        for person_id in session.scalars(select(Person.id)).all():
            delete_everything(session, person_id)
    database.forget_deleted()
    return base


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Both widths for a test marked `widths`; the `viewport` fixture's phone for the rest."""
    if "viewport" in metafunc.fixturenames and metafunc.definition.get_closest_marker("widths"):
        metafunc.parametrize("viewport", sorted(VIEWPORTS))


@pytest.fixture
def viewport() -> str:
    """The width a test runs at: a phone, where most people practise."""
    return "phone"


def _leaves_the_machine(request: Request) -> bool:
    address = urlsplit(request.url)
    return address.scheme not in LOCAL_SCHEMES and address.hostname not in OWN_HOSTS


def _refused_by_policy(message: ConsoleMessage) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def page(request: pytest.FixtureRequest, viewport: str, browser: Browser) -> Iterator[Page]:
    """A page at phone (or desktop) width; JavaScript errors, a request to any other server than psoas
    (a font, a script, a source map) and anything the content security policy refused fail the test."""
    # A set time zone: the machine's own could make date pages draw themselves twice (see sync.js).
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], reduced_motion="no-preference", timezone_id="UTC"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    page.on("request", lambda sent: elsewhere.append(sent.url) if _leaves_the_machine(sent) else None)
    page.on("console", lambda message: errors.append(message.text) if _refused_by_policy(message) else None)
    page.viewport_name = viewport  # type: ignore[attr-defined]
    page.at_both_widths = request.node.get_closest_marker("widths") is not None  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert elsewhere == [], f"requests to other servers: {elsewhere}"


def shoot(page: Page, name: str) -> Path:
    """Check the page with axe, then save a full-page screenshot named for the page and the viewport.

    Every screen a test shows is checked for accessibility where it is shown, so a new screen is
    checked as soon as it gets a screenshot.
    """
    # A photographed screen is looked at, and checked, at both widths (pages made by a test's own
    # fixture, at one chosen width, carry no such mark).
    assert getattr(page, "at_both_widths", True), f"{name}: a test that photographs runs at both widths"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # first, so a failing screen can be looked at
    found = violations(page)
    assert found == [], f"{name}: accessibility violations:\n" + "\n".join(found)
    return path
