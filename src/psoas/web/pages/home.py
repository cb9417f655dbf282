"""Home: today's session in one tap, the weekly target, recent sessions, and what needs doing."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from psoas.store.practice_log import list_practices, practice_records
from psoas.store.profile import get_intake, get_settings
from psoas.web.local_time import person_zone
from psoas.web.pages.common import render, support_text
from psoas.web.pages.questionnaires import due_instruments, instruments_of
from psoas.web.person_scope import LocalPerson, Transaction
from psoas.web.practice_start import plan_and_start, request_for, sessions_this_week, todays_suggestion

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """The home page."""
    settings = get_settings(session, person.id)
    recent = practice_records(session, person.id, list_practices(session, person.id, limit=5))
    return render(
        request,
        session,
        person,
        "home.html",
        active="/",
        intake=get_intake(session, person.id),
        suggestion=todays_suggestion(session, person),
        week_count=sessions_this_week(session, person, person_zone(request)),
        weekly_target=settings.weekly_target,
        recent=recent,
        due=due_instruments(session, person, instruments_of(request)),
        support=support_text(request, session, person),
        flag_words=_flag_words(request),
    )


def _flag_words(request: Request) -> str:
    """What PHQ-9 says to someone who told of thoughts of self-harm, for the support card."""
    phq9 = instruments_of(request).get("phq9")
    return next((item.flag_message for item in phq9.items if item.flag), "") if phq9 else ""


@router.post("/start")
def start_today(session: Transaction, person: LocalPerson) -> RedirectResponse:
    """Start today's suggested session and open the player."""
    if get_intake(session, person.id) is None:
        return RedirectResponse("/intake", status_code=303)
    suggestion = todays_suggestion(session, person)
    plan_request = request_for(
        session, person, minutes=suggestion.minutes, tremor_cap_minutes=suggestion.tremor_cap_minutes
    )
    practice = plan_and_start(session, person, plan_request)
    # Grounding only: the player goes from the before check-in straight to grounding.
    grounding = "?grounding=1" if suggestion.grounding_only else ""
    return RedirectResponse(f"/play/{practice.id}{grounding}", status_code=303)
