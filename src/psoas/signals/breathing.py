"""Breathing rate over time, from a respiration belt or from a phone resting on the belly or chest.

A phone lying on a breathing body tilts a little with each breath, so gravity shifts between its
axes; a belt stretches. Either way the signal is band-passed to 0.1-0.8 Hz (6-48 breaths a minute)
and cut into 60-second frames every 10 seconds; each frame's rate comes from its breaths, counted
between upward zero crossings. For the phone, the frame's three axes are first reduced to the one
direction along which they move most (the first principal component), which makes the answer
independent of how the phone lies. A frame gets no rate rather than a wrong one when the person
moved, when it moves too little to hold a breath (a phone lying still), when a faster rhythm than
breathing leads it (a pulse wave), when its breaths are too irregular for one rate, or when the rate
would fall outside the band.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.signals.recording import Floats, Motion, Waveform
from psoas.signals.spectra import bandpass, framed, power_spectra

BREATH_BAND = (0.1, 0.8)  # Hz
FRAME_S, HOP_S = 60.0, 10.0
WORKING_HZ = 10.0  # breathing needs no more; the analysis runs at this rate
SHALLOW = 0.3  # a peak smaller than this share of the typical breath is a wobble, not a breath
MOVEMENT_RMS = 0.5  # m/s² above 1 Hz: the person moved, the frame says nothing about breathing
# A phone still on a table reads about 0.004 m/s² in the breathing band (sensor noise); a breath
# that tilts it by a tenth of a degree moves gravity by 0.017 m/s².
PHONE_BREATH_RMS = 0.01  # m/s²
BELT_SMALL = 0.1  # a belt frame swinging under this share of the typical frame's holds no breaths
WIDE_BAND = (0.05, 2.0)  # Hz: where the strongest slow rhythm is looked for


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
    frame_s = _frame_s(len(breath), fs)
    frames, centres = framed(breath, fs, frame_s, HOP_S)
    still = np.ones(len(frames), dtype=bool)
    if fast is not None:
        moving_frames, _ = framed(np.sum(fast**2, axis=1), motion.fs, frame_s, HOP_S)
        still = np.sqrt(moving_frames.mean(axis=1)) <= MOVEMENT_RMS
        still = still[: len(frames)]
    principal = _principal(frames) if len(frames) else frames
    present = np.std(principal, axis=1) >= PHONE_BREATH_RMS if len(frames) else still
    usable = still & present & _breathing_leads(working, fs, frame_s, len(frames))
    return _rates(principal, fs, centres, usable, motion.duration_s)


def breathing_from_belt(waveform: Waveform) -> Breathing:
    """Breathing rate from a respiration belt (or any one-channel breathing signal)."""
    working, fs = _working_rate(waveform.values, waveform.fs)
    breath = bandpass(working, fs, *BREATH_BAND, order=2)
    frame_s = _frame_s(len(breath), fs)
    frames, centres = framed(breath, fs, frame_s, HOP_S)
    swings = np.ptp(frames, axis=1) if len(frames) else np.zeros(0)
    present = swings >= BELT_SMALL * float(np.median(swings)) if len(frames) else np.zeros(0, dtype=bool)
    usable = present & _breathing_leads(working, fs, frame_s, len(frames))
    return _rates(frames, fs, centres, usable, waveform.duration_s)


def _breathing_leads(working: Floats, fs: float, frame_s: float, count: int) -> NDArray[np.bool_]:
    """Per frame, whether its strongest rhythm from 0.05 to 2 Hz lies in the breathing band. When a
    faster one leads (a pulse wave's beat, a rocking body), what leaks through the band's edge is
    that rhythm, not breaths: a pulse oximeter's file read 58 breaths a minute that way."""
    if count == 0:
        return np.zeros(0, dtype=bool)
    wide = bandpass(working, fs, WIDE_BAND[0], min(WIDE_BAND[1], 0.45 * fs), order=2)
    frames, _ = framed(wide, fs, frame_s, HOP_S)
    frequencies, power = power_spectra(frames[:count], fs, padding=2)
    inside = (frequencies >= WIDE_BAND[0]) & (frequencies <= WIDE_BAND[1])
    leading = frequencies[inside][np.argmax(power[:, inside], axis=1)]
    return np.asarray(leading <= BREATH_BAND[1])


Flags = NDArray[np.bool_]


def _rates(frames: Floats, fs: float, centres: Floats, usable: Flags, duration: float) -> Breathing:
    if len(frames) == 0:
        return Breathing(duration, None, (), 0.0)
    points = []
    lowest, highest = (60 * edge for edge in BREATH_BAND)
    for centre, frame, fit in zip(centres, frames, usable, strict=True):
        intervals = breath_intervals(frame, fs)
        rate = 60 * len(intervals) / float(np.sum(intervals)) if len(intervals) >= 2 else None
        # Outside the band the filter has shaped what was counted; the edges are as the rate is shown.
        if rate is None or not fit or not _regular(intervals) or not lowest <= round(rate, 1) <= highest:
            rate = None
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
