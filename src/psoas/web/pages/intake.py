"""Intake: experience, screening conditions, support, props and focus; editable at any time."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from psoas.practice.library import default_library
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS
from psoas.store.profile import IntakeAnswers, get_intake, save_intake
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction, person_transaction

router = APIRouter()


def _form_context(answers: IntakeAnswers | None) -> dict[str, Any]:
    library = default_library()
    return {
        "active": "/intake",
        "levels": LEVELS,
        "conditions": list(library.conditions.values()),
        "props": PROPS,
        "focuses": FOCUSES,
        "answers": answers,
    }


def check_intake(form_values: dict[str, list[str]]) -> tuple[IntakeAnswers, dict[str, str]]:
    """The answers from the form (or the API), and a message for each field that is not valid."""
    library = default_library()
    errors: dict[str, str] = {}
    level = (form_values.get("level") or [""])[0]
    if level not in LEVELS:
        errors["level"] = "Choose your experience: beginner, intermediate or experienced."
    unknown = [c for c in form_values.get("conditions", []) if c not in library.conditions]
    if unknown:
        errors["conditions"] = f"Unknown condition {unknown[0]!r}; choose from the list."
    bad_props = [p for p in form_values.get("props", []) if p not in PROPS]
    if bad_props:
        errors["props"] = f"Unknown prop {bad_props[0]!r}; choose from the list."
    bad_focus = [f for f in form_values.get("focus", []) if f not in FOCUSES]
    if bad_focus:
        errors["focus"] = f"Unknown focus {bad_focus[0]!r}; choose from the list."
    answers = IntakeAnswers(
        level=level,
        conditions=[c for c in form_values.get("conditions", []) if c in library.conditions],
        props=[p for p in form_values.get("props", []) if p in PROPS],
        focus=[f for f in form_values.get("focus", []) if f in FOCUSES] or ["general"],
        support_available="support_available" in form_values,
        # Asked per session, at the before check-in: a facilitator once is not a facilitator always.
        with_facilitator=False,
    )
    return answers, errors


@router.get("/intake", response_class=HTMLResponse)
def intake_page(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """The intake form, filled with the saved answers."""
    saved = get_intake(session, person.id)
    answers = (
        IntakeAnswers(
            level=saved.level,
            conditions=saved.conditions,
            props=saved.props,
            focus=saved.focus,
            support_available=saved.support_available,
            with_facilitator=False,
        )
        if saved
        else None
    )
    return render(
        request,
        session,
        person,
        "intake.html",
        errors={},
        saved=False,
        stored=answers is not None,
        **_form_context(answers),
    )


@router.post("/intake", response_class=HTMLResponse)
async def save_intake_page(request: Request) -> HTMLResponse:
    """Save the answers, or show the form again with a message beside each problem."""
    form = await request.form()
    return await run_in_threadpool(_save_intake, request, form)


def _save_intake(request: Request, form: FormData) -> HTMLResponse:
    values = {key: [str(v) for v in form.getlist(key)] for key in form}
    answers, errors = check_intake(values)
    with person_transaction(request) as (session, person):
        if errors:
            return render(
                request,
                session,
                person,
                "intake.html",
                status_code=422,
                errors=errors,
                saved=False,
                stored=False,
                **_form_context(answers),
            )
        save_intake(session, person.id, answers)
        return render(
            request,
            session,
            person,
            "intake.html",
            errors={},
            saved=True,
            stored=True,
            **_form_context(answers),
        )
