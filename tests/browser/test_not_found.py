"""A missing page or record is a page that says what is missing, with a way back; the API keeps JSON."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot


@pytest.mark.widths
def test_a_missing_session_says_so_and_leads_home(page: Page, app_url: str) -> None:
    response = page.goto(f"{app_url}/history/987654")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("main")).to_contain_text("There is no session with id 987654.")
    expect(
        page.get_by_role("navigation", name="Main").or_(page.get_by_role("button", name="Menu"))
    ).to_be_visible()
    shoot(page, "not-found")
    page.get_by_role("link", name="Home", exact=True).last.click()
    expect(page).to_have_url(f"{app_url}/")


def test_an_unknown_address_is_a_page_too(page: Page, app_url: str) -> None:
    response = page.goto(f"{app_url}/no-such-page")
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("There is no page at this address.")


def test_the_api_answers_json_even_to_a_client_that_prefers_html(app_url: str) -> None:
    response = httpx.get(f"{app_url}/api/sessions/987654", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.json() == {"detail": "no session with id 987654"}
    assert httpx.get(f"{app_url}/history/987654").json() == {"detail": "no session with id 987654"}
