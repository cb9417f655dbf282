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

from functools import cache
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from psoas.signals.recording import Floats, SignalError
from psoas.signals.windowed import find_peaks_apart, local_maxima, moving_max, moving_median, peaks_apart

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
    pool = max(1, round(detection_fs / POOLED_HZ))
    squared = _squared_slope(_block_sum(ecg, step), detection_fs)
    window = _energy_window(detection_fs, pool)
    beats = _threshold_peaks(_pooled_energy(squared, window, pool), detection_fs / pool)
    if len(beats) < 2:
        return np.asarray(beats, dtype=np.int64)
    strongest = _strongest_in_block(squared, window, beats, pool)
    centres = (strongest + _delay(detection_fs)) * step + step // 2
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


def _slope_samples(fs: float) -> int:
    return max(1, round(SLOPE_S * fs))


def _delay(fs: float) -> int:
    """Samples from an energy index to the middle of the complex it summed."""
    return _slope_samples(fs) // 2


def _squared_slope(values: Samples, fs: float) -> Samples:
    """The slope over SLOPE_S, squared, in single precision (half the memory; plenty here)."""
    span = _slope_samples(fs)
    slope = np.subtract(values[span:], values[:-span], dtype=np.float32)
    np.square(slope, out=slope)
    return slope


def _energy_window(fs: float, pool: int) -> int:
    """The QRS energy's averaging window in samples: about ENERGY_S, in whole blocks of `pool`."""
    return max(1, round(ENERGY_S * fs / pool)) * pool


def _pooled_energy(squared: Samples, window: int, pool: int) -> Floats:
    """The QRS energy, the squared slope averaged over `window` samples, at one value per `pool`
    samples: each value is the mean over the whole blocks of `pool` centred on its own block, so the
    average at the pooled rate is found without computing it at every sample (a fifth of the work at
    250 Hz); the strongest sample in a block is found afterwards, for the blocks that hold a beat."""
    blocks = _block_sums(squared, pool)
    count = window // pool
    before = count // 2
    padded = np.pad(blocks, (before, count - 1 - before), mode="edge")
    total = padded[: len(blocks)].copy()
    for offset in range(1, count):  # a few shifted adds: faster than a running sum
        total += padded[offset : offset + len(blocks)]
    return np.multiply(total, 1 / window, dtype=np.float64)  # double from here: thresholds compare it


def _strongest_in_block(squared: Samples, window: int, beats: Indices, pool: int) -> Indices:
    """Where in and around each beat's block the energy, computed at every sample there, is
    greatest: the middle of the complex at the detection rate, not the block's."""
    span = 3 * pool  # the beat's block and one either side, in case its summit lies just outside
    width = span + window - 1
    if len(squared) < width:  # shorter than one row: nothing to refine
        return np.asarray(beats * pool + pool // 2, dtype=np.int64)
    # Each row holds the squared slopes whose window sums are the energies of the span; a row near
    # either end of the recording is moved inside it.
    starts = np.clip(beats * pool - pool - window // 2, 0, len(squared) - width)
    rows = sliding_window_view(squared, width)[starts]
    sums = rows @ _window_sums(width, window, squared.dtype)
    return np.asarray(starts + window // 2 + np.argmax(sums, axis=1), dtype=np.int64)


@cache
def _window_sums(width: int, window: int, dtype: np.dtype[Any]) -> Samples:
    """The matrix whose product with a row of `width` values gives the sum of each `window` of them
    in turn: column j adds up values j to j + window - 1. One matrix product sums every beat's
    windows at once, in about half the time running sums took (0.9 to 0.5 ms for an hour's beats)."""
    inside = np.arange(width)[:, None] - np.arange(width - window + 1)[None, :]
    return np.asarray((inside >= 0) & (inside < window), dtype=dtype)


def _block_sums(values: Samples, size: int) -> Samples:
    """The sum of each `size` neighbouring values; a shorter last block is scaled up to its size."""
    usable = len(values) - len(values) % size
    # A matrix product with a column of ones: 60 % of the time of `size` strided passes on one core
    # (under a third with BLAS's two threads), and a fifth of a sum over rows, which numpy does a
    # short row at a time.
    total = values[:usable].reshape(-1, size) @ np.ones(size, dtype=values.dtype)
    if usable < len(values):
        total = np.append(total, values[usable:].mean() * size)
    return total


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
    peaks = _peaks_over(energy, np.repeat(THRESHOLD * level, block), distance)
    peaks = _without_t_waves(energy, peaks, fs)
    return _search_back(energy, level, block, peaks, distance)


def _peaks_over(energy: Floats, threshold: Floats, distance: int) -> Indices:
    """The energy's peaks at or over the threshold (given per sample, its last value holding to the
    end), each the highest within `distance`. Only maxima over the threshold are compared: a lower
    one can remove only a peak lower still, so it could not change which of them are kept, and
    leaving the rest out skips most of the recording."""
    padded = np.pad(energy, 1)  # a zero either side lets a beat at the very start or end count
    over = energy[: len(threshold)] >= threshold[: len(energy)]
    if len(threshold) < len(energy):
        over = np.append(over, energy[len(threshold) :] >= threshold[-1])
    candidates = np.flatnonzero(over) + 1
    here, before, after = padded[candidates], padded[candidates - 1], padded[candidates + 1]
    if np.any((here == before) | (here == after)):  # a flat top: find where its middle lies
        maxima = local_maxima(padded)
        maxima = maxima[over[maxima - 1]]
    else:
        maxima = candidates[(here > before) & (here > after)]
    return np.asarray(peaks_apart(maxima, padded, distance) - 1, dtype=np.int64)


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


PLACE_CHUNK = 4096  # beats placed at a time: an hour at 250 Hz in one go, a day in bounded memory


def _place(ecg: Floats, fs: float, centres: Indices) -> Indices:
    """Each R peak on its complex's main deflection in the smoothed, baseline-free ECG, near the
    complex's centre."""
    inverted = _inverted(_windows(ecg, fs, centres[:: max(1, len(centres) // 512)])[1])
    parts = [
        _extremes(ecg, fs, centres[i : i + PLACE_CHUNK], inverted)
        for i in range(0, len(centres), PLACE_CHUNK)
    ]
    along, against, peak, trough = (np.concatenate(column) for column in zip(*parts, strict=True))
    placed = np.where(_turned(along, against), trough, peak)
    return _unique_in_order(placed, round(REFRACTORY_S * fs))


def _extremes(
    ecg: Floats, fs: float, centres: Indices, inverted: bool
) -> tuple[Samples, Samples, Indices, Indices]:
    """Per beat, the height of its deflection in the lead's usual direction and against it, and the
    samples where each lies."""
    first, windows = _windows(ecg, fs, centres, -1 if inverted else 1)
    peak = np.argmax(windows, axis=1)
    trough = np.argmin(windows, axis=1)
    beats = np.arange(len(windows))
    return windows[beats, peak], -windows[beats, trough], first + peak, first + trough


def _turned(along: Samples, against: Samples) -> NDArray[np.bool_]:
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


def _windows(ecg: Floats, fs: float, centres: Indices, sign: int = 1) -> tuple[Indices, Samples]:
    """The smoothed, baseline-free ECG around each centre (times `sign`), one row per beat, PLACE_S
    either side, and the sample each row starts at (a beat at the very edge has its row moved
    inside)."""
    reach = max(1, round(PLACE_S * fs))
    smooth = max(1, int(fs / 50))
    length = 2 * (reach + smooth) + 1
    if len(ecg) < length:  # shorter than one window: its ends repeated, as nothing else is there
        ecg = np.pad(ecg, (0, length - len(ecg)), mode="edge")
    starts = np.clip(centres - reach - smooth, 0, len(ecg) - length)
    # Whole rows copied out of a sliding view: one copy per beat, not an index per sample.
    rows = sliding_window_view(ecg, length)[starts].astype(np.float32)
    return starts + smooth, rows @ _smoothing(reach, smooth, sign)


@cache
def _smoothing(reach: int, smooth: int, sign: int) -> Samples:
    """The smoothing and baseline removal of a row of 2 (reach + smooth) + 1 samples, times `sign`,
    as one matrix. Both steps are linear, so what they make of each unit sample (a row of the
    identity) is a row of the matrix, and one matrix product then does both for every beat: under
    half the time of the passes over all the rows it replaces."""
    length = 2 * (reach + smooth) + 1
    inner = _smooth_rows(np.eye(length), smooth)[:, : 2 * reach + 1]
    inner -= np.linspace(inner[:, 0], inner[:, -1], inner.shape[1], axis=1)
    return np.asarray(sign * inner, dtype=np.float32)


def _smooth_rows(rows: Samples, width: int) -> Samples:
    """A `width`-sample moving average along each row, run twice with opposite half-sample offsets
    so that the pair is zero phase, like a filter run forwards then backwards; only where both
    passes see whole windows, so each row's first sample kept is its `width`-th."""
    if width <= 1:
        return rows
    once = _row_sums(rows, width)
    twice = _row_sums(once, width)
    twice *= 1 / (width * width)
    # Both passes together reach width // 2 and width // 2 (less one for an even width) back.
    lost = 2 * (width // 2) - (1 if width % 2 == 0 else 0)
    return twice[:, width - lost :]


def _row_sums(rows: Samples, width: int) -> Samples:
    """The sum of each `width` neighbours along each row, for whole windows only: a sum of shifted
    copies, since the width is a handful of samples."""
    count = rows.shape[1] - width + 1
    total = rows[:, :count].copy()
    for shift in range(1, width):
        total += rows[:, shift : shift + count]
    return total


def _inverted(windows: Samples) -> bool:
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
