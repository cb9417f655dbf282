"""Server-rendered pages, one module per page or small group of pages."""

from fastapi import APIRouter

from psoas.web.pages import history, home, intake, planning, player, questionnaires, report, settings

router = APIRouter()
for module in (home, intake, planning, player, history, questionnaires, report, settings):
    router.include_router(module.router)
