"""Breathing rate: generated recordings with known rates, and a real respiration belt against NeuroKit2."""

import warnings

import neurokit2 as nk
import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from psoas.signals.breathing import breath_intervals, breathing_from_belt, breathing_from_motion
from psoas.signals.recording import Motion, Waveform
from psoas.signals.spectra import bandpass

from .recordings import GRAVITY, systole_ppg, systole_respiration


def lying_phone(rates_bpm: list[tuple[float, float]], fs: float = 50, seed: int = 0) -> np.ndarray:
    """A phone on the belly tilting 1.5° with each breath; `rates_bpm` is [(seconds, rate), ...]."""
    rate = np.concatenate([np.full(int(seconds * fs), bpm / 60) for seconds, bpm in rates_bpm])
    tilt = np.radians(1.5) * np.sin(2 * np.pi * np.cumsum(rate) / fs)
    gravity = np.tile([0.0, 0.0, GRAVITY], (len(rate), 1))
    acc = Rotation.from_euler("x", tilt[:, None]).apply(gravity)
    acc = Rotation.random(random_state=seed).apply(acc)
    return acc + np.random.default_rng(seed).normal(0, 0.02, acc.shape)


def test_it_follows_breathing_slowing_from_12_to_6_a_minute() -> None:
    result = breathing_from_motion(Motion(50, lying_phone([(300, 12), (300, 6)])))
    early = [p.rate_bpm for p in result.timeline if p.time_s < 260]
    late = [p.rate_bpm for p in result.timeline if p.time_s > 340]
    assert early == pytest.approx([12] * len(early), abs=0.3)
    assert late == pytest.approx([6] * len(late), abs=0.3)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rate_does_not_depend_on_how_the_phone_lies(seed: int) -> None:
    result = breathing_from_motion(Motion(50, lying_phone([(180, 9)], seed=seed)))
    assert result.rate_bpm == pytest.approx(9, abs=0.2)


def test_a_frame_with_large_movement_gets_no_rate() -> None:
    acc = lying_phone([(240, 10)])
    t = np.arange(len(acc)) / 50
    restless = (t > 100) & (t < 140)
    acc[restless] += np.random.default_rng(0).normal(0, 2.0, (int(restless.sum()), 3))
    result = breathing_from_motion(Motion(50, acc))
    assert any(p.rate_bpm is None for p in result.timeline if 90 < p.time_s < 150)
    assert result.rate_bpm == pytest.approx(10, abs=0.3)


def test_a_belt_signal_gives_its_rate() -> None:
    fs = 25
    t = np.arange(0, 180, 1 / fs)
    belt = 3 + np.sin(2 * np.pi * (14 / 60) * t) + 0.05 * np.random.default_rng(1).normal(size=len(t))
    assert breathing_from_belt(Waveform(fs, belt)).rate_bpm == pytest.approx(14, abs=0.2)


def test_a_real_belt_recording_agrees_with_neurokit2() -> None:
    """systole's Task1 respiration belt, 25.6 minutes, thinned to 100 Hz for both libraries."""
    belt, fs = systole_respiration()
    belt, fs = belt[::10], fs / 10
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signals, info = nk.rsp_process(belt, sampling_rate=fs)
    reference_breaths = len(info["RSP_Peaks"])
    reference_rate = float(np.mean(signals["RSP_Rate"]))
    ours = breathing_from_belt(Waveform(fs, belt))
    breath = bandpass(belt, fs, 0.1, 0.8, order=2)
    our_breaths = len(breath_intervals(breath, fs)) + 1
    assert our_breaths == pytest.approx(reference_breaths, rel=0.03)
    assert ours.rate_bpm == pytest.approx(reference_rate, rel=0.05)


def test_a_still_phone_has_no_breathing_rhythm() -> None:
    """Generated: no package ships a phone lying still. Gravity and sensor noise only. Before: 26.9
    breaths a minute."""
    rng = np.random.default_rng(4)
    acc = Rotation.random(random_state=4).apply(np.tile([0.0, 0.0, GRAVITY], (300 * 50, 1)))
    result = breathing_from_motion(Motion(50, acc + rng.normal(0, 0.02, acc.shape)))
    assert result.rate_bpm is None
    assert result.usable_fraction == 0


@pytest.mark.parametrize("seconds", [25, 331])
def test_a_pulse_wave_sent_as_breathing_gives_no_rate(seconds: float) -> None:
    """systole's real pulse-oximeter recording (ppg.npy, 75 Hz): its beat leads, so what leaks through
    the breathing band is the pulse. Before: 57.6 breaths a minute from the first 25 s, outside the
    band, and 47.1 from the whole."""
    ppg, fs = systole_ppg()
    result = breathing_from_belt(Waveform(fs, ppg[: int(seconds * fs)]))
    assert result.rate_bpm is None
    assert all(p.rate_bpm is None for p in result.timeline)


def test_no_frame_gives_a_rate_outside_the_band() -> None:
    """Generated: a belt breathing at 54 a minute, faster than the band's 48."""
    t = np.arange(0, 120, 1 / 25)
    belt = np.sin(2 * np.pi * (54 / 60) * t) + 0.05 * np.random.default_rng(5).normal(size=len(t))
    result = breathing_from_belt(Waveform(25, belt))
    assert all(p.rate_bpm is None or 6 <= p.rate_bpm <= 48 for p in result.timeline)
    assert result.rate_bpm is None


def test_a_belt_that_came_off_gives_no_rate_while_it_was_off() -> None:
    """systole's real belt, 10 minutes at 100 Hz, replaced from 200 to 380 s by a flat line with a
    trace of noise. Before: those minutes read 26-31 breaths a minute, from filtered noise."""
    belt, fs = systole_respiration()
    belt, fs = belt[: 600 * 1000 : 10].astype(float), fs / 10
    off = belt.copy()
    noise = np.random.default_rng(0).normal(0, 0.001 * np.std(belt), 180 * 100)
    off[200 * 100 : 380 * 100] = np.median(belt) + noise
    result = breathing_from_belt(Waveform(fs, off))
    assert all(p.rate_bpm is None for p in result.timeline if 240 < p.time_s < 340)
    assert result.rate_bpm == pytest.approx(breathing_from_belt(Waveform(fs, belt)).rate_bpm, rel=0.1)
