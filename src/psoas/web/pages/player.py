"""The player page: everything the session needs is sent at once, so it runs without the server."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from psoas.practice.grounding import CLOSING_WORDS, grounding_steps
from psoas.practice.library import default_library
from psoas.store.practice_log import get_plan, get_session
from psoas.store.profile import get_settings
from psoas.web.pages.common import render, support_text
from psoas.web.person_scope import person_transaction

router = APIRouter()


def player_data(
    session_id: int, plan_json: dict[str, Any], settings: dict[str, Any], support: str
) -> dict[str, Any]:
    """The JSON the player script runs from."""
    library = default_library()
    used = {s["exercise"] for phase in plan_json["phases"] for s in phase["steps"]}
    return {
        "session_id": session_id,
        "plan": plan_json,
        "grounding": [step.to_json() for step in grounding_steps(library)],
        "closing": list(CLOSING_WORDS),
        "modifications": {e: list(library.exercise(e).modifications) for e in sorted(used)},
        "avoidable": sorted(e for e in used if library.exercise(e).kind != "safety"),
        "settings": settings,
        "support": support,
        "api": {
            "checkins": f"/api/sessions/{session_id}/checkins",
            "finish": f"/api/sessions/{session_id}/finish",
            "preferences": "/api/preferences",
            "recordings": f"/api/sessions/{session_id}/recordings",
        },
    }


@router.get("/play/{session_id}", response_class=HTMLResponse)
def play(session_id: int, request: Request) -> HTMLResponse:
    """Play a started session: check-in, guided steps, Stop & ground, check-in, preferences."""
    with person_transaction(request) as (session, person):
        practice = get_session(session, person.id, session_id)
        stored = get_plan(session, person.id, practice.plan_id) if practice else None
        if practice is None or stored is None:
            raise HTTPException(404, detail=f"no session with id {session_id}")
        settings = get_settings(session, person.id)
        data = player_data(
            practice.id,
            stored.plan,
            {"voice": settings.voice, "voice_rate": settings.voice_rate, "chime": settings.chime},
            support_text(session, person),
        )
        return render(
            request,
            session,
            person,
            "player.html",
            active="",
            data=data,
            finished=practice.finished_at is not None,
        )
