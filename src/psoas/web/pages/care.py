"""Care beyond the mat: who else can help, when, and what is known."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from psoas.practice.care import care_guide
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction

router = APIRouter()


@router.get("/care", response_class=HTMLResponse)
def care_page(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Practitioners who help with a tight psoas and held stress, and the everyday around it."""
    return render(request, session, person, "care.html", active="/library", guide=care_guide())
