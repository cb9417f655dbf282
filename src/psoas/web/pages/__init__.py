"""Server-rendered pages, one module per page or small group of pages."""

from fastapi import APIRouter

from psoas.web.pages import (
    history,
    home,
    intake,
    planning,
    player,
    questionnaires,
    recordings,
    report,
    settings,
)

router = APIRouter()
for module in (home, intake, planning, player, history, recordings, questionnaires, report, settings):
    router.include_router(module.router)
