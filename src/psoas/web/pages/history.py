"""History: every session with its ratings, charts of before and after, and a page per session."""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from psoas.practice.session_plan import plan_steps
from psoas.store.models import Person
from psoas.store.practice_log import count_practices, get_plan, get_practice, practice_records, summary_page
from psoas.store.recordings import list_recordings
from psoas.web.chart import Point, frame, ratings_chart
from psoas.web.local_time import day_month, hours_minutes, local, person_zone
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction
from psoas.web.recording_upload import MAX_UPLOAD_BYTES
from psoas.web.session_words import how_it_ended, minutes_reached

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
    return labels_at([local(r["started_at"], zone) for r in records])


def labels_at(starts: list[datetime]) -> list[str]:
    """`chart_labels` for sessions that started at these moments, on the person's clock."""
    days = [day_month(start) for start in starts]
    per_day = Counter(days)
    labels = [
        f"{day} {hours_minutes(start)}" if per_day[day] > 1 else day
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


def _charts(records: list[dict], starts: list[datetime]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """The ratings charts of these records or summaries, oldest first, of the sessions with a
    check-in."""
    checked_in = [
        (record, start)
        for record, start in zip(reversed(records), reversed(starts), strict=True)
        if record["checkins"]["before"] or record["checkins"]["after"]
    ]
    if not checked_in:
        return []
    chronological = [record for record, _ in checked_in]
    labels = labels_at([start for _, start in checked_in])
    shared = frame(labels)
    charts = []
    for field, title in CHARTED:
        points = rating_points(chronological, field, labels)
        charts.append((title, ratings_chart(points, f"{title} before and after each session", shared)))
    return charts


def _rows(records: list[dict], starts: list[datetime], this_year: int) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    """The sessions table's cells, worked out here rather than in the template: for a page of 50
    sessions, the template's lookups and filters cost more than the rest of the page."""
    return [
        (
            record["id"],
            day_month(start) if start.year == this_year else f"{day_month(start)} {start.year}",
            hours_minutes(start),
            minutes_reached(record),
            how_it_ended(record),
            _before_after(record, "tension"),
            _before_after(record, "distress"),
        )
        for record, start in zip(records, starts, strict=True)
    ]


NONE = "\N{EN DASH}"  # a rating not given


def _before_after(record: dict, rating: str) -> str:  # type: ignore[type-arg]
    """'3 → 1': the rating before and after, each a dash where that check-in was not made."""
    before, after = record["checkins"]["before"], record["checkins"]["after"]
    return f"{before[rating] if before else NONE} → {after[rating] if after else NONE}"


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request, session: Transaction, person: LocalPerson, after: int | None = None
) -> Response:
    """Sessions, newest first, a page at a time (`after` the last of the page before), with charts
    of the ratings over the page's sessions."""
    # A page address kept from before a session was deleted starts again from the newest.
    paged = summary_page(session, person.id, SHOWN, after)
    first_page = after is None or paged is None
    if paged is None:  # only with an `after` that names no session: the newest page then
        paged = summary_page(session, person.id, SHOWN, None)
    summaries, more = paged or ([], False)
    zone = person_zone(request)
    starts = [local(summary["started_at"], zone) for summary in summaries]
    # This year's dates leave the year out, so that a date fits a phone's column on one line.
    this_year = datetime.now(zone).year
    return render(
        request,
        session,
        person,
        "history.html",
        active="/history",
        rows=_rows(summaries, starts, this_year),
        charts=_charts(summaries, starts),
        total=count_practices(session, person.id),
        older=summaries[-1]["id"] if more else None,
        first_page=first_page,
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
