"""Server-rendered pages, one module per page or small group of pages."""

from fastapi import APIRouter

from psoas.web.pages import (
    care,
    history,
    home,
    intake,
    library,
    planning,
    player,
    program,
    questionnaires,
    recordings,
    report,
    settings,
    sharing,
)

router = APIRouter()
for module in (
    home,
    intake,
    planning,
    program,
    player,
    history,
    recordings,
    questionnaires,
    report,
    settings,
    library,
    care,
    sharing,
):
    router.include_router(module.router)
