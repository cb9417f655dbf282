"""Recordings attached to a session: the upload form's answer and the results page with its plots."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from psoas.store.models import SensorRecording
from psoas.store.recordings import get_recording
from psoas.web.pages.common import render
from psoas.web.pages.history import session_page
from psoas.web.person_scope import LocalPerson, Transaction, person_transaction
from psoas.web.recording_upload import UploadProblem, receive_upload
from psoas.web.signal_charts import Span, bar_chart, line_chart, pair_chart

router = APIRouter()


@router.post("/history/{session_id}/recordings", response_class=HTMLResponse)
async def upload_recording(session_id: int, request: Request) -> Response:
    """Attach a recording to a session; a refused file re-renders the session page with the reason."""
    values: dict[str, str] = {}
    try:
        recording_id = await receive_upload(request, session_id, values)
    except UploadProblem as problem:
        return await run_in_threadpool(_session_with_error, request, session_id, problem, values)
    return RedirectResponse(f"/history/{session_id}/recordings/{recording_id}", status_code=303)


def _session_with_error(
    request: Request, session_id: int, problem: UploadProblem, values: dict[str, str]
) -> HTMLResponse:
    with person_transaction(request) as (session, person):
        return session_page(
            request,
            session,
            person,
            session_id,
            upload_error=problem,
            upload_values=values,
            status_code=problem.status,
        )


def _tremor_charts(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    minutes = analysis["duration_s"] / 60
    spans = tuple(Span(e["start_s"] / 60, e["end_s"] / 60, "episode") for e in analysis["episodes"]) + tuple(
        Span(s["start_s"] / 60, s["end_s"] / 60, "movement") for s in analysis["movement"]
    )
    timeline = line_chart(
        [(0, None), (minutes, None)],
        "Tremor over the recording",
        f"{len(analysis['episodes'])} tremor episodes shaded, movement in a second colour, "
        f"over {minutes:.0f} minutes",
        "minutes",
        "",
        spans,
    )
    per_minute = bar_chart(
        [m["tremor_s"] for m in analysis["timeline"]],
        "Seconds of tremor in each minute",
        ", ".join(f"minute {m['minute']}: {m['tremor_s']:.0f} s" for m in analysis["timeline"][:30]),
        "minute",
        "s",
        60,
    )
    charts = [("Tremor and movement", timeline), ("Tremor in each minute", per_minute)]
    spectrum = analysis.get("spectrum", {})
    if spectrum and any(spectrum["power"]):
        points = list(zip(spectrum["frequency_hz"], spectrum["power"], strict=True))
        charts.append(
            (
                "Spectrum while tremoring",
                line_chart(
                    points,
                    "Spectrum of the tremor",
                    f"power by frequency; the peak is at {analysis['dominant_frequency_hz']} Hz",
                    "Hz",
                    "power",
                ),
            )
        )
    return charts


def _breathing_charts(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    points = [(p["time_s"] / 60, p["rate_bpm"]) for p in analysis["timeline"]]
    rates = [r for _, r in points if r is not None]
    description = (
        f"breathing rate from {min(rates):.0f} to {max(rates):.0f} breaths a minute" if rates else "no rate"
    )
    chart = line_chart(points, "Breathing rate over the recording", description, "minutes", "breaths/min")
    return [("Breathing rate", chart)]


def _heart_charts(series: dict[str, Any]) -> list[tuple[str, str]]:
    rr = series.get("rr_ms", [])
    measured = [interval for interval in rr if interval is not None]
    if not measured:
        return []
    if "rr_end_s" in series:  # from an ECG: None where a stretch was left out, which breaks the line
        times = [end / 60 for end in series["rr_end_s"]]
    else:
        times, clock = [], 0.0
        for interval in rr:
            clock += interval / 60_000
            times.append(clock)
    step = max(1, len(rr) // 1500)  # enough points for the eye, few enough for a phone
    # Thinning keeps every None, so that no break in the line is stepped over.
    points: list[tuple[float, float | None]] = [
        (times[i], rr[i]) for i in range(len(rr)) if i % step == 0 or rr[i] is None
    ]
    low, high = min(measured), max(measured)
    description = f"{len(measured)} beat-to-beat intervals between {low:.0f} and {high:.0f} ms"
    return [("RR intervals", line_chart(points, "RR tachogram", description, "minutes", "ms"))]


def recording_charts(row: SensorRecording) -> list[tuple[str, str]]:
    """The plots for one recording, each with a heading."""
    if row.kind == "tremor":
        return _tremor_charts(row.analysis)
    if row.kind == "breathing":
        return _breathing_charts(row.analysis)
    return _heart_charts(row.series)


COMPARED = {
    "mean_hr_bpm": ("Heart rate", "beats a minute"),
    "rmssd_ms": ("RMSSD", "ms"),
    "rate_bpm": ("Breathing", "breaths a minute"),
}


def comparison_charts(comparison: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A start-and-end pair of bars for each figure both ends of the session have."""
    if not comparison:
        return []
    start, end = comparison["start"]["figures"], comparison["end"]["figures"]
    return [
        (title, pair_chart(title, unit, start[name], end[name]))
        for name, (title, unit) in COMPARED.items()
        if start.get(name) is not None and end.get(name) is not None
    ]


@router.get("/history/{session_id}/recordings/{recording_id}", response_class=HTMLResponse)
def recording_page(
    session_id: int, recording_id: int, request: Request, session: Transaction, person: LocalPerson
) -> HTMLResponse:
    """What one recording showed, with plots and, where possible, the session's start against its end."""
    row = get_recording(session, person.id, recording_id)
    if row is None or row.session_id != session_id:
        raise HTTPException(404, detail=f"no recording with id {recording_id} in session {session_id}")
    return render(
        request,
        session,
        person,
        "recording.html",
        active="/history",
        row=row,
        analysis=row.analysis,
        charts=recording_charts(row),
        pairs=comparison_charts(row.comparison),
    )
