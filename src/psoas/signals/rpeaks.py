"""R-peak detection in a single-lead ECG, in the spirit of Pan & Tompkins (1985).

The QRS complex is found where the ECG's slope carries a burst of energy: slope, squared, summed
over 100 ms, against a threshold that follows the signal's own level over the last few seconds, with
a search back through long gaps for a beat the threshold missed. Detection runs at about 250 Hz
whatever the recording's rate; each peak is then placed on the full-rate signal, lightly smoothed
(a 20 ms moving average each way, the usual mains filter) with the local baseline removed, so that
its position does not depend on the detection rate.
"""

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import maximum_filter1d, median_filter
from scipy.signal import find_peaks

from psoas.signals.recording import Floats, SignalError

DETECTION_HZ = 250.0
SLOPE_S = 0.012  # the span of each slope; a QRS rises in about 20-40 ms, a T wave far slower
ENERGY_S = 0.10  # the moving window that gathers one QRS complex's energy
REFRACTORY_S = 0.25  # no two beats closer than this (a heart rate of 240)
LEVEL_S = 8.0  # the threshold follows the strongest complexes over this long
THRESHOLD = 0.25  # share of the local QRS energy a candidate must reach
SEARCH_BACK_GAP = 1.65  # a gap this many times the usual interval is searched again at half the threshold
PLACE_S = 0.075  # how far from the energy peak the R wave may lie
Indices = NDArray[np.int64]


def detect_rpeaks(ecg: Floats, fs: float) -> Indices:
    """Sample indices of the R peaks in `ecg` sampled at `fs` Hz, in order."""
    if fs < 100:
        raise SignalError(f"R-peak detection needs an ECG sampled at 100 Hz or more; got {fs:g} Hz")
    step = max(1, round(fs / DETECTION_HZ))
    coarse = _block_sum(ecg, step)
    detection_fs = fs / step
    energy = _qrs_energy(coarse, detection_fs)
    beats = _threshold_peaks(energy, detection_fs)
    if len(beats) < 2:
        return np.asarray(beats, dtype=np.int64)
    centres = (beats + _delay(detection_fs)) * step + step // 2
    return _place(ecg, fs, centres)


def _block_sum(values: Floats, step: int) -> Floats:
    """Sums of `step` neighbouring samples: a cheap low-pass and a lower rate in one pass."""
    if step == 1:
        return values
    usable = len(values) - len(values) % step
    total = values[0:usable:step].copy()
    for offset in range(1, step):
        total += values[offset:usable:step]
    return total


def _slope_samples(fs: float) -> int:
    return max(1, round(SLOPE_S * fs))


def _window_samples(fs: float) -> int:
    return max(2, round(ENERGY_S * fs))


def _delay(fs: float) -> int:
    """Samples from an energy index to the middle of the complex it summed."""
    return (_window_samples(fs) + _slope_samples(fs)) // 2


def _qrs_energy(values: Floats, fs: float) -> Floats:
    span = _slope_samples(fs)
    slope = values[span:] - values[:-span]
    slope *= slope
    window = _window_samples(fs)
    running = np.cumsum(slope)
    energy = running[window:] - running[:-window]
    return energy


def _threshold_peaks(energy: Floats, fs: float) -> Indices:
    """Energy peaks above a threshold that tracks the local level, with a search back through gaps."""
    block = max(1, round(fs))  # one value per second: the strongest energy in it
    usable = len(energy) - len(energy) % block
    if usable == 0:
        return np.zeros(0, dtype=np.int64)
    strongest = energy[:usable].reshape(-1, block).max(axis=1)
    seconds = max(1, round(LEVEL_S))
    level = median_filter(strongest, size=seconds, mode="nearest")
    level = maximum_filter1d(level, size=3, mode="nearest")  # a gentle hold over sudden drops
    threshold = np.repeat(level, block)
    threshold = np.concatenate([threshold, np.full(len(energy) - usable, threshold[-1])])
    distance = max(1, round(REFRACTORY_S * fs))
    peaks, _ = find_peaks(energy, height=THRESHOLD * threshold, distance=distance)
    return _search_back(energy, threshold, peaks, distance)


def _search_back(energy: Floats, threshold: Floats, peaks: Indices, distance: int) -> Indices:
    """Look again, at half the threshold, inside gaps much longer than the usual interval."""
    if len(peaks) < 3:
        return peaks
    gaps = np.diff(peaks)
    usual = float(np.median(gaps))
    found = []
    for start in np.flatnonzero(gaps > SEARCH_BACK_GAP * usual):
        lo, hi = int(peaks[start]) + distance, int(peaks[start + 1]) - distance
        if hi <= lo:
            continue
        inner, _ = find_peaks(energy[lo:hi], height=THRESHOLD / 2 * threshold[lo:hi], distance=distance)
        found.extend((inner + lo).tolist())
    if not found:
        return peaks
    return np.sort(np.concatenate([peaks, np.asarray(found, dtype=np.int64)]))


def _place(ecg: Floats, fs: float, centres: Indices) -> Indices:
    """Each R peak at the top of the smoothed, baseline-free ECG near its complex's centre."""
    reach = max(1, round(PLACE_S * fs))
    smooth = max(1, int(fs / 50))
    margin = reach + smooth
    offsets = np.arange(-margin, margin + 1)
    # Clipping the indices repeats the first or last sample for a beat at the very edge.
    windows = ecg[np.clip(centres[:, None] + offsets[None, :], 0, len(ecg) - 1)]
    windows = _smooth_rows(windows, smooth)
    inner = windows[:, smooth:-smooth] if smooth > 1 else windows
    inner = inner - np.linspace(inner[:, 0], inner[:, -1], inner.shape[1], axis=1)
    if _inverted(inner):
        inner = -inner
    peaks = np.clip(centres - reach + np.argmax(inner, axis=1), 0, len(ecg) - 1)
    return _unique_in_order(peaks, round(REFRACTORY_S * fs))


def _smooth_rows(rows: Floats, width: int) -> Floats:
    """A `width`-sample moving average along each row run forwards then backwards (zero phase).

    Each output keeps the row's length; the first and last `width` samples are only partly smoothed.
    """
    if width <= 1:
        return rows
    running = np.cumsum(rows, axis=1)
    trailing = rows.copy()
    trailing[:, width - 1 :] = (
        np.concatenate([running[:, width - 1 : width], running[:, width:] - running[:, :-width]], axis=1)
        / width
    )
    running = np.cumsum(trailing, axis=1)
    both = trailing.copy()
    both[:, : -width + 1] = (
        np.concatenate([running[:, width - 1 : width], running[:, width:] - running[:, :-width]], axis=1)
        / width
    )
    return both


def _inverted(windows: Floats) -> bool:
    """Whether the QRS points down in this lead: its deepest trough outweighs its highest peak."""
    centre = np.median(windows, axis=1)
    up = float(np.median(windows.max(axis=1) - centre))
    down = float(np.median(centre - windows.min(axis=1)))
    return down > 1.5 * up


def _unique_in_order(peaks: Indices, distance: int) -> Indices:
    """Drop a peak that landed on the same beat as the one before it."""
    peaks = np.sort(peaks)
    keep = np.concatenate([[True], np.diff(peaks) >= distance])
    return np.asarray(peaks[keep], dtype=np.int64)
