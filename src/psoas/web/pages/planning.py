"""Plan: choose minutes, focus and level, preview the session with its reasons, reshuffle, start."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, ImmutableMultiDict

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import SEEDS, InvalidRequest, PlanRequest, new_seed
from psoas.practice.suggestion import Suggestion
from psoas.practice.vocabulary import FOCUSES, LEVELS
from psoas.store.models import Person
from psoas.store.profile import get_intake
from psoas.web.pages.common import render, support_text
from psoas.web.person_scope import LocalPerson, Transaction, person_transaction
from psoas.web.practice_start import plan_and_start, request_for, todays_suggestion

router = APIRouter()
MINUTE_CHOICES = (10, 15, 20, 30, 40, 45, 60, 75, 90, 120)


def _whole_number(text: str | None) -> int | None:
    """The text as a whole number, or None; `isdigit` alone lets through '²', which int() refuses."""
    try:
        return int(text) if text else None
    except ValueError:  # not a number, or more digits than Python converts
        return None


def _choices(
    values: ImmutableMultiDict[str, Any], session: Session, person: Person, suggestion: Suggestion
) -> dict[str, Any]:
    """The form's values (from the query or a posted form), else the intake and today's suggested length."""
    intake = get_intake(session, person.id)
    minutes_text = str(values.get("minutes") or suggestion.minutes)
    minutes = _whole_number(minutes_text)
    seed = _whole_number(values.get("seed"))
    if seed is not None and seed not in SEEDS:  # like text that is not a number: a new seed is drawn
        seed = None
    return {
        "minutes": minutes_text if minutes is None else minutes,
        "level": values.get("level") or (intake.level if intake else "beginner"),
        "focus": values.getlist("focus") or (intake.focus if intake else ["general"]),
        "seed": new_seed() if seed is None else seed,
    }


def _checked_request(
    session: Session, person: Person, choices: dict[str, Any], suggestion: Suggestion
) -> tuple[PlanRequest | None, dict[str, str]]:
    """The plan request for these choices, or None and a message for each field that is wrong."""
    minutes = choices["minutes"]
    if not isinstance(minutes, int):
        return None, {"minutes": f"minutes must be a whole number, got {minutes[:20]!r}"}
    try:
        plan_request = request_for(
            session,
            person,
            minutes=minutes,
            level=str(choices["level"]),
            focus=[str(f) for f in choices["focus"]],
            seed=int(choices["seed"]),
            tremor_cap_minutes=suggestion.tremor_cap_minutes,
        )
    except InvalidRequest as error:
        return None, error.problems
    return plan_request, {}


def _preview(
    session: Session, person: Person, choices: dict[str, Any], suggestion: Suggestion
) -> dict[str, Any]:
    plan_request, errors = _checked_request(session, person, choices, suggestion)
    if plan_request is None:
        return {"plan": None, "errors": errors, "cautions": {}}
    session_plan = plan(plan_request)
    library = default_library()
    cautions = {step.exercise: library.exercise(step.exercise).cautions for _, step in session_plan.steps()}
    return {"plan": session_plan, "errors": errors, "cautions": cautions}


def _previewed(
    request: Request, session: Session, person: Person
) -> tuple[Suggestion, dict[str, Any], dict[str, Any]]:
    """Today's suggestion, the choices in the query, and the preview they give."""
    suggestion = todays_suggestion(session, person)
    choices = _choices(request.query_params, session, person, suggestion)
    return suggestion, choices, _preview(session, person, choices, suggestion)


def _plan_page(
    request: Request,
    session: Session,
    person: Person,
    choices: dict[str, Any],
    suggestion: Suggestion,
    preview: dict[str, Any],
) -> HTMLResponse:
    return render(
        request,
        session,
        person,
        "plan.html",
        status_code=422 if preview["errors"] else 200,
        active="/plan",
        choices=choices,
        levels=LEVELS,
        focuses=FOCUSES,
        minute_choices=MINUTE_CHOICES,
        suggestion=suggestion,
        support=support_text(request, session, person),
        **preview,
    )


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """The plan form with a preview of the session."""
    suggestion, choices, preview = _previewed(request, session, person)
    return _plan_page(request, session, person, choices, suggestion, preview)


@router.get("/plan/preview", response_class=HTMLResponse)
def plan_preview(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Just the preview, for HTMX to swap in when a choice changes."""
    _suggestion, choices, preview = _previewed(request, session, person)
    return render(request, session, person, "_plan_preview.html", choices=choices, **preview)


@router.post("/plan/start", response_model=None)
async def start_planned(request: Request) -> Response:
    """Start the previewed plan (same choices, same seed) and open the player."""
    form = await request.form()
    return await run_in_threadpool(_start_planned, request, form)


def _start_planned(request: Request, form: FormData) -> Response:
    with person_transaction(request) as (session, person):
        if get_intake(session, person.id) is None:
            return RedirectResponse("/intake?needed=plan", status_code=303)
        suggestion = todays_suggestion(session, person)
        if suggestion.grounding_only:  # a planned session is not offered today; grounding is
            return RedirectResponse("/plan", status_code=303)
        choices = _choices(form, session, person, suggestion)
        plan_request, errors = _checked_request(session, person, choices, suggestion)
        if plan_request is None:
            return _plan_page(request, session, person, choices, suggestion, {"plan": None, "errors": errors})
        practice = plan_and_start(session, person, plan_request)
        return RedirectResponse(f"/play/{practice.id}", status_code=303)
