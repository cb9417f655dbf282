"""Forms in the browser: errors beside the fields with nothing saved, settings, export and delete."""

import json

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.browser.journey import fill_intake, give_intake


def test_intake_shows_the_advice_for_chosen_conditions(page: Page, app_url: str) -> None:
    fill_intake(page, app_url, conditions=("pregnancy", "severe-ptsd"))
    saved = page.locator("section.saved")
    expect(saved).to_contain_text("Pregnancy")
    expect(saved).to_contain_text("midwife")
    expect(saved).to_contain_text("only with a trained facilitator present")
    page.goto(f"{app_url}/plan?minutes=30")
    expect(page.locator("#preview")).to_contain_text("tremor phase is left out")
    # Each step's cautions are in the preview, and final rest shows the side-lying adjustment.
    final_rest = page.locator("#preview ol.steps > li", has_text="Final rest")
    expect(final_rest.locator(".adjust").first).to_contain_text("Pregnancy: Rest on your left side")
    expect(final_rest.get_by_role("list", name="Safety for Final rest")).to_contain_text(
        "Stillness can bring up strong feelings"
    )
    page.goto(f"{app_url}/intake")  # coming back later, the advice is still there to read
    advice = page.get_by_role("region", name="What your answers change")
    expect(advice).to_contain_text("midwife")
    expect(advice).to_contain_text("only with a trained facilitator present")
    # Why, and on what guidance, is one tap away, the primary sources named first.
    advice.get_by_text("Why, and where this comes from").first.click()
    expect(advice.locator("details.sources").first).to_contain_text("American College of Obstetricians")


@pytest.mark.widths
def test_without_support_home_and_intake_ask_the_person_to_arrange_it(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/intake")
    page.get_by_label("Beginner").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Please arrange support")
    page.goto(app_url)
    expect(page.locator("#no-support")).to_contain_text("there is no one you can reach yet")
    shoot(page, "home-no-support")
    fill_intake(page, app_url)  # ticks "I have a person or a therapist I can reach"
    page.goto(app_url)
    expect(page.locator("#no-support")).to_have_count(0)


def test_intake_refuses_an_unknown_level_and_keeps_the_old_answers(page: Page, app_url: str) -> None:
    give_intake(app_url)
    response = httpx.post(f"{app_url}/intake", data={"level": "guru", "focus": "hips"})
    assert response.status_code == 422
    assert "Choose your experience: beginner, intermediate or experienced." in response.text
    page.goto(f"{app_url}/intake")
    expect(page.get_by_label("Beginner")).to_be_checked()


@pytest.mark.widths
def test_settings_save_validate_and_switch_the_theme(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/settings")
    page.get_by_label("Voice speed").fill("3")
    page.get_by_label("Dark").check()
    page.get_by_label("Usual session length").fill("45")
    page.get_by_label("Support resources").fill("Call Sam on 555 0100, or the local crisis line 555 0199.")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#voice_rate-error")).to_have_text("Enter a number from 0.5 to 1.5; 3 is outside.")
    # What was typed is still there to correct; nothing of it was saved.
    expect(page.get_by_label("Support resources")).to_have_value(
        "Call Sam on 555 0100, or the local crisis line 555 0199."
    )
    expect(page.get_by_label("Usual session length")).to_have_value("45")
    expect(page.get_by_label("Dark")).to_be_checked()
    assert json.loads(httpx.get(f"{app_url}/export.json").text)["settings"]["support_text"] == ""
    page.get_by_label("Voice speed").fill("1.1")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    shoot(page, "settings-dark")
    # Where the support text is shown, its numbers are links a phone can dial.
    assert '<a href="tel:5550100">555 0100</a>' in httpx.get(f"{app_url}/questionnaires/phq9").text
    exported = json.loads(httpx.get(f"{app_url}/export.json").text)
    assert exported["settings"]["theme"] == "dark"
    assert exported["settings"]["voice_rate"] == 1.1
    assert exported["settings"]["questionnaire_days"] == 14
    assert exported["settings"]["support_text"].startswith("Call Sam")


@pytest.mark.widths
def test_export_and_delete_everything_after_typing_the_confirmation(page: Page, app_url: str) -> None:
    give_intake(app_url)
    plan = httpx.post(f"{app_url}/api/plans", json={"minutes": 10, "seed": 1}).json()
    session = httpx.post(f"{app_url}/api/sessions", json={"plan_id": plan["id"]}).json()
    httpx.post(
        f"{app_url}/api/sessions/{session['id']}/checkins",
        json={"moment": "before", "tension": 4, "pain": 2, "distress": 3, "breath": 6},
    )
    csv_text = httpx.get(f"{app_url}/export.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("session_id,started_at")
    assert ",4,2,3,6," in csv_text.splitlines()[1]
    page.goto(f"{app_url}/settings")
    page.get_by_label("To delete all your data").fill("delete it")
    page.get_by_role("button", name="Delete all my data").click()
    expect(page.locator("#confirmation-error")).to_have_text(
        'To delete everything, type "delete my data" (capital letters and spaces around it do not matter).'
    )
    # Said at the top of the page, where the reloaded page opens, and focused for screen readers.
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Nothing was changed")
    expect(problems).to_be_focused()
    expect(problems).to_be_in_viewport()
    shoot(page, "settings-delete-refused")
    problems.get_by_role("link").click()
    expect(page.get_by_label("To delete all your data")).to_be_in_viewport()
    assert httpx.get(f"{app_url}/api/sessions").json()["sessions"] != []
    page.get_by_label("To delete all your data").fill("delete my data")
    page.get_by_role("button", name="Delete all my data").click()
    expect(page.get_by_role("status")).to_contain_text("All your data was deleted")
    shoot(page, "settings-deleted")
    assert httpx.get(f"{app_url}/api/sessions").json()["sessions"] == []
    assert json.loads(httpx.get(f"{app_url}/export.json").text)["intake"] is None


@pytest.mark.widths
def test_on_a_phone_the_menu_folds_behind_one_button(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/history")
    menu = page.get_by_role("button", name="Menu")
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    if page.viewport_name == "desktop":  # type: ignore[attr-defined]
        expect(menu).to_be_hidden()
        expect(links).to_have_count(8)  # Workshops too, for the one who leads them
        tops = links.evaluate_all("links => links.map(link => link.getBoundingClientRect().top)")
        assert len(set(tops)) == 1, "the menu fits one line on a laptop"
        shoot(page, "menu")
        return
    expect(links.first).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links).to_have_count(8)
    expect(page.get_by_role("link", name="History", exact=True)).to_have_attribute("aria-current", "page")
    shoot(page, "menu")
    links.first.focus()
    page.keyboard.press("Escape")
    expect(menu).to_be_focused()
    expect(links.first).to_be_hidden()


@pytest.mark.widths
def test_intake_groups_conditions_of_the_body_apart_from_those_of_the_mind(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/intake")
    body = page.get_by_role("group", name="Your body and health")
    mind = page.get_by_role("group", name="Your mind and what you have lived through")
    expect(body.get_by_role("checkbox")).to_have_count(11)
    expect(mind.get_by_role("checkbox")).to_have_count(4)
    expect(mind).to_contain_text("post-traumatic stress")
    expect(body).to_contain_text("I am pregnant")
    expect(body).not_to_contain_text("post-traumatic stress")
    shoot(page, "intake-groups")
