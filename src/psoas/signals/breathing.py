"""Breathing rate over time, from a respiration belt or from a phone resting on the belly or chest.

A phone lying on a breathing body tilts a little with each breath, so gravity shifts between its
axes; a belt stretches. Either way the signal is band-passed to 0.1-0.8 Hz (6-48 breaths a minute),
cut into 60-second frames every 10 seconds, and each frame's rate is the peak of its spectrum. For
the phone, the frame's three axes are first reduced to the one direction along which they move most
(the first principal component), which makes the answer independent of how the phone lies. A frame
with large movement or without a clear rhythm gets no rate rather than a wrong one.
"""

from dataclasses import dataclass

import numpy as np

from psoas.signals.recording import Floats, Motion, Waveform
from psoas.signals.spectra import bandpass, framed

BREATH_BAND = (0.1, 0.8)  # Hz
FRAME_S, HOP_S = 60.0, 10.0
WORKING_HZ = 10.0  # breathing needs no more; the analysis runs at this rate
SHALLOW = 0.3  # a peak smaller than this share of the typical breath is a wobble, not a breath
MOVEMENT_RMS = 0.5  # m/s² above 1 Hz: the person moved, the frame says nothing about breathing


@dataclass(frozen=True)
class RatePoint:
    """The breathing rate of the minute centred on `time_s`; None when the frame had no clear rhythm."""

    time_s: float
    rate_bpm: float | None


@dataclass(frozen=True)
class Breathing:
    """Breathing rate over a recording."""

    duration_s: float
    rate_bpm: float | None  # median of the frames that had a rate
    timeline: tuple[RatePoint, ...]
    usable_fraction: float  # share of frames with a rate


def _working_rate(values: Floats, fs: float) -> tuple[Floats, float]:
    """The signal low-passed and thinned to about WORKING_HZ."""
    step = max(1, int(fs // WORKING_HZ))
    if step == 1:
        return values, fs
    smoothed = bandpass(values, fs, 0.02, min(2.0, 0.4 * fs), order=2)
    return smoothed[::step], fs / step


def _frame_s(samples: int, fs: float) -> float:
    """A minute, or the whole recording when it is shorter."""
    return min(FRAME_S, samples / fs)


def _principal(frames: Floats) -> Floats:
    """Each frame's three axes projected on the direction they vary along most."""
    centred = frames - frames.mean(axis=1, keepdims=True)
    covariance = np.einsum("fsi,fsj->fij", centred, centred)
    _, vectors = np.linalg.eigh(covariance)
    main = vectors[:, :, -1]  # eigenvalues come in ascending order
    return np.asarray(np.einsum("fsi,fi->fs", centred, main), dtype=np.float64)


def breathing_from_motion(motion: Motion) -> Breathing:
    """Breathing rate from a phone lying on the belly or chest."""
    fast = bandpass(motion.xyz, motion.fs, 1.0, 0.45 * motion.fs, order=2) if motion.fs > 4 else None
    working, fs = _working_rate(motion.xyz, motion.fs)
    breath = bandpass(working, fs, *BREATH_BAND, order=2)
    frames, centres = framed(breath, fs, _frame_s(len(breath), fs), HOP_S)
    still = np.ones(len(frames), dtype=bool)
    if fast is not None:
        moving_frames, _ = framed(np.sum(fast**2, axis=1), motion.fs, _frame_s(len(breath), fs), HOP_S)
        still = np.sqrt(moving_frames.mean(axis=1)) <= MOVEMENT_RMS
        still = still[: len(frames)]
    return _rates(_principal(frames) if len(frames) else frames, fs, centres, still, motion.duration_s)


def breathing_from_belt(waveform: Waveform) -> Breathing:
    """Breathing rate from a respiration belt (or any one-channel breathing signal)."""
    working, fs = _working_rate(waveform.values, waveform.fs)
    breath = bandpass(working, fs, *BREATH_BAND, order=2)
    frames, centres = framed(breath, fs, _frame_s(len(breath), fs), HOP_S)
    return _rates(frames, fs, centres, np.ones(len(frames), dtype=bool), waveform.duration_s)


def _rates(frames: Floats, fs: float, centres: Floats, still: Floats, duration: float) -> Breathing:
    if len(frames) == 0:
        return Breathing(duration, None, (), 0.0)
    points = []
    for centre, frame, calm in zip(centres, frames, still, strict=True):
        intervals = breath_intervals(frame, fs)
        usable = bool(calm) and len(intervals) >= 2 and _regular(intervals)
        rate = 60 * len(intervals) / float(np.sum(intervals)) if usable else None
        points.append(RatePoint(round(float(centre), 1), round(rate, 2) if rate is not None else None))
    rates = [p.rate_bpm for p in points if p.rate_bpm is not None]
    overall = round(float(np.mean(rates)), 2) if rates else None
    return Breathing(duration, overall, tuple(points), len(rates) / len(points))


def breath_intervals(breath: Floats, fs: float) -> Floats:
    """Seconds between successive breaths in a band-passed breathing signal.

    A breath is a cycle between upward zero crossings (Schäfer & Kratky 2008); a cycle whose swing is
    under SHALLOW of the typical one is a wobble and is joined to the breath before it.
    """
    crossings = np.flatnonzero((breath[:-1] < 0) & (breath[1:] >= 0)) + 1
    if len(crossings) < 3:
        return np.zeros(0)
    swings = np.maximum.reduceat(breath, crossings)[:-1] - np.minimum.reduceat(breath, crossings)[:-1]
    keep = np.concatenate([[True], swings[1:] >= SHALLOW * np.median(swings), [True]])
    return np.asarray(np.diff(crossings[keep]) / fs, dtype=np.float64)


def _regular(intervals: Floats) -> bool:
    """Whether breaths came at a rhythm one rate can describe (spread under half the mean)."""
    return float(np.std(intervals)) <= 0.5 * float(np.mean(intervals))
