"""Which stretches of an ECG can be trusted for beats: flat, too small, saturated and noisy ones found.

An R-peak detector finds "beats" in anything: a detached electrode's few microvolts of noise, a
clipped stretch of movement artefact, or a file of pure noise. The checks here look at the ECG in
one-second blocks, each judged against the recording's own typical QRS, the median swing of the blocks
that hold a detected beat (files come in mV, µV or ADC counts, so nothing can be absolute):

- *flat or too small*: within the three seconds around the block the QRS band (5-30 Hz) swings less
  than a tenth of the recording's typical swing, so no QRS is there to find;
- *saturated*: a twentieth or more of the block sits at the recording's extremes, where an
  amplifier or converter clips;
- *artefact*: the QRS band swings over four times its typical size, more than any heart does;
- *noisy*: the complexes found in the ten seconds around the block do not look like the recording's
  typical complex (median correlation under 0.7), so the detector is timing noise.

A recording whose complexes do not resemble one another anywhere (median correlation under 0.8
over all of it) holds no heartbeat at all. Bad stretches are widened by a second each side, since a
detector's window and the checks' blocks both blur an edge. Beats inside them are dropped, and no
interval is taken across one: the beats either side stay in separate clean stretches, never joined.
Judging each complex by its correlation with the recording's typical complex is the idea of the
template-matching quality index of Orphanidou et al. (2015, IEEE J Biomed Health Inform); the blocks,
the other checks and every threshold are ours, set on the real recordings in tests/signals (see
docs/signals.md).
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.signals.recording import Floats
from psoas.signals.windowed import butterworth_bandpass, moving_max

BLOCK_S = 1.0
WORKING_HZ = 250.0
QRS_BAND = (5.0, 30.0)  # Hz: the QRS complex's energy, above baseline wander and below mains hum
SMALL_WINDOW_S = 3.0  # a block is too small only when no QRS swing lies within this span around it
TOO_SMALL = 0.10  # share of the typical QRS swing
TOO_LARGE = 4.0  # times the typical QRS swing
RAIL_SHARE = 0.002  # within this share of the recording's range from its extremes is "at the rail"
SATURATED = 0.05  # share of a block's samples at a rail
BEAT_S = 0.08  # each side of a peak: the complex compared with the typical one
SHAPE_WINDOW_S = 10.0
NOISY_SHAPE = 0.7  # median correlation with the typical complex, around a block
NO_HEARTBEAT = 0.8  # median correlation over the whole recording
MARGIN_S = 1.0
Indices = NDArray[np.int64]


@dataclass(frozen=True)
class BadStretch:
    """A stretch of the ECG left out of beats and HRV, and why."""

    start_s: float
    end_s: float
    reason: str  # 'flat or too small', 'saturated', 'artefact', 'noisy'


@dataclass(frozen=True)
class EcgQuality:
    """Where an ECG can be trusted: a flag per sample, the bad stretches, and the clean share."""

    bad: NDArray[np.bool_]
    stretches: tuple[BadStretch, ...]
    clean_fraction: float
    heartbeat: bool  # False when the complexes found never resemble one another
    fs: float


def assess_ecg(ecg: Floats, fs: float, peaks: Indices) -> EcgQuality:
    """Find the stretches of `ecg` (sampled at `fs` Hz) whose beats cannot be trusted; `peaks` are
    the R peaks a detector found in it."""
    # The QRS band needs no more than about 250 Hz; thinning first keeps an hour at 1000 Hz cheap.
    step = max(1, int(fs // WORKING_HZ))
    rate = fs / step
    block = max(1, round(BLOCK_S * rate))
    band = butterworth_bandpass(_thinned(ecg, step), rate, *QRS_BAND, order=2)
    blocks = -(-len(band) // block)
    swing = _block_swings(band, block, blocks)
    # The typical QRS is that of blocks holding a beat: a long flat stretch holds none and must not
    # become the yardstick that the real ECG is measured against.
    with_beats = np.unique(np.minimum(peaks // step // block, blocks - 1))
    typical = float(np.median(swing[with_beats] if len(with_beats) else swing))
    reasons = np.full(blocks, "", dtype="<U17")
    shapes = _shape_scores(band, peaks // step, max(2, round(BEAT_S * rate)))
    del band
    heartbeat = int(np.sum(~np.isnan(shapes))) >= 3 and float(np.nanmedian(shapes)) >= NO_HEARTBEAT
    if typical <= 0:
        reasons[:] = "flat or too small"
    elif not heartbeat:
        reasons[:] = "noisy"
    else:
        reasons[_noisy_blocks(peaks // step, shapes, block, blocks, rate)] = "noisy"
        reasons[swing > TOO_LARGE * typical] = "artefact"
        reasons[_saturated_blocks(ecg, block * step, blocks)] = "saturated"
        reasons[_small_blocks(swing, typical)] = "flat or too small"
    stretches = _stretches(reasons, block / rate, len(ecg) / fs)
    bad = np.zeros(len(ecg), dtype=bool)
    for stretch in stretches:
        bad[int(stretch.start_s * fs) : int(np.ceil(stretch.end_s * fs))] = True
    clean = 1 - float(np.mean(bad)) if len(bad) else 0.0
    return EcgQuality(bad, tuple(stretches), clean, heartbeat, fs)


def _thinned(ecg: Floats, step: int) -> Floats:
    """Means of `step` neighbouring samples (a trailing part of a step is left off)."""
    if step == 1:
        return ecg
    usable = len(ecg) - len(ecg) % step
    return np.asarray(ecg[:usable].reshape(-1, step).mean(axis=1), dtype=np.float64)


def _block_swings(band: Floats, block: int, blocks: int) -> Floats:
    """Peak-to-peak of each block; the last block may be short."""
    padded = np.pad(band, (0, blocks * block - len(band)), mode="edge")
    return np.asarray(np.ptp(padded.reshape(blocks, block), axis=1), dtype=np.float64)


def _small_blocks(swing: Floats, typical: float) -> NDArray[np.bool_]:
    """Blocks inside a stretch of SMALL_WINDOW_S or more with no QRS-sized swing. The stretch is
    widened back by the same span, since a filter's ringing from the next QRS lifts its edges."""
    span = max(1, round(SMALL_WINDOW_S / BLOCK_S))
    small = moving_max(swing, span) < TOO_SMALL * typical
    return np.asarray(moving_max(small, span, cval=False), dtype=bool)


def _saturated_blocks(ecg: Floats, block: int, blocks: int) -> NDArray[np.bool_]:
    low, high = float(np.min(ecg)), float(np.max(ecg))
    reach = RAIL_SHARE * (high - low)
    at_rail = (ecg <= low + reach) | (ecg >= high - reach)
    padded = np.pad(at_rail, (0, max(0, blocks * block - len(ecg))))[: blocks * block]
    return np.asarray(padded.reshape(blocks, block).mean(axis=1) >= SATURATED)


def _shape_scores(band: Floats, peaks: Indices, reach: int) -> Floats:
    """Each complex's correlation with the recording's typical (median) complex, in the QRS band;
    NaN for a complex cut off by either end."""
    scores = np.full(len(peaks), np.nan)
    whole = (peaks >= reach) & (peaks < len(band) - reach)
    if np.sum(whole) < 3:
        return scores
    complexes = band[peaks[whole][:, None] + np.arange(-reach, reach + 1)[None, :]]
    complexes = complexes - complexes.mean(axis=1, keepdims=True)
    typical = np.median(complexes, axis=0)
    typical = typical - typical.mean()
    norms = np.linalg.norm(complexes, axis=1) * np.linalg.norm(typical)
    scores[whole] = complexes @ typical / np.maximum(norms, 1e-300)
    return scores


def _noisy_blocks(peaks: Indices, shapes: Floats, block: int, blocks: int, fs: float) -> NDArray[np.bool_]:
    """Blocks whose surrounding SHAPE_WINDOW_S holds three or more complexes, most unlike the typical.

    Each block's complexes are a run of consecutive peaks; the runs are laid side by side as rows
    (NaN past each run's end), so that one median over the rows replaces one per block."""
    centres = (np.arange(blocks) + 0.5) * block
    half = SHAPE_WINDOW_S * fs / 2
    first = np.searchsorted(peaks, centres - half)
    last = np.searchsorted(peaks, centres + half)
    widest = int(np.max(last - first)) if blocks else 0
    if widest == 0:
        return np.zeros(blocks, dtype=bool)
    rows = first[:, None] + np.arange(widest)[None, :]
    inside = rows < last[:, None]
    around = np.where(inside, shapes[np.minimum(rows, len(shapes) - 1)], np.nan)
    counted = np.sum(~np.isnan(around), axis=1)
    enough = counted >= 3
    typical = np.full(blocks, np.inf)
    if np.any(enough):
        typical[enough] = np.nanmedian(around[enough], axis=1)
    return np.asarray(enough & (typical < NOISY_SHAPE))


def _stretches(reasons: NDArray[np.str_], block_s: float, duration: float) -> list[BadStretch]:
    """Runs of bad blocks as stretches widened by MARGIN_S, merged where they touch; a merged
    stretch keeps the reason that covered most of it."""
    stretches: list[tuple[float, float, dict[str, float]]] = []
    for index in np.flatnonzero(reasons != ""):
        start = max(0.0, index * block_s - MARGIN_S)
        end = min(duration, (index + 1) * block_s + MARGIN_S)
        reason = str(reasons[index])
        if stretches and start <= stretches[-1][1]:
            first, _, counts = stretches[-1]
            counts[reason] = counts.get(reason, 0.0) + block_s
            stretches[-1] = (first, end, counts)
        else:
            stretches.append((start, end, {reason: block_s}))
    return [
        BadStretch(round(float(start), 2), round(float(end), 2), max(counts, key=lambda name: counts[name]))
        for start, end, counts in stretches
    ]


def clean_runs(peaks: Indices, quality: EcgQuality) -> list[Indices]:
    """The R peaks outside bad stretches, in runs of two or more with no bad sample between
    neighbours: one array per clean stretch."""
    kept = peaks[~quality.bad[peaks]] if len(peaks) else peaks
    if len(kept) < 2:
        return []
    # Beats inside a bad stretch are gone, so the beats either side of one are neighbours in
    # `kept`: the run breaks after the last beat before the stretch.
    starts = np.asarray(
        [round(stretch.start_s * quality.fs) for stretch in quality.stretches], dtype=np.int64
    )
    breaks = np.unique(np.searchsorted(kept, starts))
    breaks = breaks[(breaks > 0) & (breaks < len(kept))]
    return [run for run in np.split(kept, breaks) if len(run) >= 2]


def clean_intervals(peaks: Indices, fs: float, quality: EcgQuality) -> list[Floats]:
    """RR intervals (ms) of each clean stretch; an interval is never taken across a bad stretch."""
    return [np.diff(run) / fs * 1000 for run in clean_runs(peaks, quality)]


def tachogram(
    rpeaks: list[int], fs: float, left_out: list[dict[str, float | str]]
) -> dict[str, list[float | None]]:
    """RR intervals (ms) and the time (s) each ends, for plotting; an interval across a stretch left
    out is None, so that a tachogram breaks there instead of drawing one interval as long as the
    stretch. `rpeaks` and `left_out` are as the analysis's JSON gives them."""
    peaks = np.asarray(rpeaks, dtype=float) / fs
    across = np.zeros(max(0, len(peaks) - 1), dtype=bool)
    for stretch in left_out:
        index = int(np.searchsorted(peaks, float(stretch["start_s"]))) - 1
        if 0 <= index < len(across):
            across[index] = True
    intervals = np.diff(peaks) * 1000
    return {
        "rr_ms": [None if cut else round(float(v), 1) for v, cut in zip(intervals, across, strict=True)],
        "rr_end_s": [round(float(t), 3) for t in peaks[1:]],
    }
