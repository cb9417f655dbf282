"""One entry point from a recording to its figures, as the JSON contract (schema 1) of `psoas analyze`."""

from collections.abc import Callable
from typing import Any

from psoas.signals.breathing import Breathing, breathing_from_belt, breathing_from_motion
from psoas.signals.ecg_quality import EcgQuality, assess_ecg, clean_intervals
from psoas.signals.hrv import FIGURES, Hrv, hrv, hrv_of_stretches
from psoas.signals.kinds import Kind
from psoas.signals.readers import guess_waveform_kind
from psoas.signals.recording import Intervals, Motion, Recording, SignalError, Waveform
from psoas.signals.rpeaks import detect_rpeaks
from psoas.signals.tremor import Tremor, analyse_tremor

SCHEMA = 1
# Under half clean, the median QRS swing that the quality checks measure against may be the bad
# signal's own, so no stretch can be called clean with confidence.
MIN_CLEAN = 0.5
Step = Callable[[str], None]


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
    chosen = resolve_kind(recording, kind)
    try:
        result = _analysed(recording, chosen, step)
    except SignalError as error:
        if kind == "auto" and chosen == "ecg":
            raise SignalError(f"{error}; {OTHER_KIND['ecg']}") from None
        raise
    if kind == "auto" and _nothing_found(result):
        result["notes"].append(f"nothing could be measured; {OTHER_KIND[chosen]}")
    return result


# What else a file may be when the kind guessed from its shape finds nothing.
OTHER_KIND = {
    "ecg": "if this is a respiration belt, choose the kind breathing",
    "breathing": "if this is an ECG, choose the kind ecg",
    "rr": "if the file holds samples of an ECG or a belt rather than intervals, choose the kind ecg "
    "or breathing and give its sampling rate",
}


def _nothing_found(result: dict[str, Any]) -> bool:
    if result["kind"] == "breathing":
        return result["rate_bpm"] is None
    if result["kind"] in ("rr", "ecg"):
        return all(result[name] is None for name in ("mean_hr_bpm", "sdnn_ms", "rmssd_ms"))
    return False  # no tremor in a recording is a finding, not a failure


def _analysed(recording: Recording, chosen: str, step: Step) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": SCHEMA,
        "kind": chosen,
        "fs": None if isinstance(recording, Intervals) else recording.fs,
        "duration_s": round(recording.duration_s, 3),
        "notes": list(recording.notes),
    }
    if chosen == "tremor":
        step("Finding tremor and movement")
        return base | tremor_json(analyse_tremor(_motion(recording, chosen)))
    if chosen == "breathing":
        step("Measuring the breathing rate")
        if isinstance(recording, Motion):
            return base | breathing_json(breathing_from_motion(recording))
        return base | breathing_json(breathing_from_belt(_waveform(recording, chosen)))
    if chosen == "rr":
        if not isinstance(recording, Intervals):
            raise SignalError("an RR analysis needs a file of RR intervals, one per line")
        step("Heart-rate variability")
        return base | hrv_json(hrv(recording.rr_ms))
    waveform = _waveform(recording, chosen)
    step("Finding R-peaks")
    peaks = detect_rpeaks(waveform.values, waveform.fs)
    if len(peaks) < 3:
        raise SignalError("no heartbeat could be found in this ECG; check the file and its sampling rate")
    step("Heart-rate variability")
    quality = assess_ecg(waveform.values, waveform.fs, peaks)
    result = _trusted(hrv_of_stretches(clean_intervals(peaks, waveform.fs, quality)), quality)
    kept = peaks[~quality.bad[peaks]]
    return base | hrv_json(result) | {"quality": quality_json(quality), "rpeaks": kept.tolist()}


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


def _motion(recording: Recording, kind: str) -> Motion:
    if not isinstance(recording, Motion):
        raise SignalError(f"{kind} analysis needs three acceleration columns (x, y, z)")
    return recording


def _waveform(recording: Recording, kind: str) -> Waveform:
    if not isinstance(recording, Waveform):
        raise SignalError(
            f"{kind} analysis needs a single-channel signal: one column of samples, or time,value"
        )
    return recording


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def tremor_json(result: Tremor) -> dict[str, Any]:
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


def breathing_json(result: Breathing) -> dict[str, Any]:
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
