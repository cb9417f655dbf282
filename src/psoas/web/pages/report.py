"""The progress report: a printable summary to bring to a therapist."""

from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from psoas.measures.change import describe_change
from psoas.store.practice_log import RATINGS, list_sessions, session_records
from psoas.store.questionnaires import list_results
from psoas.web.chart import Point, Shade, ratings_chart, trend_chart
from psoas.web.local_time import local, person_zone
from psoas.web.pages.common import render
from psoas.web.pages.questionnaires import instruments_of
from psoas.web.person_scope import person_transaction

router = APIRouter()
DEFAULT_WEEKS = 8


def _period(request: Request, zone: ZoneInfo) -> tuple[date, date]:
    today = datetime.now(zone).date()
    try:
        start = date.fromisoformat(request.query_params.get("from", ""))
    except ValueError:
        start = today - timedelta(weeks=DEFAULT_WEEKS)
    try:
        end = date.fromisoformat(request.query_params.get("to", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


def _average(records: list[dict[str, Any]], moment: str, field: str) -> float | None:
    values = [r["checkins"][moment][field] for r in records if r["checkins"][moment]]
    return round(mean(values), 1) if values else None


@router.get("/report", response_class=HTMLResponse)
def report(request: Request) -> HTMLResponse:
    """Sessions, before/after ratings and questionnaire trends over a period, good on paper."""
    zone = person_zone(request)
    start, end = _period(request, zone)
    with person_transaction(request) as (session, person):
        records = [
            r
            for r in session_records(session, person.id, list_sessions(session, person.id))
            if start <= local(r["started_at"], zone).date() <= end
        ]
        records.reverse()
        averages = {f: (_average(records, "before", f), _average(records, "after", f)) for f in RATINGS}
        distress = (
            ratings_chart(
                [
                    Point(
                        local(r["started_at"], zone).strftime("%m-%d"),
                        r["checkins"]["before"]["distress"] if r["checkins"]["before"] else None,
                        r["checkins"]["after"]["distress"] if r["checkins"]["after"] else None,
                    )
                    for r in records
                ],
                "Distress before and after each session",
            )
            if records
            else ""
        )
        trends = []
        for instrument in instruments_of(request).values():
            rows = [
                r
                for r in list_results(session, person.id, instrument.id)
                if start <= local(r.taken_at, zone).date() <= end
            ]
            if not rows:
                continue
            points = [(local(r.taken_at, zone).strftime("%d %b"), r.total) for r in rows]
            shades = [Shade(b.min, b.max, b.label) for b in instrument.bands]
            chart = trend_chart(points, shades, instrument.max_total, f"{instrument.short_name} totals")
            change = describe_change(instrument, rows[0].total, rows[-1].total) if len(rows) > 1 else None
            trends.append({"instrument": instrument, "rows": rows, "chart": chart, "change": change})
        return render(
            request,
            session,
            person,
            "report.html",
            active="/history",  # the report is reached from History,
            start=start,
            end=end,
            records=records,
            averages=averages,
            distress=distress,
            trends=trends,
            completed=sum(1 for r in records if r["completed"]),
            grounded=sum(1 for r in records if r["grounded"]),
            minutes=round(sum(r["planned_seconds"] for r in records) / 60),
            # Sessions not yet ended count for nothing, hence "at least".
            reached=round(sum(r["reached_seconds"] or 0 for r in records) / 60),
        )
