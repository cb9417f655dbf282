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
    room,
    seat,
    settings,
    sharing,
    workshop_console,
    workshops,
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
    room,
    seat,
    workshops,
    workshop_console,
    sharing,
):
    router.include_router(module.router)
