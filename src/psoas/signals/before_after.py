"""The start of a session against its end: heart rate, RMSSD and breathing rate in two windows of
one recording, described in words that claim no more than one session shows. Which stretches are
the start and the end is the caller's to say (for a planned session, practice.session_plan)."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from psoas.signals.ecg_quality import assess_ecg, clean_runs
from psoas.signals.hrv import hrv_of_stretches
from psoas.signals.recording import Floats, Intervals, Motion, Recording, SignalError, Waveform
from psoas.signals.rpeaks import detect_rpeaks

Window = tuple[float, float]  # seconds from the start of the session
FIGURES = ("mean_hr_bpm", "rmssd_ms", "rate_bpm")
CAVEAT = (
    "One session's change can come from lying down, breathing, the time of day or the sensor as much "
    "as from the practice; a pattern over many sessions says more than any one of them."
)


@dataclass(frozen=True)
class WindowFigures:
    """What one stretch of the recording showed; a figure is None when `withheld` says why."""

    window: Window
    figures: dict[str, float | None]
    withheld: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BeforeAfter:
    """The start window against the end window."""

    start: WindowFigures
    end: WindowFigures
    changes: dict[str, float]
    sentences: tuple[str, ...]


def _heart(rr_ms: Floats, beat_times: Floats, stretch: NDArray[np.int64], window: Window) -> WindowFigures:
    inside = (beat_times >= window[0]) & (beat_times < window[1])
    if np.sum(inside) < 3:
        reason = "the recording has no beats in this stretch"
        return WindowFigures(window, dict.fromkeys(FIGURES[:2]), dict.fromkeys(FIGURES[:2], reason))
    result = hrv_of_stretches([rr_ms[inside & (stretch == number)] for number in np.unique(stretch[inside])])
    figures = {"mean_hr_bpm": result.mean_hr_bpm, "rmssd_ms": result.rmssd_ms}
    withheld = {name: result.withheld[name] for name in figures if name in result.withheld}
    return WindowFigures(window, figures, withheld)


def _breath(recording: Motion | Waveform, window: Window) -> WindowFigures:
    # Here, not at the top: breathing loads scipy.signal, which a heart comparison never needs.
    from psoas.signals.breathing import breathing_from_belt, breathing_from_motion

    first, last = (max(0, int(edge * recording.fs)) for edge in window)
    if isinstance(recording, Motion):
        part = recording.xyz[first:last]
        rate = breathing_from_motion(Motion(recording.fs, part)).rate_bpm if len(part) else None
    else:
        values = recording.values[first:last]
        rate = breathing_from_belt(Waveform(recording.fs, values)).rate_bpm if len(values) else None
    if rate is None:
        return WindowFigures(window, {"rate_bpm": None}, {"rate_bpm": "no steady breathing found here"})
    return WindowFigures(window, {"rate_bpm": rate})


# RR intervals (ms), the time (s) each one ends, and the clean stretch of ECG it belongs to.
Beats = tuple[Floats, Floats, NDArray[np.int64]]


def _beats(recording: Recording, kind: str) -> Beats | None:
    """The beats of a heart recording, found once for both windows; None for breathing. An ECG's
    bad stretches give none, and no interval is taken across one."""
    if kind == "rr" and isinstance(recording, Intervals):
        rr = recording.rr_ms
        return rr, np.cumsum(rr) / 1000, np.zeros(len(rr), dtype=np.int64)
    if kind == "ecg" and isinstance(recording, Waveform):
        fs = recording.fs
        peaks = detect_rpeaks(recording.values, fs)
        runs = clean_runs(peaks, assess_ecg(recording.values, fs, peaks))
        if not runs:
            return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64)
        return (
            np.concatenate([np.diff(run) / fs * 1000 for run in runs]),
            np.concatenate([run[1:] / fs for run in runs]),
            np.concatenate([np.full(len(run) - 1, number) for number, run in enumerate(runs)]),
        )
    if kind == "breathing" and isinstance(recording, Motion | Waveform):
        return None
    raise SignalError(f"a start-to-end comparison needs heart or breathing data; this is {kind}")


def first_and_last(duration_s: float, minutes: float) -> tuple[Window, Window]:
    """The first and the last `minutes` of a recording `duration_s` long, as start and end windows;
    a SignalError when the two would overlap, since then they would share beats or breaths."""
    span = minutes * 60
    if span <= 0:
        raise SignalError(f"a start-to-end window must be longer than 0 minutes, got {minutes:g}")
    if 2 * span > duration_s:
        raise SignalError(
            f"the recording is {duration_s / 60:.1f} min long; comparing its first and last {minutes:g} "
            f"min needs at least {2 * minutes:g} min"
        )
    return (0.0, span), (duration_s - span, duration_s)


def comparison_json(result: "BeforeAfter") -> dict[str, Any]:
    """The comparison as stored with a recording and printed by `psoas analyze --json`."""

    def part(figures: WindowFigures) -> dict[str, Any]:
        return {"window_s": list(figures.window), "figures": figures.figures, "withheld": figures.withheld}

    return {
        "start": part(result.start),
        "end": part(result.end),
        "changes": result.changes,
        "sentences": list(result.sentences),
    }


def _window(recording: Recording, beats: Beats | None, window: Window) -> WindowFigures:
    """Heart figures from the beats, or else the breathing rate, within a window of the recording."""
    if beats is not None:
        return _heart(*beats, window)
    assert isinstance(recording, Motion | Waveform)  # _beats let only these through without beats
    return _breath(recording, window)


_WORDS = {
    "mean_hr_bpm": ("Heart rate", "beats a minute", "lower", "higher"),
    "rmssd_ms": ("RMSSD (beat-to-beat variation)", "ms", "lower", "higher"),
    "rate_bpm": ("Breathing", "breaths a minute", "slower", "faster"),
}


def describe(name: str, before: float, after: float) -> str:
    """A plain sentence for one figure's change."""
    label, unit, down, up = _WORDS[name]
    change = after - before
    if abs(change) < 0.05 * abs(before):
        return f"{label} stayed about the same: {before:.0f} to {after:.0f} {unit}."
    direction = down if change < 0 else up
    return f"{label} went from {before:.0f} to {after:.0f} {unit}, {abs(change):.0f} {direction} at the end."


def compare(recording: Recording, kind: str, start: Window, end: Window) -> BeforeAfter:
    """The figures in the `start` window against those in the `end` window (seconds of the recording)."""
    beats = _beats(recording, kind)
    first = _window(recording, beats, start)
    last = _window(recording, beats, end)
    changes: dict[str, float] = {}
    sentences: list[str] = []
    for name, before in first.figures.items():
        after = last.figures.get(name)
        if before is None or after is None:
            continue
        changes[name] = round(after - before, 2)
        sentences.append(describe(name, before, after))
    if not sentences:
        sentences.append("There was not enough usable signal at both the start and the end to compare them.")
    else:
        sentences.append(CAVEAT)
    return BeforeAfter(first, last, changes, tuple(sentences))
