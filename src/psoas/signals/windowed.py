"""Moving-window filters, peak picking and a zero-phase band-pass in numpy alone, giving what the
scipy functions named in each docstring give for the way psoas calls them.

Why not scipy: importing scipy.ndimage, scipy.signal, scipy.interpolate and scipy.linalg took most
of a second, longer than `psoas analyze` then spends on an hour of ECG or a 15-minute RR file.
The windows here are short (a few beats, a few seconds of blocks),
so numpy is as fast as scipy was. tests/signals/test_windowed.py holds each against scipy.
"""

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

Values = NDArray[np.floating[Any]]
CHUNK = 1 << 15  # samples per piece of the band-pass: about two minutes at 250 Hz


def _edge_windows(values: NDArray[Any], size: int, cval: float | None = None) -> NDArray[Any]:
    """Each sample's window of `size` along the last axis, placed as scipy.ndimage places it (from
    size // 2 before to the rest after), the ends repeated or, with `cval`, filled with it."""
    return sliding_window_view(_padded(values, size, cval), size, axis=-1)


def _padded(values: NDArray[Any], size: int, cval: float | None) -> NDArray[Any]:
    """The values with what windows of `size` placed as scipy.ndimage places them reach past
    either end: the end values repeated or, with `cval`, filled with it."""
    before, after = size // 2, size - 1 - size // 2
    pad = [(0, 0)] * (values.ndim - 1) + [(before, after)]
    if cval is None:
        return np.pad(values, pad, mode="edge")
    return np.pad(values, pad, mode="constant", constant_values=cval)


def moving_max(values: NDArray[Any], size: int, cval: float | None = None) -> NDArray[Any]:
    """scipy.ndimage.maximum_filter1d(values, size, mode="nearest"), or mode="constant" with `cval`.

    By doubling: the maxima over spans of 2, 4, 8 ... samples, each the larger of two half as long,
    until two overlapping spans cover a window. A few whole-array steps; numpy's maximum over the
    rows of a sliding view goes a short row at a time, which took ten times as long."""
    padded = _padded(values, size, cval)
    count = padded.shape[-1] - size + 1
    best, span = padded, 1
    while 2 * span <= size:
        best = np.maximum(best[..., :-span], best[..., span:])
        span *= 2
    return np.asarray(np.maximum(best[..., :count], best[..., size - span : size - span + count]))


def moving_rank(values: Values, rank: int, size: int) -> NDArray[np.float64]:
    """The `rank`-th smallest (from 0) in each window, ends repeated: scipy.ndimage.rank_filter.

    A piece at a time along the last axis: partitioning copies every window, and a day of beats in
    91-beat windows copied at once took 200 MB per call."""
    windows = _edge_windows(values, size)
    out = np.empty(windows.shape[:-1], dtype=np.float64)
    for start in range(0, windows.shape[-2], CHUNK):
        piece = windows[..., start : start + CHUNK, :]
        out[..., start : start + CHUNK] = np.partition(piece, rank, axis=-1)[..., rank]
    return out


def moving_median(values: Values, size: int) -> NDArray[np.float64]:
    """scipy.ndimage.median_filter(values, size, mode="nearest") for one dimension (for an even
    size, the upper of the two middle values, as scipy takes)."""
    return moving_rank(values, size // 2, size)


def moving_percentile(values: Values, percent: float, size: int) -> NDArray[np.float64]:
    """scipy.ndimage.percentile_filter(values, percent, size, mode="nearest") for one dimension."""
    return moving_rank(values, int(size * percent / 100.0), size)


def local_maxima(x: Values) -> NDArray[np.int64]:
    """Samples higher than both neighbours; a flat top counts once, at its middle (rounded down),
    when both its sides are lower, as scipy.signal.find_peaks takes it."""
    if len(x) < 3:
        return np.zeros(0, dtype=np.int64)
    steps = np.diff(x)
    if np.all(steps != 0):  # no two neighbours equal, so no flat tops: the quick way
        return np.flatnonzero((steps[:-1] > 0) & (steps[1:] < 0)) + 1
    starts = np.flatnonzero(np.concatenate([[True], x[1:] != x[:-1]]))  # each run of equal values
    ends = np.append(starts[1:], len(x)) - 1
    level = x[starts]
    higher_than_before = np.concatenate([[False], level[1:] > level[:-1]])
    higher_than_after = np.concatenate([level[:-1] > level[1:], [False]])
    top = higher_than_before & higher_than_after
    return np.asarray((starts[top] + ends[top]) // 2, dtype=np.int64)


def find_peaks_apart(x: Values, distance: int) -> NDArray[np.int64]:
    """scipy.signal.find_peaks(x, distance=distance)[0]: the local maxima, the highest first, each
    removing the lower ones closer than `distance` samples.

    Taken highest first, a peak survives when no surviving higher one lies within `distance`. That
    is settled for many peaks at once: one higher than every unsettled neighbour survives, and its
    neighbours go; the rest are settled in further rounds, a few in practice.
    """
    return peaks_apart(local_maxima(x), x, distance)


def peaks_apart(peaks: NDArray[np.int64], x: Values, distance: int) -> NDArray[np.int64]:
    """Of these local maxima of `x`, in order, those find_peaks_apart keeps: each, taken highest
    first, removes the lower ones closer than `distance` samples. For a caller that has already
    left out maxima that could not matter, such as those under a threshold."""
    if len(peaks) < 2 or distance <= 1:
        return peaks
    rank = np.empty(len(peaks), dtype=np.int64)
    rank[np.argsort(x[peaks])] = np.arange(len(peaks))  # scipy's order, ties included
    kept = np.zeros(len(peaks), dtype=bool)
    unsettled = np.arange(len(peaks))
    for _ in range(MAX_ROUNDS):
        if len(unsettled) == 0:
            break
        winners, losers = _settle(peaks[unsettled], rank[unsettled], distance)
        kept[unsettled[winners]] = True
        unsettled = unsettled[~(winners | losers)]
    kept[unsettled[_one_by_one(peaks[unsettled], rank[unsettled], distance)]] = True
    return np.asarray(peaks[kept], dtype=np.int64)


# Rounds settle a long run of ever higher peaks only one peak at a time; after this many, the rest
# are taken one by one, as scipy does.
MAX_ROUNDS = 32


def _one_by_one(positions: NDArray[np.int64], rank: NDArray[np.int64], distance: int) -> NDArray[np.bool_]:
    """Which of these peaks survive, taken highest first, each removing those within `distance`."""
    first = np.searchsorted(positions, positions - distance + 1).tolist()
    last = np.searchsorted(positions, positions + distance - 1, side="right").tolist()
    kept = np.zeros(len(positions), dtype=bool)
    gone = [False] * len(positions)
    for peak in np.argsort(rank)[::-1].tolist():
        if gone[peak]:
            continue
        kept[peak] = True
        for other in range(first[peak], last[peak]):
            gone[other] = True
    return kept


def _settle(
    positions: NDArray[np.int64], rank: NDArray[np.int64], distance: int
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """One round among the unsettled peaks: those above every neighbour within `distance` survive,
    and those neighbours of theirs go. Neighbours `offset` places apart are compared as shifted
    slices, the offset growing until no pair that far apart is close."""
    highest = np.full(len(rank), -1, dtype=np.int64)
    offset = 1
    while offset < len(rank):
        close = positions[offset:] - positions[:-offset] < distance
        if not np.any(close):
            break
        np.maximum(highest[offset:], np.where(close, rank[:-offset], -1), out=highest[offset:])
        np.maximum(highest[:-offset], np.where(close, rank[offset:], -1), out=highest[:-offset])
        offset += 1
    winners = rank > highest
    losers = np.zeros(len(rank), dtype=bool)
    for apart in range(1, offset):
        close = positions[apart:] - positions[:-apart] < distance
        losers[apart:] |= close & winners[:-apart]
        losers[:-apart] |= close & winners[apart:]
    return winners, losers


def butterworth_bandpass(
    values: Values, fs: float, low: float, high: float, order: int
) -> NDArray[np.float64]:
    """A Butterworth band-pass run forwards and backwards (zero phase), applied in the frequency
    domain: filtering twice multiplies by the squared gain, which for a band-pass made by the
    bilinear transform, as scipy.signal.butter makes it, is 1 / (1 + w^(2 order)) at the warped
    frequency w. The same as scipy.signal.sosfiltfilt(butter(order, (low, high), "bandpass", fs=fs,
    output="sos"), values) away from the ends; at the ends the signal is extended by a reflection
    about its end value, as sosfiltfilt's padding does, for a second each side.

    The work is done in overlapping pieces of CHUNK samples, each keeping only its middle, a second
    from either edge, where the filter's response to the cut has died away: short transforms stay
    in the processor's cache and took a third of the time of one over the whole hour.
    """
    pad = min(len(values) - 1, int(fs))
    first, last = values[0], values[-1]
    extended = np.concatenate(
        [2 * first - values[pad:0:-1], values, 2 * last - values[-2 : -pad - 2 : -1]]
    ).astype(np.float64)
    length = max(CHUNK, _smooth_size(4 * pad + 1)) if len(extended) > CHUNK else _smooth_size(len(extended))
    gain = _squared_gain(np.fft.rfftfreq(length, 1 / fs), fs, low, high, order)
    kept = length - 2 * pad  # the middle of each piece that is kept
    out = np.empty(len(values))
    for start in range(0, len(values), kept):
        # The piece holds `pad` samples either side of the part kept (the extension at the ends).
        piece = extended[start : start + kept + 2 * pad]
        filtered = np.fft.irfft(np.fft.rfft(piece, length) * gain, length)
        count = min(kept, len(values) - start)
        out[start : start + count] = filtered[pad : pad + count]
    return out


def _squared_gain(frequencies: Values, fs: float, low: float, high: float, order: int) -> Values:
    """The gain of the band-pass run twice, at each frequency (Hz)."""
    warped = 2 * fs * np.tan(np.pi * np.minimum(frequencies, fs / 2 * (1 - 1e-12)) / fs)
    edges = 2 * fs * np.tan(np.pi * np.array([low, high]) / fs)
    centre_squared, width = edges[0] * edges[1], edges[1] - edges[0]
    with np.errstate(divide="ignore"):
        prototype = np.abs(warped**2 - centre_squared) / (warped * width)  # the low-pass frequency
    gain = 1 / (1 + prototype ** (2 * order))
    gain[0] = 0.0  # a band-pass passes no constant
    return np.asarray(gain)


def _smooth_size(least: int) -> int:
    """The smallest length from `least` up with no prime factor above 5, which the FFT does fastest
    (a power of two can be a sixth longer)."""
    best = 1 << (least - 1).bit_length()
    fives = 1
    while fives < best:
        threes = fives
        while threes < best:
            twos = threes * (1 << max(0, (least - 1) // threes).bit_length()) if threes < least else threes
            best = min(best, twos)
            threes *= 3
        fives *= 5
    return best
