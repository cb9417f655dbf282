"""The library in the browser: every exercise listed and filtered, a page for each that says how to
do it and come out, its cautions and what each condition changes; the plan and player link there."""

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from psoas.practice.library import default_library
from tests.browser.conftest import shoot

LIBRARY = default_library()


@pytest.mark.widths
def test_the_library_lists_every_exercise_and_narrows_by_phase_and_prop(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/library")
    total = len(LIBRARY.exercises)
    expect(page.locator("#library-count")).to_have_text(f"{total} of {total} shown.")
    expect(page.locator("ul.library > li")).to_have_count(total)
    # Every entry is shown as well as told: a figure, with alt text naming the exercise.
    figures = page.locator("ul.library > li > svg.pf[role=img]")
    expect(figures).to_have_count(total)
    labels = figures.evaluate_all("all => all.map(f => f.getAttribute('aria-label'))")
    names = sorted(e.name for e in LIBRARY.exercises.values())
    assert (
        sorted(
            label.split(":")[0].removeprefix("Figure of ").removesuffix(", seen from above")
            for label in labels
        )
        == names
    )
    shoot(page, "library")
    page.get_by_label("Phase").select_option("restore")
    page.get_by_label("Prop").select_option("pillow")
    page.get_by_role("button", name="Show").click()
    wanted = sorted(
        e.name for e in LIBRARY.exercises.values() if "restore" in e.phases and "pillow" in e.props
    )
    assert wanted, "the shipped library has restorative poses with a pillow"
    expect(page.locator("ul.library h2")).to_have_text(sorted(wanted, key=str.lower))
    expect(page.get_by_label("Phase")).to_have_value("restore")


@pytest.mark.widths
def test_an_exercise_page_says_how_to_do_it_come_out_and_what_conditions_change(
    page: Page, app_url: str
) -> None:
    exercise = LIBRARY.exercise("tre-wall-sit")
    page.goto(f"{app_url}/library/tre-wall-sit")
    expect(page.get_by_role("heading", name=exercise.name, level=1)).to_be_visible()
    expect(
        page.get_by_role("img", name=f"Figure of {exercise.name}: resting on feet, back against the wall.")
    ).to_be_visible()
    expect(page.locator("ol.cues").first.locator("li")).to_have_text(list(exercise.cues))
    how_out = page.get_by_role("region", name="How to come out")
    expect(how_out).to_contain_text(exercise.come_out)
    expect(page.get_by_role("region", name="Safety").locator("li")).to_have_text(list(exercise.cautions))
    conditions = page.get_by_role("region", name="With a health condition")
    expect(conditions).to_contain_text("Knee injury: done differently")
    expect(conditions).to_contain_text("Slide down only a little, into a quarter squat")
    # The changed position has a figure of its own.
    expect(
        conditions.get_by_role("img", name=f"Figure of {exercise.name} with knee injury", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("region", name="What is known")).to_contain_text(exercise.evidence)
    shoot(page, "exercise")


def test_a_condition_that_leaves_an_exercise_out_says_why(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/library/dead-bug")
    conditions = page.get_by_role("region", name="With a health condition")
    expect(conditions).to_contain_text("Pregnancy: left out")
    expect(conditions).to_contain_text("works the front of the belly hard")


def test_an_unknown_filter_or_exercise_is_named(page: Page, app_url: str) -> None:
    response = page.goto(f"{app_url}/library?phase=warm-up")
    assert response is not None
    assert response.status == 422
    expect(page.locator("#filter-phase-error")).to_have_text(
        "'warm-up' is not a phase; choose one from the list."
    )
    response = page.goto(f"{app_url}/library/handstand")
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("There is no exercise with id 'handstand'.")


def test_the_plan_preview_and_the_player_link_each_step_to_its_page(page: Page, app_url: str) -> None:
    plan = httpx.post(f"{app_url}/api/plans", json={"minutes": 20, "seed": 5}).json()
    first = plan["phases"][0]["steps"][0]
    page.goto(f"{app_url}/plan?minutes=20&seed=5")
    link = page.locator("#preview ol.steps a", has_text=first["name"]).first
    expect(link).to_have_attribute("href", f"/library/{first['exercise']}")
    session = httpx.post(f"{app_url}/api/sessions", json={"plan_id": plan["id"]}).json()
    page.goto(f"{app_url}/play/{session['id']}")
    for field in ("tension", "pain", "distress", "breath"):
        page.locator(f'#before-form input[name="{field}"][value="3"]').check()
    page.get_by_role("button", name="Begin the session").click()
    howto = page.get_by_role("link", name="How to do it, in the library (opens in a new tab)")
    expect(howto).to_have_attribute("href", f"/library/{first['exercise']}")
    with page.context.expect_page() as opened:
        howto.click()
    library_tab = opened.value
    expect(library_tab.get_by_role("heading", name=first["name"], level=1)).to_be_visible()
    expect(page.locator("#step-position")).to_contain_text("step 1 of")  # the session goes on


@pytest.mark.widths
def test_a_per_side_exercise_is_drawn_for_the_left_side_and_says_so(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/library/low-lunge")
    figure = page.locator("figure.pose").first
    expect(figure.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(r"^Figure of Low lunge, left side")
    )
    expect(figure).to_contain_text("Drawn for the left side; the right side is its mirror image.")
    shoot(page, "exercise-per-side")


def test_a_moving_figure_animates_and_holds_still_when_less_motion_is_asked(
    browser: Browser, app_url: str
) -> None:
    frames = "svg.pf .pf-frame"
    for motion, names, second in (("no-preference", ["pf-cycle-2"] * 2, None), ("reduce", ["none"] * 2, "0")):
        context = browser.new_context(reduced_motion=motion)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{app_url}/library/cat-cow")
        found = page.locator(frames).evaluate_all("all => all.map(f => getComputedStyle(f).animationName)")
        assert found == names
        if second is not None:
            assert page.locator(frames).nth(1).evaluate("f => getComputedStyle(f).opacity") == second
            assert page.locator(frames).nth(0).evaluate("f => getComputedStyle(f).opacity") == "1"
        context.close()


def test_figures_follow_the_theme(browser: Browser, app_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    body = "svg.pf .pf-body"
    page.goto(f"{app_url}/library/tre-wall-sit")
    assert page.locator(body).first.evaluate("e => getComputedStyle(e).stroke") == "rgb(53, 80, 90)"
    page.goto(f"{app_url}/settings")
    page.get_by_label("Dark").check()
    page.get_by_role("button", name="Save settings").click()
    page.goto(f"{app_url}/library/tre-wall-sit")
    assert page.locator(body).first.evaluate("e => getComputedStyle(e).stroke") == "rgb(211, 225, 229)"
    context.close()
