"""A real browser (Debian's Chromium driven by Playwright) against a real `psoas serve`."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

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


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """A fresh psoas with its own SQLite database for each test: one person, no history."""
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as base:
        yield base


def _leaves_the_machine(request: Request) -> bool:
    address = urlsplit(request.url)
    return address.scheme not in LOCAL_SCHEMES and address.hostname not in OWN_HOSTS


def _refused_by_policy(message: ConsoleMessage) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at phone or desktop width; JavaScript errors, a request to any other server than psoas
    (a font, a script, a source map) and anything the content security policy refused fail the test."""
    # A set time zone: the machine's own could make date pages draw themselves twice (see sync.js).
    context = browser.new_context(
        viewport=VIEWPORTS[request.param], reduced_motion="no-preference", timezone_id="UTC"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    page.on("request", lambda sent: elsewhere.append(sent.url) if _leaves_the_machine(sent) else None)
    page.on("console", lambda message: errors.append(message.text) if _refused_by_policy(message) else None)
    page.viewport_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert elsewhere == [], f"requests to other servers: {elsewhere}"


def shoot(page: Page, name: str) -> Path:
    """Check the page with axe, then save a full-page screenshot named for the page and the viewport.

    Every screen a test shows is checked for accessibility where it is shown, so a new screen is
    checked as soon as it gets a screenshot.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # first, so a failing screen can be looked at
    found = violations(page)
    assert found == [], f"{name}: accessibility violations:\n" + "\n".join(found)
    return path
