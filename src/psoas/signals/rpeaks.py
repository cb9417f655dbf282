"""R-peak detection in a single-lead ECG, in the spirit of Pan & Tompkins (1985).

The QRS complex is found where the ECG's slope carries a burst of energy: slope, squared, summed
over 100 ms, against a threshold that follows the signal's own level over the last few seconds, with
a search back through long gaps for a beat the threshold missed. Detection runs at about 250 Hz
whatever the recording's rate; each peak is then placed on the full-rate signal, lightly smoothed
(a 20 ms moving average each way, the usual mains filter) with the local baseline removed, so that
its position does not depend on the detection rate. It sits on the complex's main deflection, up or
down: the lead's direction is chosen once, and a run of beats whose other deflection is clearly the
larger turns the peaks that way until the lead turns back.
"""

from typing import Any

import numpy as np
from numpy.typing import NDArray

from psoas.signals.recording import Floats, SignalError
from psoas.signals.windowed import find_peaks_apart, moving_max, moving_mean, moving_median

DETECTION_HZ = 250.0
POOLED_HZ = 50.0  # QRS energy peaks are looked for at this rate; placement then finds the sample
SLOPE_S = 0.012  # the span of each slope; a QRS rises in about 20-40 ms, a T wave far slower
ENERGY_S = 0.10  # the moving window that gathers one QRS complex's energy
REFRACTORY_S = 0.22  # no two beats closer than this (a heart rate of 270)
LEVEL_S = 8.0  # the threshold follows the strongest complexes over this long
THRESHOLD = 0.25  # share of the local QRS energy a candidate must reach
SEARCH_BACK_GAP = 1.65  # a gap this many times the usual interval is searched again at half the threshold
PLACE_S = 0.075  # how far from the energy peak the R wave may lie
# A candidate this soon after a beat must carry half that beat's energy, else it is a T wave or a
# spike of noise (Pan & Tompkins' T-wave discrimination).
T_WAVE_S = 0.36
# A beat's peak moves to the deflection against the lead's usual direction when that is this many
# times the larger, and back when the usual one is.
OTHER_WAY = 1.25
Indices = NDArray[np.int64]
Samples = NDArray[np.floating[Any]]  # double, or single where halving the memory costs no accuracy


def detect_rpeaks(ecg: Floats, fs: float) -> Indices:
    """Sample indices of the R peaks in `ecg` sampled at `fs` Hz, in order."""
    if fs < 100:
        raise SignalError(f"R-peak detection needs an ECG sampled at 100 Hz or more; got {fs:g} Hz")
    step = max(1, round(fs / DETECTION_HZ))
    detection_fs = fs / step
    energy = _qrs_energy(_block_sum(ecg, step), detection_fs)
    pool = max(1, round(detection_fs / POOLED_HZ))
    pooled = _block_max(energy, pool)
    del energy
    beats = _threshold_peaks(pooled, detection_fs / pool)
    if len(beats) < 2:
        return np.asarray(beats, dtype=np.int64)
    centres = ((beats * pool + pool // 2) + _delay(detection_fs)) * step + step // 2
    return _place(ecg, fs, centres)


def _block_sum(values: Floats, step: int) -> Samples:
    """Sums of `step` neighbouring samples: a cheap low-pass and a lower rate in one pass."""
    if step == 1:
        return values
    usable = len(values) - len(values) % step
    total = values[0:usable:step].astype(np.float32)
    for offset in range(1, step):
        total += values[offset:usable:step]
    return total


def _block_max(values: Samples, size: int) -> Floats:
    """The largest of each `size` neighbouring values."""
    if size == 1:
        return np.asarray(values, dtype=np.float64)
    usable = len(values) - len(values) % size
    pooled = values[0:usable:size].copy()
    for offset in range(1, size):  # strided passes: several times faster than a reduction over rows
        np.maximum(pooled, values[offset:usable:size], out=pooled)
    if usable < len(values):
        pooled = np.append(pooled, values[usable:].max())
    return np.asarray(pooled, dtype=np.float64)


def _slope_samples(fs: float) -> int:
    return max(1, round(SLOPE_S * fs))


def _delay(fs: float) -> int:
    """Samples from an energy index to the middle of the complex it summed."""
    return _slope_samples(fs) // 2


def _qrs_energy(values: Samples, fs: float) -> Samples:
    """The squared slope averaged over ENERGY_S, centred. Single precision halves the memory; the
    moving average accumulates in double, so nothing is lost that matters here."""
    span = _slope_samples(fs)
    slope = np.subtract(values[span:], values[:-span], dtype=np.float32)
    np.square(slope, out=slope)
    window = max(2, round(ENERGY_S * fs))
    return moving_mean(slope, window).astype(np.float32)


def _levels(energy: Floats, fs: float) -> tuple[Floats, int]:
    """The local QRS energy level, one value per second (the median of the strongest per second over
    LEVEL_S, held over sudden drops), and the samples per value."""
    block = max(1, round(fs))
    usable = len(energy) - len(energy) % block
    strongest = energy[:usable].reshape(-1, block).max(axis=1) if usable else energy[:1]
    level = moving_median(strongest, max(1, round(LEVEL_S)))
    return moving_max(level, 3), block


def _threshold_peaks(energy: Floats, fs: float) -> Indices:
    """Energy peaks above a threshold that tracks the local level, with a search back through gaps."""
    if len(energy) == 0:
        return np.zeros(0, dtype=np.int64)
    level, block = _levels(energy, fs)
    distance = max(1, round(REFRACTORY_S * fs))
    # Peaks first, threshold after: the same beats as a per-sample threshold, without an array of
    # thresholds as long as the recording.
    # A zero either side lets a beat at the very start or end count as a peak.
    peaks = find_peaks_apart(np.pad(energy, 1), distance)
    peaks = np.clip(peaks - 1, 0, len(energy) - 1)
    local = level[np.minimum(peaks // block, len(level) - 1)]
    peaks = peaks[energy[peaks] >= THRESHOLD * local]
    peaks = _without_t_waves(energy, peaks, fs)
    return _search_back(energy, level, block, peaks, distance)


def _without_t_waves(energy: Floats, peaks: Indices, fs: float) -> Indices:
    """Drop a candidate that follows a beat within T_WAVE_S with under half its energy."""
    if len(peaks) < 2:
        return peaks
    heights = energy[peaks]
    soon = np.diff(peaks) < T_WAVE_S * fs
    weak = heights[1:] < 0.5 * heights[:-1]
    keep = np.concatenate([[True], ~(soon & weak)])
    return np.asarray(peaks[keep], dtype=np.int64)


def _search_back(energy: Floats, level: Floats, block: int, peaks: Indices, distance: int) -> Indices:
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
        inner = find_peaks_apart(energy[lo:hi], distance)
        local = level[np.minimum((inner + lo) // block, len(level) - 1)]
        found.extend((inner[energy[lo:hi][inner] >= THRESHOLD / 2 * local] + lo).tolist())
    if not found:
        return peaks
    return np.sort(np.concatenate([peaks, np.asarray(found, dtype=np.int64)]))


PLACE_CHUNK = 512  # beats placed at a time: their windows stay small, in the processor's cache


def _place(ecg: Floats, fs: float, centres: Indices) -> Indices:
    """Each R peak on its complex's main deflection in the smoothed, baseline-free ECG, near the
    complex's centre."""
    inverted = _inverted(_windows(ecg, fs, centres[:: max(1, len(centres) // PLACE_CHUNK)]))
    parts = [
        _extremes(ecg, fs, centres[i : i + PLACE_CHUNK], inverted)
        for i in range(0, len(centres), PLACE_CHUNK)
    ]
    along, against, peak, trough = (np.concatenate(column) for column in zip(*parts, strict=True))
    position = np.where(_turned(along, against), trough, peak)
    reach = max(1, round(PLACE_S * fs))
    placed = np.clip(centres - reach + position, 0, len(ecg) - 1).astype(np.int64)
    return _unique_in_order(placed, round(REFRACTORY_S * fs))


def _extremes(
    ecg: Floats, fs: float, centres: Indices, inverted: bool
) -> tuple[Floats, Floats, Indices, Indices]:
    """Per beat, the height of its deflection in the lead's usual direction and against it, and where
    in its window each lies."""
    windows = _windows(ecg, fs, centres)
    if inverted:
        windows = -windows
    return windows.max(axis=1), -windows.min(axis=1), np.argmax(windows, axis=1), np.argmin(windows, axis=1)


def _turned(along: Floats, against: Floats) -> NDArray[np.bool_]:
    """Which beats to place against the lead's usual direction. The peaks turn when two beats in a
    row have their other deflection clearly the larger (a lead whose axis swings with posture, a
    run of ventricular beats), and turn back when two in a row have the usual one clearly larger.
    A single odd beat, such as an isolated ventricular one, keeps the lead's direction, the usual
    convention, and is corrected as ectopic anyway; beats with two near-equal deflections stay on
    the same one as the beat before, so that the intervals do not jump by the width of a QRS."""
    other_way = against > OTHER_WAY * np.maximum(along, 0)
    usual_way = along > OTHER_WAY * np.maximum(against, 0)
    # A beat counts as clearly turned, or clearly back, only with the next beat agreeing.
    other_way = other_way & np.append(other_way[1:], other_way[-1:])
    usual_way = usual_way & np.append(usual_way[1:], usual_way[-1:])
    # Each beat takes the state set by the last beat, up to it, that was clearly one way or the other.
    index = np.arange(len(along))
    last = np.maximum.accumulate(np.where(other_way | usual_way, index, -1))
    return np.asarray((last >= 0) & other_way[np.maximum(last, 0)])


def _windows(ecg: Floats, fs: float, centres: Indices) -> Floats:
    """The smoothed, baseline-free ECG around each centre, one row per beat, PLACE_S either side."""
    reach = max(1, round(PLACE_S * fs))
    smooth = max(1, int(fs / 50))
    margin = reach + smooth
    offsets = np.arange(-margin, margin + 1)
    # Clipping the indices repeats the first or last sample for a beat at the very edge.
    windows = ecg[np.clip(centres[:, None] + offsets[None, :], 0, len(ecg) - 1)].astype(np.float32)
    windows = _smooth_rows(windows, smooth)
    inner = windows[:, smooth:-smooth] if smooth > 1 else windows
    return np.asarray(inner - np.linspace(inner[:, 0], inner[:, -1], inner.shape[1], axis=1))


def _smooth_rows(rows: Samples, width: int) -> Samples:
    """A `width`-sample moving average along each row, run twice with opposite half-sample offsets
    so that the pair is zero phase, like a filter run forwards then backwards."""
    if width <= 1:
        return rows
    once = _row_means(rows, width, width // 2)
    shift = -1 if width % 2 == 0 else 0
    return _row_means(once, width, width // 2 + shift)


def _row_means(rows: Samples, width: int, before: int) -> Samples:
    """The mean of `width` neighbours along each row, `before` of them before the sample, the rows'
    ends repeated (scipy.ndimage.uniform_filter1d's "nearest"): a sum of shifted copies, since the
    width is a handful of samples."""
    padded = np.pad(rows, [(0, 0), (before, width - 1 - before)], mode="edge")
    total = padded[:, : rows.shape[1]].copy()
    for shift in range(1, width):
        total += padded[:, shift : shift + rows.shape[1]]
    total *= 1 / width
    return total


def _inverted(windows: Floats) -> bool:
    """Whether the QRS points down in this lead: in most beats its deepest trough, measured from the
    baseline either side of the complex, is deeper than its highest peak is high (an rS lead)."""
    up = float(np.median(windows.max(axis=1)))
    down = float(np.median(-windows.min(axis=1)))
    return down > up


def _unique_in_order(peaks: Indices, distance: int) -> Indices:
    """Drop a peak that landed on the same beat as the one before it."""
    peaks = np.sort(peaks)
    keep = np.concatenate([[True], np.diff(peaks) >= distance])
    return np.asarray(peaks[keep], dtype=np.int64)
