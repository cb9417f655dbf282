"""The start of a session against its end, from generated recordings whose change is known."""

import numpy as np
import pytest

from psoas.signals.before_after import compare
from psoas.signals.recording import Intervals, Waveform

from .recordings import systole_ecg

START, END = (0, 300), (1800, 2100)  # the arrive and integrate phases of a 40-minute plan


def rr_series(minutes: list[tuple[float, float, float]], seed: int = 0) -> np.ndarray:
    """RR intervals (ms) for stretches of (seconds, heart rate, beat-to-beat spread in ms)."""
    rng = np.random.default_rng(seed)
    out: list[float] = []
    for seconds, rate, spread in minutes:
        mean = 60_000 / rate
        for _ in range(int(seconds * 1000 / mean)):
            out.append(mean + rng.normal(0, spread))
    return np.array(out)


def test_a_calmer_end_is_described_with_its_caveat() -> None:
    rr = rr_series([(300, 78, 15), (1500, 72, 25), (300, 64, 40)])
    result = compare(Intervals(rr), "rr", START, END)
    assert result.start.figures["mean_hr_bpm"] == pytest.approx(78, abs=1.5)
    assert result.end.figures["mean_hr_bpm"] == pytest.approx(64, abs=1.5)
    assert result.changes["mean_hr_bpm"] == pytest.approx(-14, abs=2)
    assert result.changes["rmssd_ms"] > 15
    assert result.sentences[0] == "Heart rate went from 78 to 64 beats a minute, 14 lower at the end."
    assert result.sentences[1].startswith("RMSSD (beat-to-beat variation) went from")
    assert result.sentences[-1].startswith("One session's change can come from lying down")


def test_breathing_that_slowed_from_12_to_6() -> None:
    fs = 10
    t = np.arange(0, 2100, 1 / fs)
    rate = np.where(t < 1800, 12, 6) / 60
    belt = np.sin(2 * np.pi * np.cumsum(rate) / fs)
    result = compare(Waveform(fs, belt), "breathing", START, END)
    assert result.changes["rate_bpm"] == pytest.approx(-6, abs=0.3)
    assert result.sentences[0] == "Breathing went from 12 to 6 breaths a minute, 6 slower at the end."


def test_a_recording_that_ends_before_the_integrate_phase_says_so() -> None:
    rr = rr_series([(600, 70, 20)])
    result = compare(Intervals(rr), "rr", START, END)
    assert result.end.withheld["mean_hr_bpm"] == "the recording has no beats in this stretch"
    assert result.changes == {}
    assert result.sentences == (
        "There was not enough usable signal at both the start and the end to compare them.",
    )


def test_an_electrode_off_at_the_start_invents_no_change() -> None:
    """systole's real resting ECG (the first 10 minutes), the lead off for 20 s in the start window
    (a few microvolts of noise). Before: the start's RMSSD came from invented beats and read far
    above the untouched recording's."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(600 * fs)].astype(float)
    start, end = (0, 180), (420, 600)
    clean = compare(Waveform(fs, ecg.copy()), "ecg", start, end)
    spoiled = ecg.copy()
    spoiled[int(60 * fs) : int(80 * fs)] = np.random.default_rng(0).normal(0, 0.003, int(20 * fs))
    result = compare(Waveform(fs, spoiled), "ecg", start, end)
    for name in ("mean_hr_bpm", "rmssd_ms"):
        assert result.start.figures[name] == pytest.approx(clean.start.figures[name], rel=0.1)
        assert result.end.figures[name] == clean.end.figures[name]
