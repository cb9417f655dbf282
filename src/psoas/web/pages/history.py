"""History: every session with its ratings, charts of before and after, and a page per session."""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from psoas.practice.session_plan import plan_steps
from psoas.store.models import Person
from psoas.store.practice_log import count_practices, get_plan, get_practice, practice_page, practice_records
from psoas.store.recordings import list_recordings
from psoas.web.chart import Point, ratings_chart
from psoas.web.local_time import local, person_zone
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction
from psoas.web.recording_upload import MAX_UPLOAD_BYTES

router = APIRouter()
# Sessions a page of History shows, and its charts draw; older ones are a page further, and the
# export holds every session. A page's cost stays the same however many years lie behind it.
SHOWN = 50
CHARTED = (
    ("distress", "Distress"),
    ("tension", "Tension"),
    ("pain", "Pain"),
    ("breath", "Ease of breathing"),
)


def chart_labels(records: list[dict], zone: ZoneInfo) -> list[str]:  # type: ignore[type-arg]
    """Each session record's label on a chart: its day on the person's clock (with the time where
    two sessions share a day, and a count where they share the minute too, so no two labels read
    the same). Found once for a page's records, whatever number of charts share them."""
    starts = [local(r["started_at"], zone) for r in records]
    days = [start.strftime("%d %b") for start in starts]
    per_day = Counter(days)
    labels = [
        f"{day} {start.strftime('%H:%M')}" if per_day[day] > 1 else day
        for start, day in zip(starts, days, strict=True)
    ]
    counts = Counter(labels)
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            labels[index] = f"{label} ({seen[label]})"
    return labels


def rating_points(records: list[dict], field: str, labels: list[str]) -> list[Point]:  # type: ignore[type-arg]
    """One chart point per session record, labelled by `chart_labels`: the rating before and after."""
    points = []
    for r, label in zip(records, labels, strict=True):
        before, after = r["checkins"]["before"], r["checkins"]["after"]
        points.append(Point(label, before[field] if before else None, after[field] if after else None))
    return points


def _charts(records: list[dict], zone: ZoneInfo) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    chronological = [r for r in reversed(records) if r["checkins"]["before"] or r["checkins"]["after"]]
    if not chronological:
        return []
    labels = chart_labels(chronological, zone)
    charts = []
    for field, title in CHARTED:
        points = rating_points(chronological, field, labels)
        charts.append((title, ratings_chart(points, f"{title} before and after each session")))
    return charts


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request, session: Transaction, person: LocalPerson, after: int | None = None
) -> Response:
    """Sessions, newest first, a page at a time (`after` the last of the page before), with charts
    of the ratings over the page's sessions."""
    # A page address kept from before a session was deleted starts again from the newest.
    paged = practice_page(session, person.id, SHOWN, after)
    first_page = after is None or paged is None
    if paged is None:  # only with an `after` that names no session: the newest page then
        paged = practice_page(session, person.id, SHOWN, None) or ([], False)
    page, more = paged
    records = practice_records(session, person.id, page)
    zone = person_zone(request)
    return render(
        request,
        session,
        person,
        "history.html",
        active="/history",
        records=records,
        charts=_charts(records, zone),
        total=count_practices(session, person.id),
        older=records[-1]["id"] if more else None,
        first_page=first_page,
        # This year's dates leave the year out, so that a date fits a phone's column on one line.
        this_year=datetime.now(zone).year,
    )


def session_page(
    request: Request,
    session: Session,
    person: Person,
    session_id: int,
    upload_error: object | None = None,
    upload_values: dict[str, str] | None = None,
    status_code: int = 200,
    recording_deleted: bool = False,
) -> HTMLResponse:
    """The session page, with an upload's refusal beside the form when there was one."""
    practice = get_practice(session, person.id, session_id)
    if practice is None:
        raise HTTPException(404, detail=f"no session with id {session_id}")
    stored = get_plan(session, person.id, practice.plan_id)
    record = practice_records(session, person.id, [practice])[0]
    return render(
        request,
        session,
        person,
        "session_detail.html",
        status_code=status_code,
        active="/history",
        record=record,
        plan=stored.plan if stored else None,
        steps=plan_steps(stored.plan) if stored else [],
        recordings=list_recordings(session, person.id, session_id),
        upload_error=upload_error,
        upload_values=upload_values,
        max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        recording_deleted=recording_deleted,
    )


@router.get("/history/{session_id}", response_class=HTMLResponse)
def session_detail(
    session_id: int, request: Request, session: Transaction, person: LocalPerson, deleted: str = ""
) -> HTMLResponse:
    """One session: how it went, its check-ins, the plan it followed and its recordings; after a
    recording was deleted (`?deleted=recording`), a line that says so."""
    return session_page(request, session, person, session_id, recording_deleted=deleted == "recording")
