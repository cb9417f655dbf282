"""What every page needs: the person's transaction, their theme, and rendering."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from psoas.store.models import Person
from psoas.store.profile import get_settings
from psoas.web.local_time import person_zone
from psoas.web.templating import templates


def default_support(request: Request) -> str:
    """The support resources this server shows to everyone who has not set their own."""
    return str(request.app.state.support_text)


def support_text(request: Request, session: Session, person: Person) -> str:
    """The person's support resources, or the server's default."""
    return get_settings(session, person.id).support_text.strip() or default_support(request)


def render(
    request: Request, session: Session, person: Person, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page with the person's theme, time zone and the navigation state."""
    settings = get_settings(session, person.id)
    return templates.TemplateResponse(
        request,
        template,
        {"theme": settings.theme, "settings": settings, "zone": person_zone(request), **context},
        status_code=status_code,
    )
