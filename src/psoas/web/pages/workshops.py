"""Workshops for the facilitator: the list with a form for a new one and the saved templates, and
the editor, where the plan is changed step by step before the room starts (every edit that would
break a safety rule is refused, with the rule, beside its step)."""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.practice.drawing import figure_svg
from psoas.practice.library import Library, default_library
from psoas.practice.request import InvalidRequest, new_seed
from psoas.practice.vocabulary import FOCUSES, LEVELS
from psoas.practice.workshop import (
    WORKSHOP_MINUTES_LEAST,
    WORKSHOP_MINUTES_MOST,
    EditRefused,
    make_workshop_request,
    plan_from_json,
    swap_choices,
)
from psoas.store.models import Person, Workshop
from psoas.store.workshops import (
    Edit,
    NameTaken,
    RoomRefused,
    create_workshop,
    edit_workshop,
    get_template,
    get_workshop,
    list_templates,
    list_workshops,
    save_template,
    workshop_from_template,
)
from psoas.web.accounts import Facilitator
from psoas.web.pages.common import render
from psoas.web.person_scope import Transaction

router = APIRouter()
TITLE_MOST = 120
RESIZE_STEP = 30  # seconds a step grows or shrinks by in the editor
DEFAULT_TITLE = "Workshop"  # the title of one planned without a title


async def _read_form(request: Request) -> FormData:
    """The posted form, read before the route's transaction opens (a slow body holds no connection)."""
    return await request.form()


Form = Annotated[FormData, Depends(_read_form)]


def owned_workshop(session: Session, facilitator: Person, workshop_id: int, lock: bool = False) -> Workshop:
    """The facilitator's workshop, or a 404 (another facilitator's is as unknown as a missing one)."""
    workshop = get_workshop(session, facilitator.id, workshop_id, lock=lock)
    if workshop is None:
        raise HTTPException(404, detail=f"no workshop with id {workshop_id}")
    return workshop


def _whole(text: object) -> int | None:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def _title(text: object) -> str:
    """The title as typed, its spaces tidied, invisible control characters (NUL, which PostgreSQL
    cannot hold in text, among them) left out, cut to its length."""
    shown = "".join(c if c.isprintable() else " " for c in str(text or ""))
    return " ".join(shown.split())[:TITLE_MOST]


def _list_page(
    request: Request,
    session: Session,
    facilitator: Person,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        session,
        facilitator,
        "workshops.html",
        status_code=status_code,
        active="/workshops",
        workshops=list_workshops(session, facilitator.id),
        templates=list_templates(session, facilitator.id),
        values=values or {"title": "", "minutes": 90, "level": "beginner", "focus": ["general"]},
        errors=errors or {},
        levels=LEVELS,
        focuses=FOCUSES,
        least=WORKSHOP_MINUTES_LEAST,
        most=WORKSHOP_MINUTES_MOST,
    )


@router.get("/workshops", response_class=HTMLResponse)
def workshops_page(request: Request, session: Transaction, facilitator: Facilitator) -> HTMLResponse:
    """The facilitator's workshops, a form for a new one, and their templates."""
    return _list_page(request, session, facilitator)


@router.post("/workshops", response_model=None)
def new_workshop(request: Request, form: Form, session: Transaction, facilitator: Facilitator) -> Response:
    """Plan a new workshop from the form and open its editor, or show the form again with each problem."""
    values = {
        "title": _title(form.get("title")),
        "minutes": str(form.get("minutes", "")).strip()[:12],
        "level": str(form.get("level", "beginner")),
        "focus": [str(f) for f in form.getlist("focus")] or ["general"],
    }
    minutes = _whole(values["minutes"])
    errors: dict[str, str] = {}
    if minutes is None:
        errors["minutes"] = (
            f"Enter the minutes as a whole number from {WORKSHOP_MINUTES_LEAST} to {WORKSHOP_MINUTES_MOST}."
        )
    else:
        try:
            asked = make_workshop_request(minutes, str(values["level"]), values["focus"], seed=new_seed())
        except InvalidRequest as error:
            errors |= error.problems
    if errors or minutes is None:
        return _list_page(request, session, facilitator, values=values, errors=errors, status_code=422)
    title = str(values["title"]) or DEFAULT_TITLE
    workshop = create_workshop(session, facilitator.id, title, asked, default_library())
    return RedirectResponse(f"/workshops/{workshop.id}", status_code=303)


def _phases(workshop: Workshop, library: Library) -> list[dict[str, Any]]:
    """The plan's phases with each step's flat index, figure and swap choices (choices only while
    the workshop waits)."""
    plan = plan_from_json(workshop.plan)
    waiting = workshop.state == "waiting"
    phases, index = [], 0
    for phase in plan.phases:
        first = index
        steps = []
        for step in phase.steps:
            steps.append(
                {
                    "index": index,
                    "step": step,
                    "figure": figure_svg(library, step.exercise, side=step.side, cues=step.cues),
                    "choices": swap_choices(plan, index, library) if waiting else [],
                    "first": index == first,
                    "last": index == first + len(phase.steps) - 1,
                }
            )
            index += 1
        phases.append({"phase": phase.phase, "seconds": phase.seconds, "steps": steps})
    return phases


def _editor(
    request: Request,
    session: Session,
    facilitator: Person,
    workshop: Workshop,
    *,
    refused: dict[int, str] | None = None,
    message: str = "",
    message_saved: bool = False,
    template_error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    library = default_library()
    return render(
        request,
        session,
        facilitator,
        "workshop_editor.html",
        status_code=status_code,
        active="/workshops",
        workshop=workshop,
        plan=plan_from_json(workshop.plan),
        phases=_phases(workshop, library),
        refused=refused or {},
        message=message,
        message_saved=message_saved,
        template_error=template_error,
        resize_step=RESIZE_STEP,
    )


@router.get("/workshops/{workshop_id}", response_class=HTMLResponse)
def editor_page(
    request: Request, workshop_id: int, session: Transaction, facilitator: Facilitator
) -> HTMLResponse:
    """The workshop's plan by phase, with its edits while it waits; its join code and room screen."""
    workshop = owned_workshop(session, facilitator, workshop_id)
    saved = request.query_params.get("saved", "")[:TITLE_MOST]
    message = f"Saved as the template “{saved}”." if saved else ""
    return _editor(request, session, facilitator, workshop, message=message, message_saved=bool(saved))


def _edit_from(form: FormData, workshop: Workshop) -> Edit | None:
    index = _whole(form.get("index"))
    if index is None or index < 0:
        return None
    kind = str(form.get("edit", ""))
    if kind == "move":
        to = _whole(form.get("to"))
        return None if to is None else Edit("move", index, to=to)
    if kind == "swap":
        return Edit("swap", index, exercise=str(form.get("exercise", ""))[:80])
    if kind == "resize":
        change = _whole(form.get("change"))
        steps = [s for p in workshop.plan["phases"] for s in p["steps"]]
        if change is None or not 0 <= index < len(steps):
            return None
        return Edit("resize", index, seconds=int(steps[index]["seconds"]) + change)
    return None


@router.post("/workshops/{workshop_id}/edit", response_model=None)
def edit_plan(
    request: Request, workshop_id: int, form: Form, session: Transaction, facilitator: Facilitator
) -> Response:
    """One edit of the plan; refused with its reason beside the step when it would break a rule."""
    workshop = owned_workshop(session, facilitator, workshop_id, lock=True)
    edit = _edit_from(form, workshop)
    if edit is None:
        message = "That edit names no step or change this plan has; nothing was changed."
        return _editor(request, session, facilitator, workshop, message=message, status_code=422)
    try:
        edit_workshop(session, workshop, edit, default_library())
    except RoomRefused as error:
        return _editor(request, session, facilitator, workshop, message=str(error), status_code=409)
    except EditRefused as error:
        return _editor(
            request, session, facilitator, workshop, refused={edit.index: str(error)}, status_code=422
        )
    return RedirectResponse(
        f"/workshops/{workshop.id}#step-{edit.to if edit.kind == 'move' else edit.index}", status_code=303
    )


@router.post("/workshops/{workshop_id}/template", response_model=None)
def save_as_template(
    request: Request, workshop_id: int, form: Form, session: Transaction, facilitator: Facilitator
) -> Response:
    """Save the workshop's plan as a template under the name given."""
    workshop = owned_workshop(session, facilitator, workshop_id)
    name = _title(form.get("name")) or workshop.title
    try:
        save_template(session, workshop, name)
    except NameTaken as error:
        return _editor(request, session, facilitator, workshop, template_error=str(error), status_code=409)
    return RedirectResponse(f"/workshops/{workshop.id}?saved={quote(name)}", status_code=303)


@router.post("/workshops/templates/{template_id}/start", response_model=None)
def start_from_template(
    request: Request, template_id: int, form: Form, session: Transaction, facilitator: Facilitator
) -> Response:
    """A new workshop with the template's plan (checked again against every safety rule)."""
    template = get_template(session, facilitator.id, template_id)
    if template is None:
        raise HTTPException(404, detail=f"no template with id {template_id}")
    title = _title(form.get("title")) or template.name
    try:
        workshop = workshop_from_template(session, template, title, default_library())
    except EditRefused as error:
        return _list_page(request, session, facilitator, errors={"template": str(error)}, status_code=422)
    return RedirectResponse(f"/workshops/{workshop.id}", status_code=303)
