"""The program: this week's and next week's sessions, their lengths and tremor limits, and why."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from psoas.practice.program import SETTLED_SESSIONS_ENOUGH, weeks_ahead
from psoas.store.practice_log import count_settled
from psoas.store.profile import get_intake, get_settings
from psoas.web.local_time import person_zone
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction
from psoas.web.practice_start import request_for, sessions_this_week, todays_suggestion

router = APIRouter()
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@router.get("/program", response_class=HTMLResponse)
def program_page(request: Request, session: Transaction, person: LocalPerson) -> Response:
    """Two weeks ahead as the practice record has earned them; each session starts from Home."""
    if get_intake(session, person.id) is None:
        return RedirectResponse("/intake?needed=program", status_code=303)
    settings = get_settings(session, person.id)
    suggestion = todays_suggestion(session, person)
    zone = person_zone(request)
    # Seed 0: the figures shown depend on length and limit, not on which exercises are drawn.
    usual = request_for(session, person, minutes=settings.minutes, seed=0)
    ahead = weeks_ahead(
        usual,
        settings.weekly_target,
        sessions_this_week(session, person, zone),
        count_settled(session, person.id, SETTLED_SESSIONS_ENOUGH),
        next_session=(suggestion.minutes, suggestion.tremor_cap_minutes),
    )
    return render(
        request,
        session,
        person,
        "program.html",
        active="/",
        ahead=ahead,
        suggestion=suggestion,
        today=datetime.now(UTC).astimezone(zone).isoweekday(),
        days=DAYS,
    )
