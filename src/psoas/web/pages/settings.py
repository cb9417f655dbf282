"""Settings: voice, chime, theme, targets, support resources; export and delete all data."""

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.measures.fhir import questionnaire_response, results_bundle, total_observation
from psoas.measures.scoring import score
from psoas.store.export import delete_everything, export_data, practices_csv, results_csv
from psoas.store.models import Person
from psoas.store.profile import get_settings
from psoas.store.questionnaires import list_results
from psoas.store.utc_time import iso
from psoas.web.identity import acting, clear_login_cookie, forget_acting
from psoas.web.pages.common import default_support, render
from psoas.web.pages.questionnaires import instruments_of
from psoas.web.person_scope import LocalPerson, Transaction, person_transaction

router = APIRouter()
DELETE_CONFIRMATION = "delete my data"
THEMES = ("light", "dark")


SUPPORT_MOST = 4000  # characters; the form's maxlength says the same
# The lowest and highest value of each number, read by the OpenAPI document too (web/contract.py).
RANGES: dict[str, tuple[float, float]] = {
    "voice_rate": (0.5, 1.5),
    "weekly_target": (1, 7),
    "minutes": (10, 120),
    "questionnaire_days": (7, 90),
}
FIELDS = ("voice", "chime", "voice_rate", "minutes", "weekly_target", "questionnaire_days", "theme")


def _stored_values(session: Session, person: Person) -> dict[str, Any]:
    settings = get_settings(session, person.id)
    return {name: getattr(settings, name) for name in (*FIELDS, "support_text")}


def _typed_values(form: FormData) -> dict[str, Any]:
    """What the person typed, to show again beside the errors rather than what is stored."""
    typed: dict[str, Any] = {name: str(form.get(name, "")) for name in (*FIELDS, "support_text")}
    return {**typed, "voice": "voice" in form, "chime": "chime" in form}


def _page(
    request: Request,
    session: Session,
    person: Person,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    saved: bool = False,
    deleted: bool = False,
) -> HTMLResponse:
    return render(
        request,
        session,
        person,
        "settings.html",
        status_code=422 if errors else 200,
        active="/settings",
        values=typed or _stored_values(session, person),
        errors=errors or {},
        saved=saved,
        deleted=deleted,
        default_support=default_support(request),
    )


def _number(
    text: str, low: float, high: float, name: str, errors: dict[str, str], whole: bool = False
) -> float | None:
    kind = "a whole number" if whole else "a number"
    try:
        value = float(text)
    except ValueError:
        errors[name] = f"Enter {kind} from {low:g} to {high:g}."
        return None
    if not low <= value <= high:
        # What the person typed, not a float's spelling of it ("1e+21" for twenty-two digits).
        errors[name] = f"Enter {kind} from {low:g} to {high:g}; {text.strip()[:24]} is outside."
        return None
    if whole and not value.is_integer():
        errors[name] = f"Enter a whole number from {low:g} to {high:g}; {value:g} is not whole."
        return None
    return value


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """The settings form."""
    return _page(request, session, person)


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> HTMLResponse:
    """Save the settings, or show the form again with a message beside each problem; nothing half-saved."""
    form = await request.form()
    return await run_in_threadpool(_save_settings, request, form)


def _save_settings(request: Request, form: FormData) -> HTMLResponse:
    errors: dict[str, str] = {}

    def value(name: str, whole: bool = True) -> float | None:
        low, high = RANGES[name]
        return _number(str(form.get(name, "")), low, high, name, errors, whole)

    rate = value("voice_rate", whole=False)
    target, minutes, every = value("weekly_target"), value("minutes"), value("questionnaire_days")
    theme = str(form.get("theme", "light"))
    if theme not in THEMES:
        errors["theme"] = "Choose light or dark."
    # Browsers send each line break as two characters but count it as one against maxlength.
    support = str(form.get("support_text", "")).replace("\r\n", "\n")
    if len(support) > SUPPORT_MOST:
        errors["support_text"] = f"Keep it to {SUPPORT_MOST} characters at most; this is {len(support)}."
    elif "\x00" in support:  # PostgreSQL cannot hold it in text; SQLite would, so refuse it on both
        errors["support_text"] = (
            "The text holds a NUL character, an invisible one that pasted text sometimes brings; "
            "remove it or type the text again."
        )
    with person_transaction(request) as (session, person):
        if errors:
            return _page(request, session, person, errors=errors, typed=_typed_values(form))
        settings = get_settings(session, person.id)
        settings.voice = "voice" in form
        settings.chime = "chime" in form
        settings.voice_rate = float(rate or 1)
        settings.weekly_target = int(target or 3)
        settings.minutes = int(minutes or 30)
        settings.questionnaire_days = int(every or 14)
        settings.theme = theme
        settings.support_text = support.strip()
        session.flush()
        return _page(request, session, person, saved=True)


# A byte-order mark first: spreadsheets then read the file as UTF-8, and accents in notes survive.
CSV_START = "\ufeff"
CSV = "text/csv; charset=utf-8"


def _download(body: str, media_type: str, filename: str) -> Response:
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get("/export.json")
def export_json(session: Transaction, person: LocalPerson) -> Response:
    """Download everything as JSON."""
    body = json.dumps(export_data(session, person.id), indent=2, ensure_ascii=False)
    return _download(body, "application/json", "psoas-export.json")


@router.get("/export.csv")
def export_csv(session: Transaction, person: LocalPerson) -> Response:
    """Download the sessions and their ratings as CSV."""
    return _download(CSV_START + practices_csv(session, person.id), CSV, "psoas-sessions.csv")


@router.get("/export-questionnaires.csv")
def export_results_csv(session: Transaction, person: LocalPerson) -> Response:
    """Download the questionnaire results, item by item, as CSV."""
    return _download(CSV_START + results_csv(session, person.id), CSV, "psoas-questionnaires.csv")


@router.get("/export.fhir.json")
def export_fhir(request: Request, session: Transaction, person: LocalPerson) -> Response:
    """Download the questionnaire results as a FHIR R4 Bundle: QuestionnaireResponses and Observations."""
    instruments = instruments_of(request)
    resources = []
    for row in list_results(session, person.id):
        instrument = instruments.get(row.instrument)
        if instrument is None:
            continue
        result = score(instrument, row.answers, row.score.get("cutpoint"))
        when = iso(row.taken_at)
        resources.append(questionnaire_response(instrument, result, row.id, when))
        resources.append(total_observation(instrument, result, row.id, when))
    body = json.dumps(results_bundle(resources), indent=2, ensure_ascii=False)
    return _download(body, "application/fhir+json", "psoas-fhir.json")


@router.post("/settings/delete", response_class=HTMLResponse)
async def delete_all(request: Request) -> Response:
    """Delete all data once the person has typed the confirmation."""
    form = await request.form()
    return await run_in_threadpool(_delete_all, request, form)


def _delete_all(request: Request, form: FormData) -> Response:
    typed = str(form.get("confirmation", "")).strip().lower()
    with person_transaction(request) as (session, person):
        if typed != DELETE_CONFIRMATION:
            errors = {
                "confirmation": f'To delete everything, type "{DELETE_CONFIRMATION}" '
                "(capital letters and spaces around it do not matter)."
            }
            return _page(request, session, person, errors=errors)
        delete_everything(session, person.id)  # the account and its logins go with the person
    request.app.state.database.forget_deleted()
    if acting(request).account is not None:
        gone = RedirectResponse("/login?deleted=1", status_code=303)
        clear_login_cookie(gone, request)
        return gone
    forget_acting(request)  # psoas starts fresh, with a new local person
    with person_transaction(request) as (session, person):
        return _page(request, session, person, deleted=True)
