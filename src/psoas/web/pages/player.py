"""The player page: everything the session needs is sent at once, so it runs without the server."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from psoas.practice.drawing import figure_svg
from psoas.practice.grounding import CLOSING_WORDS, grounding_steps
from psoas.practice.library import Library, default_library
from psoas.practice.request import InvalidRequest, request_from_json
from psoas.practice.screening import facilitator_decides_tremor
from psoas.practice.session_plan import plan_steps
from psoas.practice.step_log import PAIN_PLACES
from psoas.store.models import PracticeSession
from psoas.store.practice_log import checkins_of, get_plan, get_practice
from psoas.store.profile import get_settings
from psoas.store.utc_time import as_utc, utc_now
from psoas.web.pages.common import render, support_text
from psoas.web.person_scope import LocalPerson, Transaction

router = APIRouter()
# The player tells the server a session ended before it asks how the person is now, so a reload
# on that question finds the session finished. Within this time it asks again rather than closing
# the session without it (and, after Stop & ground, without the support resources).
AFTER_CHECKIN_WINDOW = timedelta(hours=2)


def awaits_after_checkin(session: Session, practice: PracticeSession) -> bool:
    """Whether a finished session that was practised still lacks its recent 'after' check-in."""
    if practice.finished_at is None or not (practice.completed or practice.grounded):
        return False
    if utc_now() - as_utc(practice.finished_at) > AFTER_CHECKIN_WINDOW:
        return False
    return "after" not in checkins_of(session, [practice.id]).get(practice.id, {})


def step_figures(library: Library, steps: list[dict[str, Any]]) -> dict[str, str]:
    """Each step's figure, by exercise and side: one plan speaks one way of each exercise, so the
    pair names the picture. Sent with the page, so the player draws them offline too."""
    figures: dict[str, str] = {}
    for step in steps:
        key = f"{step['exercise']}:{step.get('side') or ''}"
        if key in figures:
            continue
        drawn = figure_svg(library, step["exercise"], side=step.get("side"), cues=step.get("cues"))
        if drawn is not None:
            figures[key] = drawn
    return figures


def plan_parts(plan_json: dict[str, Any]) -> dict[str, Any]:
    """What the player takes from the plan: its steps, their figures, adjustments and cautions.
    Sent again when the plan changes before the session begins (a facilitator is present)."""
    library = default_library()
    used = {step["exercise"] for step in plan_steps(plan_json)}
    grounding = grounding_steps(library)
    return {
        "plan": plan_json,
        "figures": step_figures(library, [*plan_steps(plan_json), *(s.to_json() for s in grounding)]),
        "modifications": {e: list(library.exercise(e).modifications) for e in sorted(used)},
        # Shown behind "Safety" on each step, grounding steps included.
        "cautions": {
            e: list(library.exercise(e).cautions)
            for e in sorted(used | {step.exercise for step in grounding})
            if e in library.exercises and library.exercise(e).cautions
        },
        "avoidable": sorted(e for e in used if library.exercise(e).kind != "safety"),
    }


def asks_facilitator(plan_json: dict[str, Any]) -> bool:
    """Whether the before check-in asks if a trained facilitator is present: only when the answer
    decides whether this plan may hold a tremor."""
    library = default_library()
    try:
        request = request_from_json(library, plan_json.get("request", {}))
    except InvalidRequest:
        return False  # made with content the library no longer has: the plan stays as it is
    return facilitator_decides_tremor(request, library)


def player_data(
    session_id: int,
    plan_json: dict[str, Any],
    settings: dict[str, Any],
    support: str,
    resume: dict[str, bool],
) -> dict[str, Any]:
    """The JSON the player script runs from."""
    library = default_library()
    return {
        "session_id": session_id,
        **plan_parts(plan_json),
        "grounding": [step.to_json() for step in grounding_steps(library)],
        "closing": list(CLOSING_WORDS),
        "ask_facilitator": asks_facilitator(plan_json),
        "settings": settings,
        "support": support,
        "resume": resume,
        "api": {
            "checkins": f"/api/sessions/{session_id}/checkins",
            "facilitator": f"/api/sessions/{session_id}/facilitator",
            "finish": f"/api/sessions/{session_id}/finish",
            "preferences": "/api/preferences",
            "recordings": f"/api/sessions/{session_id}/recordings",
        },
    }


@router.get("/play/{session_id}", response_class=HTMLResponse)
def play(session_id: int, request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Play a started session: check-in, guided steps, Stop & ground, check-in, preferences."""
    practice = get_practice(session, person.id, session_id)
    stored = get_plan(session, person.id, practice.plan_id) if practice else None
    if practice is None or stored is None:
        raise HTTPException(404, detail=f"no session with id {session_id}")
    settings = get_settings(session, person.id)
    resume_after = awaits_after_checkin(session, practice)
    data = player_data(
        practice.id,
        stored.plan,
        {"voice": settings.voice, "voice_rate": settings.voice_rate, "chime": settings.chime},
        support_text(request, session, person),
        {"after": resume_after, "grounded": practice.grounded},
    )
    return render(
        request,
        session,
        person,
        "player.html",
        active="",
        data=data,
        pain_places=PAIN_PLACES,
        finished=practice.finished_at is not None and not resume_after,
    )
