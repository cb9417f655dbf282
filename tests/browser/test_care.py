"""Care beyond the mat: who else can help, when each helps and what is known, reached from the library."""

import pytest
from playwright.sync_api import Page, expect

from psoas.practice.care import care_guide
from tests.browser.conftest import shoot


@pytest.mark.widths
def test_care_beyond_the_mat_names_who_helps_when_and_what_is_known(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/library")
    page.get_by_role("link", name="Care beyond the mat").click()
    expect(page.get_by_role("heading", name="Care beyond the mat", level=1)).to_be_visible()
    guide = care_guide()
    for helper in guide.helpers:
        section = page.get_by_role("region", name=helper.name)
        expect(section).to_contain_text(helper.when)
        expect(section).to_contain_text(helper.known)
    for name in ("Massage therapist", "Chiropractor or osteopath", "Myofascial release"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="Long sitting: at a desk, in the car")).to_be_visible()
    shoot(page, "care")
