"""One entry point from a recording to its figures, as the JSON contract (schema 1) of `psoas analyze`."""

from typing import TYPE_CHECKING, Any

from psoas.signals.ecg_quality import EcgQuality, assess_ecg, clean_intervals
from psoas.signals.hrv import FIGURES, Hrv, hrv_of_stretches
from psoas.signals.kinds import Kind
from psoas.signals.readers import guess_waveform_kind
from psoas.signals.recording import Intervals, Motion, Recording, SignalError, Waveform
from psoas.signals.registry import Step, recording_kind
from psoas.signals.rpeaks import detect_rpeaks

if TYPE_CHECKING:  # the types only: importing these modules loads scipy.signal, which an ECG never needs
    from psoas.signals.breathing import Breathing
    from psoas.signals.tremor import Tremor

SCHEMA = 1
# Under half clean, the median QRS swing that the quality checks measure against may be the bad
# signal's own, so no stretch can be called clean with confidence.
MIN_CLEAN = 0.5


def resolve_kind(recording: Recording, kind: Kind) -> str:
    """The analysis a recording gets: the one asked for, or for 'auto' the one its shape suggests."""
    if kind != "auto":
        return kind
    if isinstance(recording, Intervals):
        return "rr"
    if isinstance(recording, Motion):
        return "tremor"
    return guess_waveform_kind(recording)


def _quiet(_: str) -> None:
    return None


def analyse(recording: Recording, kind: Kind = "auto", step: Step = _quiet) -> dict[str, Any]:
    """Analyse a recording; `step` is told the name of each stage as it starts (for progress).

    When the kind was guessed (`auto`) and the analysis finds nothing it can give, the notes (or the
    error) suggest the other kind the file may be: a guess from a file's shape can be wrong.
    """
    entry = recording_kind(resolve_kind(recording, kind))
    base: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": entry.name,
        "fs": None if isinstance(recording, Intervals) else recording.fs,
        "duration_s": round(recording.duration_s, 3),
        "notes": list(recording.notes),
    }
    try:
        result = base | entry.analyse(entry.checked(recording), step)
    except SignalError as error:
        if kind == "auto" and entry.name == "ecg" and entry.other_kind:
            raise SignalError(f"{error}; {entry.other_kind}") from None
        raise
    if kind == "auto" and entry.other_kind and _nothing_found(result, entry.figures):
        result["notes"].append(f"nothing could be measured; {entry.other_kind}")
    return result


def _nothing_found(result: dict[str, Any], figures: tuple[str, ...]) -> bool:
    """Whether none of a kind's headline figures could be given (a kind without any never fails so)."""
    return bool(figures) and all(result[name] is None for name in figures)


def ecg_result(waveform: Waveform, step: Step) -> dict[str, Any]:
    """R peaks, the stretches left out, and the HRV of the clean ones."""
    step("Finding R-peaks")
    peaks = detect_rpeaks(waveform.values, waveform.fs)
    if len(peaks) < 3:
        raise SignalError("no heartbeat could be found in this ECG; check the file and its sampling rate")
    step("Heart-rate variability")
    quality = assess_ecg(waveform.values, waveform.fs, peaks)
    result = _trusted(hrv_of_stretches(clean_intervals(peaks, waveform.fs, quality)), quality)
    kept = peaks[~quality.bad[peaks]]
    return hrv_json(result) | {"quality": quality_json(quality), "rpeaks": kept.tolist()}


def _trusted(result: Hrv, quality: EcgQuality) -> Hrv:
    """The figures, or none with the reason, when the ECG holds no heartbeat or is mostly bad."""
    if not quality.heartbeat:
        reason = (
            "no heartbeat found: the complexes the detector picked do not resemble one another, as "
            "an ECG's do; the file may hold noise or another signal"
        )
    elif quality.clean_fraction < MIN_CLEAN:
        reason = (
            f"only {quality.clean_fraction:.0%} of the ECG is clean; below {MIN_CLEAN:.0%} no figure "
            "is given, as the typical QRS the checks measure against is itself in doubt (a file cut "
            "to its clean part can be measured)"
        )
    else:
        return result
    none: dict[str, float | None] = dict.fromkeys(FIGURES)
    withheld = dict.fromkeys(FIGURES, reason)
    return Hrv(**none, artifact_fraction=result.artifact_fraction, beats=result.beats, withheld=withheld)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def tremor_json(result: "Tremor") -> dict[str, Any]:
    """The tremor part of the JSON contract."""
    return {
        "episodes": [
            {"start_s": e.start_s, "end_s": e.end_s, "frequency_hz": e.frequency_hz, "rms": e.rms}
            for e in result.episodes
        ],
        "tremor_fraction": round(result.tremor_fraction, 4),
        "dominant_frequency_hz": result.dominant_frequency_hz,
        "movement": [{"start_s": s.start_s, "end_s": s.end_s} for s in result.movement],
        "timeline": [
            {"minute": m.minute, "tremor_s": m.tremor_s, "movement_s": m.movement_s, "rms": m.rms}
            for m in result.timeline
        ],
        "spectrum": {
            "frequency_hz": [round(float(f), 3) for f in result.spectrum[0]],
            "power": [float(f"{p:.4g}") for p in result.spectrum[1]],
        },
    }


def quality_json(quality: EcgQuality) -> dict[str, Any]:
    """Which stretches of an ECG were left out, and the share that was clean."""
    return {
        "clean_fraction": round(quality.clean_fraction, 4),
        "left_out": [{"start_s": s.start_s, "end_s": s.end_s, "reason": s.reason} for s in quality.stretches],
    }


def breathing_json(result: "Breathing") -> dict[str, Any]:
    """The breathing part of the JSON contract."""
    return {
        "rate_bpm": result.rate_bpm,
        "timeline": [{"time_s": p.time_s, "rate_bpm": p.rate_bpm} for p in result.timeline],
        "usable_fraction": round(result.usable_fraction, 3),
    }


def hrv_json(result: Hrv) -> dict[str, Any]:
    """The heart-rate variability part of the JSON contract (rr and ecg)."""
    digits = {"mean_hr_bpm": 2, "sdnn_ms": 2, "rmssd_ms": 2, "pnn50": 2, "lf_ms2": 1, "hf_ms2": 1}
    beats = result.beats
    return {name: _rounded(value, digits[name]) for name, value in result.figures().items()} | {
        "artifact_fraction": round(result.artifact_fraction, 4),
        "artifacts": {
            "ectopic": beats.ectopic,
            "missed": beats.missed,
            "extra": beats.extra,
            "other": beats.other,
        },
        "beats": beats.beats,
        "withheld": result.withheld,
    }
