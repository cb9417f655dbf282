"""/docs works offline: every file they load comes from psoas itself, never a CDN."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import SCREENSHOTS


@pytest.mark.widths
def test_the_api_documentation_loads_nothing_from_elsewhere(page: Page, app_url: str) -> None:
    ours = urlsplit(app_url).netloc
    elsewhere: list[str] = []

    def only_ours(route: Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
            return
        elsewhere.append(route.request.url)
        route.abort()

    page.route("**/*", only_ours)
    page.goto(f"{app_url}/docs")
    expect(page.get_by_text("/api/plans").first).to_be_visible()
    # Swagger UI's own page, not ours: photographed, but not held to our accessibility checks.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"api-docs-{page.viewport_name}.png"))  # type: ignore[attr-defined]
    page.get_by_text("/api/plans").first.click()
    expect(page.get_by_text("Plan a session and store it").first).to_be_visible()
    assert elsewhere == []
