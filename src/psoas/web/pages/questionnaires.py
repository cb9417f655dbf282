"""Questionnaires: what is due, filling one in, and the result with its meaning, change and trend."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from psoas.measures.change import describe_change
from psoas.measures.instrument import Instrument
from psoas.measures.scoring import ScoringError, score
from psoas.store.models import Person, QuestionnaireResult
from psoas.store.profile import get_intake, get_settings
from psoas.store.questionnaires import list_results, save_result
from psoas.store.utc_time import as_utc
from psoas.web.chart import Shade, trend_chart
from psoas.web.local_time import local, person_zone
from psoas.web.pages.common import render, support_text
from psoas.web.person_scope import LocalPerson, Transaction, person_transaction

router = APIRouter()
# The intake answers that already bring the precautions for heavy trauma.
TRAUMA_ANSWERS = frozenset({"severe-ptsd", "complex-trauma", "dissociation"})


def instruments_of(request: Request) -> Mapping[str, Instrument]:
    """The instruments this server gives."""
    found: Mapping[str, Instrument] = request.app.state.instruments
    return found


def _instrument(request: Request, instrument_id: str) -> Instrument:
    instrument = instruments_of(request).get(instrument_id)
    if instrument is None:
        raise HTTPException(404, detail=f"no instrument {instrument_id!r}")
    return instrument


def due_instruments(
    session: Session, person: Person, instruments: Mapping[str, Instrument]
) -> list[Instrument]:
    """Instruments never taken, or last taken longer ago than the person's schedule."""
    every = timedelta(days=get_settings(session, person.id).questionnaire_days)
    latest: dict[str, datetime] = {}
    for row in list_results(session, person.id):
        latest[row.instrument] = as_utc(row.taken_at)
    now = datetime.now(UTC)
    return [i for i in instruments.values() if i.id not in latest or now - latest[i.id] >= every]


@router.get("/questionnaires", response_class=HTMLResponse)
def questionnaires(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Every questionnaire, with when it was last filled in and whether it is due."""
    found = instruments_of(request)
    last = {row.instrument: row for row in list_results(session, person.id)}
    due = {i.id for i in due_instruments(session, person, found)}
    return render(
        request,
        session,
        person,
        "questionnaires.html",
        active="/questionnaires",
        instruments=list(found.values()),
        last=last,
        due=due,
    )


@router.get("/questionnaires/{instrument_id}", response_class=HTMLResponse)
def questionnaire_form(
    instrument_id: str, request: Request, session: Transaction, person: LocalPerson
) -> HTMLResponse:
    """The questionnaire: all items on a wide screen, one at a time on a phone."""
    instrument = _instrument(request, instrument_id)
    return render(
        request,
        session,
        person,
        "questionnaire.html",
        active="/questionnaires",
        instrument=instrument,
        answers={},
        error=None,
        support=support_text(request, session, person),
    )


# ASCII digits only: str.isdigit() also takes '²', which int() then refuses.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,4}")


@router.post("/questionnaires/{instrument_id}", response_model=None)
async def submit_questionnaire(instrument_id: str, request: Request) -> Response:
    """Score and save the answers, or show the form again saying what is missing; nothing half-saved."""
    instrument = _instrument(request, instrument_id)
    form = await request.form()
    return await run_in_threadpool(_submit_questionnaire, request, form, instrument)


def _read_answers(form: FormData, instrument: Instrument) -> tuple[list[int | None], str | None]:
    """The answers sent, None where missing, and what is wrong with any that are not whole numbers."""
    answers: list[int | None] = []
    unreadable: list[str] = []
    for item in instrument.items:
        value = str(form.get(f"item-{item.number}", "")).strip()
        if WHOLE_NUMBER.fullmatch(value):
            answers.append(int(value))
            continue
        answers.append(None)
        if value:
            unreadable.append(f"item {item.number} ({value[:20]!r})")
    if not unreadable:
        return answers, None
    return answers, f"{', '.join(unreadable)}: not one of the answers offered; choose one of them."


def _unanswered(instrument: Instrument, answers: list[int | None]) -> tuple[str | None, int | None]:
    """What a person reads when questions are left blank, and the first of them; None when the
    instrument can be scored as it is (its published rule allows that many gaps)."""
    missing = [item.number for item, answer in zip(instrument.items, answers, strict=True) if answer is None]
    if len(missing) <= instrument.prorate_missing:
        return None, None
    count = len(instrument.items)
    if len(missing) == count:
        said = f"None of the {count} questions has an answer yet."
    elif len(missing) == 1:
        said = f"Question {missing[0]} has no answer yet."
    else:
        said = f"Questions {', '.join(map(str, missing[:-1]))} and {missing[-1]} have no answer yet."
    rule = (
        "gives a score only when every question is answered"
        if instrument.prorate_missing == 0
        else f"can leave out at most {instrument.prorate_missing}"
    )
    return f"{said} {instrument.short_name} {rule}: choose one answer for each.", missing[0]


def _submit_questionnaire(request: Request, form: FormData, instrument: Instrument) -> Response:
    answers, unreadable = _read_answers(form, instrument)
    blank, first_blank = _unanswered(instrument, answers)
    with person_transaction(request) as (session, person):
        try:
            if unreadable:
                raise ScoringError(unreadable)
            if blank:
                raise ScoringError(blank)
            result = score(instrument, answers)
        except ScoringError as error:
            return render(
                request,
                session,
                person,
                "questionnaire.html",
                status_code=422,
                active="/questionnaires",
                instrument=instrument,
                answers=dict(enumerate(answers, start=1)),
                error=str(error),
                first_blank=first_blank,
                support=support_text(request, session, person),
            )
        row = save_result(session, person.id, result)
        return RedirectResponse(f"/questionnaires/{instrument.id}/results/{row.id}", status_code=303)


def _trend(instrument: Instrument, rows: list[QuestionnaireResult], zone: ZoneInfo) -> str:
    points = [(local(r.taken_at, zone).strftime("%d %b"), r.total) for r in rows]
    title = f"{instrument.short_name} totals over time"
    return trend_chart(points, shades(instrument), instrument.max_total, title)


def shades(instrument: Instrument) -> list[Shade]:
    """What a trend chart shades behind the totals: the severity bands, or for PCL-5, which has
    none, the two sides of its cut-point."""
    if instrument.pcl5 is None:
        return [Shade(b.min, b.max, b.label) for b in instrument.bands]
    cut = instrument.pcl5.cutpoint_default
    return [
        Shade(instrument.min_total, cut - 1, f"below the cut-point of {cut}"),
        Shade(cut, instrument.max_total, "at or above it"),
    ]


@router.get("/questionnaires/{instrument_id}/results/{result_id}", response_class=HTMLResponse)
def questionnaire_result(
    instrument_id: str, result_id: int, request: Request, session: Transaction, person: LocalPerson
) -> HTMLResponse:
    """A result: the score, what it means and does not mean, change since last time, the trend."""
    instrument = _instrument(request, instrument_id)
    rows = list_results(session, person.id, instrument.id)
    position = next((i for i, r in enumerate(rows) if r.id == result_id), None)
    if position is None:
        raise HTTPException(404, detail=f"no {instrument.short_name} result with id {result_id}")
    row = rows[position]
    change = describe_change(instrument, rows[position - 1].total, row.total) if position else None
    intake = get_intake(session, person.id)
    screened = set(intake.conditions) if intake else set()
    # A PCL-5 at or above its cut-point suggests the intake's trauma answers; it never sets them.
    suggest_precautions = bool(row.score.get("provisional_by_cutpoint")) and not screened & TRAUMA_ANSWERS
    return render(
        request,
        session,
        person,
        "questionnaire_result.html",
        active="/questionnaires",
        instrument=instrument,
        row=row,
        change=change,
        trend=_trend(instrument, rows[: position + 1], person_zone(request)),
        support=support_text(request, session, person),
        suggest_precautions=suggest_precautions,
    )
