"""Short-time spectra shared by the tremor and breathing analyses."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import butter, sosfiltfilt

from psoas.signals.recording import Floats

FRAMES_AT_ONCE = 2048


def bandpass(values: Floats, fs: float, low: float, high: float, order: int = 4) -> Floats:
    """Zero-phase Butterworth band-pass along the first axis; `high` is kept below Nyquist."""
    high = min(high, 0.45 * fs)
    sos = butter(order, [low, high], btype="bandpass", fs=fs, output="sos")
    return np.asarray(sosfiltfilt(sos, values, axis=0))


def framed(values: Floats, fs: float, window_s: float, hop_s: float) -> tuple[Floats, Floats]:
    """Overlapping frames of `values` (first axis is time) and the time (s) at each frame's centre.

    The frames are a view, not a copy: an hour of samples costs no extra memory until used.
    """
    size = max(2, round(window_s * fs))
    hop = max(1, round(hop_s * fs))
    if len(values) < size:
        return np.empty((0, size, *values.shape[1:])), np.empty(0)
    frames = sliding_window_view(values, size, axis=0)[::hop]
    if values.ndim == 2:
        frames = np.moveaxis(frames, -1, 1)  # (frame, sample, axis)
    centres = np.asarray((np.arange(len(frames)) * hop + size / 2) / fs, dtype=np.float64)
    return frames, centres


def power_spectra(frames: Floats, fs: float, padding: int = 1) -> tuple[Floats, Floats]:
    """Hann-windowed power of each frame, summed over axes when frames have them: (frequencies, power).

    Summing the axes' power makes the spectrum the same however the sensor is turned. Power is scaled
    so that summing it over a band gives that band's mean square (m²/s⁴ for acceleration).
    """
    size = frames.shape[1]
    taper = np.hanning(size).reshape((1, size, 1) if frames.ndim == 3 else (1, size))
    scale = 2 / (size * np.sum(taper**2) * padding)
    frequencies = np.asarray(np.fft.rfftfreq(size * padding, 1 / fs), dtype=np.float64)
    power = np.empty((len(frames), len(frequencies)), dtype=np.float64)
    # A few thousand frames at a time: the centred, tapered and transformed copies of every frame
    # at once cost ten times the answer (about 1 GB for three hours at 100 Hz).
    for start in range(0, len(frames), FRAMES_AT_ONCE):
        chunk = frames[start : start + FRAMES_AT_ONCE]
        centred = chunk - chunk.mean(axis=1, keepdims=True)
        spectrum = np.fft.rfft(centred * taper, n=size * padding, axis=1)
        chunk_power = (spectrum.real**2 + spectrum.imag**2) * scale
        power[start : start + len(chunk)] = chunk_power.sum(axis=2) if chunk_power.ndim == 3 else chunk_power
    return frequencies, power


def peak_frequency(
    frequencies: Floats, power: Floats, low: float, high: float, spread: float
) -> tuple[float, float]:
    """The frequency of the highest peak within [low, high] (parabolic interpolation between bins)
    and the share of the band's power within `spread` Hz either side of it: near 1 for a clean
    oscillation, low for noise."""
    inside = np.flatnonzero((frequencies >= low) & (frequencies <= high))
    band = power[inside]
    total = float(np.sum(band))
    if total <= 0:
        return float("nan"), 0.0
    top = int(np.argmax(band))
    frequency = float(frequencies[inside[top]])
    near = np.abs(frequencies[inside] - frequency) <= spread
    share = float(np.sum(band[near])) / total
    if 0 < top < len(band) - 1:
        left, centre, right = band[top - 1], band[top], band[top + 1]
        bend = left - 2 * centre + right
        if bend < 0:
            frequency += 0.5 * float(left - right) / float(bend) * float(frequencies[1] - frequencies[0])
    return frequency, share


def rhythm_shares(frequencies: Floats, power: Floats, low: float, high: float, spread: float) -> Floats:
    """For each row of `power`, the share of its [low, high] band power within `spread` Hz of the
    band's highest bin: `peak_frequency`'s second answer for many frames at once."""
    inside = (frequencies >= low) & (frequencies <= high)
    band, band_frequencies = power[:, inside], frequencies[inside]
    totals = band.sum(axis=1)
    tops = band_frequencies[np.argmax(band, axis=1)]
    running = np.concatenate([np.zeros((len(band), 1)), np.cumsum(band, axis=1)], axis=1)
    first = np.searchsorted(band_frequencies, tops - spread, side="left")
    last = np.searchsorted(band_frequencies, tops + spread, side="right")
    rows = np.arange(len(band))
    near = running[rows, last] - running[rows, first]
    return np.where(totals > 0, near / np.maximum(totals, 1e-300), 0.0)
