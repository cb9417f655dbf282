"""The kinds of recording psoas analyses, each described once: what it is called, what a reader must
hand it, its analysis, its headline figures, the series its plots draw and whether its start can be
compared with its end. The command line and the web read from here instead of each branching on
the kind; adding a kind is adding an entry (see docs/ARCHITECTURE.md).

Each analysis imports its own module when it runs, not when this one loads: tremor and breathing
need scipy.signal, which takes most of a second to import, and an ECG or an RR file need none of it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psoas.signals.recording import Intervals, Motion, Recording, SignalError, Waveform

Step = Callable[[str], None]
Result = dict[str, Any]
Series = dict[str, list[float | None]]


@dataclass(frozen=True)
class RecordingKind:
    """One kind of recording and everything the faces need to know about it."""

    name: str
    label: str  # for people choosing the kind of a file
    title: str  # for people reading its results: a page's heading
    shapes: tuple[type, ...]  # what a reader must hand the analysis (Motion, Waveform, Intervals)
    needs: str  # what the analysis needs, said when the recording has another shape
    min_fs: float | None  # the slowest sampling the analysis works with; None for intervals
    figures: tuple[str, ...]  # headline figures: all missing means nothing could be measured
    other_kind: str | None  # what else the file may be when a guessed kind finds nothing
    analyse: Callable[[Recording, Step], Result]
    series: Callable[[Recording, Result], Series]  # what the plots draw beyond the result itself
    plots: str  # the family of plots the faces draw: 'tremor', 'breathing' or 'heart'
    compares: bool  # whether its start and end can be compared (heart rate, RMSSD, breathing rate)

    def checked(self, recording: Recording) -> Recording:
        """The recording, or a SignalError saying what this analysis needs."""
        if not isinstance(recording, self.shapes):
            raise SignalError(self.needs)
        return recording


def _tremor(recording: Recording, step: Step) -> Result:
    from psoas.signals.analysis import tremor_json
    from psoas.signals.tremor import analyse_tremor

    step("Finding tremor and movement")
    assert isinstance(recording, Motion)  # checked() let only motion through
    return tremor_json(analyse_tremor(recording))


def _breathing(recording: Recording, step: Step) -> Result:
    from psoas.signals.analysis import breathing_json
    from psoas.signals.breathing import breathing_from_belt, breathing_from_motion

    step("Measuring the breathing rate")
    if isinstance(recording, Motion):
        return breathing_json(breathing_from_motion(recording))
    assert isinstance(recording, Waveform)
    return breathing_json(breathing_from_belt(recording))


def _rr(recording: Recording, step: Step) -> Result:
    from psoas.signals.analysis import hrv_json
    from psoas.signals.hrv import hrv

    step("Heart-rate variability")
    assert isinstance(recording, Intervals)
    return hrv_json(hrv(recording.rr_ms))


def _ecg(recording: Recording, step: Step) -> Result:
    from psoas.signals.analysis import ecg_result

    assert isinstance(recording, Waveform)
    return ecg_result(recording, step)


def _no_series(recording: Recording, result: Result) -> Series:
    return {}


def _rr_series(recording: Recording, result: Result) -> Series:
    """The intervals as recorded and the time each one ends, in seconds from the start."""
    assert isinstance(recording, Intervals)
    rr, clock, ends = [], 0.0, []
    for interval in recording.rr_ms.tolist():
        clock += interval / 1000
        rr.append(round(interval, 1))
        ends.append(round(clock, 3))
    return {"rr_ms": rr, "rr_end_s": ends}


def _ecg_series(recording: Recording, result: Result) -> Series:
    from psoas.signals.ecg_quality import tachogram

    return tachogram(result["rpeaks"], float(result["fs"]), result["quality"]["left_out"])


ONE_CHANNEL = "a single-channel signal: one column of samples, or time,value"
KINDS: dict[str, RecordingKind] = {
    "tremor": RecordingKind(
        name="tremor",
        label="Tremor (phone on the thigh or knee)",
        title="Tremor",
        shapes=(Motion,),
        needs="tremor analysis needs three acceleration columns (x, y, z)",
        min_fs=25.0,  # tremor up to 12 Hz
        figures=(),  # no tremor in a recording is a finding, not a failure
        other_kind=None,
        analyse=_tremor,
        series=_no_series,
        plots="tremor",
        compares=False,
    ),
    "breathing": RecordingKind(
        name="breathing",
        label="Breathing (phone on the belly, or a belt)",
        title="Breathing",
        shapes=(Motion, Waveform),
        needs=f"breathing analysis needs {ONE_CHANNEL}",
        min_fs=4.0,  # a breath is slow
        figures=("rate_bpm",),
        other_kind="if this is an ECG, choose the kind ecg",
        analyse=_breathing,
        series=_no_series,
        plots="breathing",
        compares=True,
    ),
    "rr": RecordingKind(
        name="rr",
        label="Heart: RR intervals",
        title="Heart-rate variability",
        shapes=(Intervals,),
        needs="an RR analysis needs a file of RR intervals, one per line",
        min_fs=None,
        figures=("mean_hr_bpm", "sdnn_ms", "rmssd_ms"),
        other_kind="if the file holds samples of an ECG or a belt rather than intervals, choose the "
        "kind ecg or breathing and give its sampling rate",
        analyse=_rr,
        series=_rr_series,
        plots="heart",
        compares=True,
    ),
    "ecg": RecordingKind(
        name="ecg",
        label="Heart: ECG",
        title="Heart-rate variability",
        shapes=(Waveform,),
        needs=f"ecg analysis needs {ONE_CHANNEL}",
        min_fs=100.0,  # an ECG's QRS complex
        figures=("mean_hr_bpm", "sdnn_ms", "rmssd_ms"),
        other_kind="if this is a respiration belt, choose the kind breathing",
        analyse=_ecg,
        series=_ecg_series,
        plots="heart",
        compares=True,
    ),
}


def recording_kind(name: str) -> RecordingKind:
    """The entry for a kind by its name ('tremor', 'breathing', 'rr' or 'ecg')."""
    if name not in KINDS:
        raise SignalError(f"{name!r} is not a kind of recording; valid: {', '.join(KINDS)}")
    return KINDS[name]
