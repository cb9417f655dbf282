"""Recordings attached to a session: the upload form's answer and the results page with its plots."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from psoas.signals.hrv_meaning import CAVEAT, LEAST_FOR_RANGE, MEANINGS, MOST_FOR_RANGE, usual_range
from psoas.signals.registry import KINDS
from psoas.store.models import Person, SensorRecording
from psoas.store.recordings import delete_recording, earlier_rmssd, get_recording
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


def _tremor_charts(analysis: dict[str, Any], series: dict[str, Any]) -> list[tuple[str, str]]:
    charts = [("Tremor and movement", _tremor_timeline(analysis))]
    per_minute = bar_chart(
        [m["tremor_s"] for m in analysis["timeline"]],
        "Seconds of tremor in each minute",
        ", ".join(f"minute {m['minute']}: {m['tremor_s']:.0f} s" for m in analysis["timeline"][:30]),
        "minute",
        "s",
        60,
    )
    charts.append(("Tremor in each minute", per_minute))
    spectrum = analysis.get("spectrum", {})
    if spectrum and any(spectrum["power"]):
        charts.append(("Spectrum while tremoring", _spectrum(analysis, spectrum)))
    return charts


def _tremor_timeline(analysis: dict[str, Any]) -> str:
    """Each episode a block as high as its strength (so the y axis says something), movement shaded
    the full height in a second colour."""
    minutes = analysis["duration_s"] / 60
    episodes, movement = analysis["episodes"], analysis["movement"]
    spans = tuple(Span(s["start_s"] / 60, s["end_s"] / 60, "movement") for s in movement) + tuple(
        Span(e["start_s"] / 60, e["end_s"] / 60, "episode", e["rms"]) for e in episodes
    )
    strongest = max((e["rms"] for e in episodes), default=0.0)
    legend = (("tremor", "episode"),) + ((("movement", "movement"),) if movement else ())
    return line_chart(
        [(0, None), (minutes, None)],
        "Tremor over the recording",
        f"{len(episodes)} tremor episodes, each drawn as high as its strength (RMS, m/s²), "
        f"movement in a second colour, over {minutes:.0f} minutes",
        "minutes",
        "strength, m/s² RMS" if episodes else "",  # without episodes the y axis holds nothing
        spans,
        y_range=(0.0, strongest * 1.1 or 1.0),
        legend=legend,
    )


def _spectrum(analysis: dict[str, Any], spectrum: dict[str, Any]) -> str:
    frequencies = spectrum["frequency_hz"]
    step = frequencies[1] - frequencies[0] if len(frequencies) > 1 else 0.0
    # Power of acceleration in each frequency bin, summed over x, y and z (see docs/signals.md).
    unit = f"power, m²/s⁴ per {step:g} Hz" if step > 0 else "power, m²/s⁴"
    return line_chart(
        list(zip(frequencies, spectrum["power"], strict=True)),
        "Spectrum of the tremor",
        f"power by frequency ({unit}); the peak is at {analysis['dominant_frequency_hz']} Hz",
        "Hz",
        unit,
    )


def _breathing_charts(analysis: dict[str, Any], series: dict[str, Any]) -> list[tuple[str, str]]:
    points = [(p["time_s"] / 60, p["rate_bpm"]) for p in analysis["timeline"]]
    rates = [r for _, r in points if r is not None]
    description = (
        f"breathing rate from {min(rates):.0f} to {max(rates):.0f} breaths a minute" if rates else "no rate"
    )
    chart = line_chart(points, "Breathing rate over the recording", description, "minutes", "breaths/min")
    return [("Breathing rate", chart)]


def _heart_charts(analysis: dict[str, Any], series: dict[str, Any]) -> list[tuple[str, str]]:
    rr = series.get("rr_ms", [])
    measured = [interval for interval in rr if interval is not None]
    if not measured:
        return []
    if "rr_end_s" in series:  # None in rr_ms where an ECG's stretch was left out breaks the line
        times = [end / 60 for end in series["rr_end_s"]]
    else:  # an RR file stored before its series held the times
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


# Each family of plots a kind names in the signals registry, drawn as SVG.
CHARTS = {"tremor": _tremor_charts, "breathing": _breathing_charts, "heart": _heart_charts}


def recording_charts(row: SensorRecording) -> list[tuple[str, str]]:
    """The plots for one recording, each with a heading: those of its kind's family of plots."""
    return CHARTS[KINDS[row.kind].plots](row.analysis, row.series)


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
    return _recording_page(request, session, person, session_id, recording_id)


def _recording_page(
    request: Request,
    session: Session,
    person: Person,
    session_id: int,
    recording_id: int,
    delete_error: str = "",
) -> HTMLResponse:
    row = get_recording(session, person.id, recording_id)
    if row is None or row.session_id != session_id:
        raise HTTPException(404, detail=f"no recording with id {recording_id} in session {session_id}")
    today = row.analysis.get("rmssd_ms")
    usual = None
    if today is not None:
        usual = usual_range(today, earlier_rmssd(session, person.id, row, MOST_FOR_RANGE))
    return render(
        request,
        session,
        person,
        "recording.html",
        active="/history",
        row=row,
        analysis=row.analysis,
        meanings=MEANINGS,
        usual=usual,
        usual_caveat=CAVEAT,
        least_for_range=LEAST_FOR_RANGE,
        charts=recording_charts(row),
        pairs=comparison_charts(row.comparison),
        delete_error=delete_error,
        status_code=422 if delete_error else 200,
    )


@router.post("/history/{session_id}/recordings/{recording_id}/delete", response_class=HTMLResponse)
async def delete_recording_form(session_id: int, recording_id: int, request: Request) -> Response:
    """Delete a recording once the person has ticked the confirmation; back to its session."""
    form = await request.form()
    confirmed = form.get("confirm") == "yes"
    return await run_in_threadpool(_delete, request, session_id, recording_id, confirmed)


def _delete(request: Request, session_id: int, recording_id: int, confirmed: bool) -> Response:
    with person_transaction(request) as (session, person):
        row = get_recording(session, person.id, recording_id)
        if row is None or row.session_id != session_id:
            raise HTTPException(404, detail=f"no recording with id {recording_id} in session {session_id}")
        if not confirmed:
            message = "Tick “Yes, delete this recording” to delete it; nothing was deleted."
            return _recording_page(request, session, person, session_id, recording_id, message)
        delete_recording(session, person.id, recording_id)
    return RedirectResponse(f"/history/{session_id}?deleted=recording", status_code=303)
