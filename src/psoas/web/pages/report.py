"""The progress report: a printable summary to bring to a therapist."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from psoas.measures.change import describe_change
from psoas.measures.instrument import Instrument
from psoas.practice.step_log import noted, read_log
from psoas.store.practice_log import list_practices, period_figures, practice_records
from psoas.store.questionnaires import list_results
from psoas.web.chart import ratings_chart, trend_chart
from psoas.web.local_time import local, person_zone
from psoas.web.pages.common import render
from psoas.web.pages.history import chart_labels, rating_points
from psoas.web.pages.questionnaires import instruments_of, shades
from psoas.web.person_scope import LocalPerson, Transaction

router = APIRouter()
DEFAULT_WEEKS = 8
# Sessions the report's table and chart show, the newest of the period; the figures count them all.
SHOWN_SESSIONS = 100


def _day(request: Request, name: str, problems: list[str]) -> date | None:
    """The day given as `name`, None when not given; a day that is not one is named in problems."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{text[:20]!r} is not a date (expected YEAR-MONTH-DAY); it was left out.")
        return None


def _period(request: Request, zone: ZoneInfo) -> tuple[date, date, list[str]]:
    """The first and last day to report on, and what was wrong with the days asked for."""
    problems: list[str] = []
    given_start, given_end = _day(request, "from", problems), _day(request, "to", problems)
    end = given_end or datetime.now(zone).date()
    # Without a start, the weeks before the end: counted back from the end asked for, not from today.
    start = given_start or end - timedelta(weeks=DEFAULT_WEEKS)
    return (start, end, problems) if start <= end else (end, start, problems)


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """The moment a day begins on the person's clock."""
    return datetime.combine(day, time(0), tzinfo=zone)


def _flag_lines(instrument: Instrument, answers: list[int | None], flags: list[str]) -> list[str]:
    """Each raised flag as the item asked and the answer given, in the instrument's own words."""
    labels = {o.value: o.label for o in instrument.options}
    lines = []
    for item in instrument.items:
        if not item.flag or item.flag not in flags:
            continue
        answer = answers[item.number - 1]
        given = labels.get(answer, str(answer)) if answer is not None else "not answered"
        lines.append(f"item {item.number}, \u201c{item.text}\u201d, was answered \u201c{given}\u201d")
    return lines


@router.get("/report", response_class=HTMLResponse)
def report(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Sessions, before/after ratings and questionnaire trends over a period, good on paper."""
    zone = person_zone(request)
    start, end, problems = _period(request, zone)
    since, until = _day_start(start, zone), _day_start(end + timedelta(days=1), zone)
    # Every session of the period counts in the figures, counted in the database; the table and
    # chart show the newest, so that a report over years stays a report and costs what one does.
    figures = period_figures(session, person.id, since, until)
    newest = list_practices(session, person.id, SHOWN_SESSIONS, since=since, until=until)
    shown = practice_records(session, person.id, newest)
    shown.reverse()
    notes = {r["id"]: noted(read_log(r["step_log"])) if r["step_log"] else [] for r in shown}
    everything = figures.sessions + figures.checked_in_only
    title = "Distress before and after each session"
    if len(shown) < everything:
        title += f", the last {len(shown)} of the period"
    distress_points = rating_points(shown, "distress", chart_labels(shown, zone))
    distress = ratings_chart(distress_points, title) if shown else ""
    trends = []
    for instrument in instruments_of(request).values():
        rows = [r for r in list_results(session, person.id, instrument.id, since) if r.taken_at < until]
        if not rows:
            continue
        points = [(local(r.taken_at, zone).strftime("%d %b"), r.total) for r in rows]
        title = f"{instrument.short_name} totals"
        chart = trend_chart(points, shades(instrument), instrument.max_total, title)
        change = describe_change(instrument, rows[0].total, rows[-1].total) if len(rows) > 1 else None
        # Thoughts of self-harm told in a questionnaire are in the report, with their date: a
        # clinician reading it must not miss what the person said.
        flagged = [(r, _flag_lines(instrument, r.answers, r.flags)) for r in rows if r.flags]
        trends.append(
            {"instrument": instrument, "rows": rows, "chart": chart, "change": change, "flagged": flagged}
        )
    return render(
        request,
        session,
        person,
        "report.html",
        active="/history",  # the report is reached from History
        start=start,
        end=end,
        problems=problems,
        records_count=everything,
        shown=shown,
        notes=notes,
        averages=figures.averages,
        paired=figures.paired,
        distress=distress,
        trends=trends,
        completed=figures.completed,
        checked_in_only=figures.checked_in_only,
        grounded=figures.grounded,
        sessions=figures.sessions,
        minutes=round(figures.planned_seconds / 60),
        # Sessions not yet ended count for nothing, hence "at least".
        reached=round(figures.practised_seconds / 60),
    )
