"""Finding and correcting bad beats in an RR series: ectopic beats, missed beats and extra detections.

Follows the beat classification of Lipponen & Tarvainen (2019, J Med Eng Technol 43:173-181). Each
interval's successive difference and its distance from the median of its 11 neighbours are scaled by
thresholds that follow the person's own variability (5.2 quartile deviations over 91 beats), so that
a heart that varies a lot with breathing is not "corrected". A short-long or long-short pattern is an
ectopic beat; an interval far from its neighbours is long or short, and among those an interval of
about a whole number of local medians is a missed beat (split that many ways) and a short one that
adds up with the next to about one median is an extra detection (merged). Ectopic, long and short
intervals are replaced by linear interpolation from the normal intervals around them.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.signals.recording import Floats
from psoas.signals.windowed import moving_median, moving_percentile

ALPHA = 5.2  # quartile deviations to a threshold
VARIABILITY_BEATS = 91
MEDIAN_BEATS = 11
C1, C2 = 0.13, 0.17  # the slope and offset of the ectopic decision boundary
FAR = 3.0  # scaled distance from the local median that makes an interval long or short on its own
# Guards of ours on top of the paper. An ectopic interval must also lie 10 % from its local
# median, so that ordinary beat-to-beat variation at rest is left alone; and any interval more than
# 50 % from it is long or short whatever the thresholds say, because the adaptive thresholds grow
# with the artefacts themselves once a quarter of the beats are bad (a loose electrode).
ECTOPIC_SHARE = 0.10
# A third: a jump into and out of an interval marks it long or short only when it also stands well
# away from its median; otherwise the slow swell of a breath at rest is "corrected".
PATTERN_ALSO_FAR = 2.0
IMPLAUSIBLE_SHARE = 0.5


@dataclass(frozen=True)
class CorrectedBeats:
    """Normal-to-normal intervals after correction, and how many intervals needed it."""

    nn_ms: Floats
    ectopic: int
    missed: int
    extra: int
    other: int  # long or short intervals that were neither a missed beat nor an extra detection
    beats: int  # intervals in the original series

    @property
    def corrected(self) -> int:
        return self.ectopic + self.missed + self.extra + self.other

    @property
    def artifact_fraction(self) -> float:
        return self.corrected / self.beats if self.beats else 0.0


def _quartile_deviation(values: Floats) -> Floats:
    """Half the interquartile range of |values| over a moving window of VARIABILITY_BEATS."""
    magnitude = np.abs(values)
    q1 = moving_percentile(magnitude, 25, VARIABILITY_BEATS)
    q3 = moving_percentile(magnitude, 75, VARIABILITY_BEATS)
    return np.maximum((q3 - q1) / 2, 1e-9)


def _neighbour(values: Floats, shift: int) -> Floats:
    """values[j + shift] for each j, repeating the end value past either end."""
    if shift > 0:
        return np.concatenate([values[shift:], np.repeat(values[-1], shift)])
    return np.concatenate([np.repeat(values[0], -shift), values[:shift]])


def classify_beats(rr_ms: Floats) -> NDArray[np.str_]:
    """A label per interval: 'normal', 'ectopic', 'missed', 'extra' or 'other' (long or short)."""
    difference = np.diff(rr_ms, prepend=rr_ms[0])
    difference[0] = np.mean(difference[1:]) if len(difference) > 1 else 0.0
    scaled_difference = difference / (ALPHA * _quartile_deviation(difference))
    median = moving_median(rr_ms, MEDIAN_BEATS)
    from_median = rr_ms - median
    from_median = np.where(from_median < 0, 2 * from_median, from_median)  # short beats count double
    median_threshold = ALPHA * _quartile_deviation(from_median)
    scaled_median = from_median / median_threshold
    before, after, after_two = (_neighbour(scaled_difference, s) for s in (-1, 1, 2))
    rising = scaled_difference > 0
    s12 = np.where(rising, np.maximum(before, after), np.minimum(before, after))
    s22 = np.where(scaled_difference >= 0, np.minimum(after, after_two), np.maximum(after, after_two))
    share = np.abs(rr_ms - median) / median
    ectopic = (
        ((scaled_difference > 1) & (s12 < -C1 * scaled_difference - C2))
        | ((scaled_difference < -1) & (s12 > -C1 * scaled_difference + C2))
    ) & (share > ECTOPIC_SHARE)
    by_pattern = (np.abs(scaled_difference) > 1) & (
        ((scaled_difference > 1) & (s22 < -1)) | ((scaled_difference < -1) & (s22 > 1))
    )
    long_short = (
        (by_pattern & (np.abs(scaled_median) > PATTERN_ALSO_FAR))
        | (np.abs(scaled_median) > FAR)
        | (share > IMPLAUSIBLE_SHARE)
    )
    labels = np.full(len(rr_ms), "normal", dtype="<U7")
    labels[ectopic] = "ectopic"
    candidates = long_short & ~ectopic
    nxt = _neighbour(rr_ms, 1)
    parts = np.maximum(np.round(rr_ms / median), 1)
    missed = candidates & (parts >= 2) & (np.abs(rr_ms / parts - median) < median_threshold)
    extra = candidates & ~missed & (np.abs(rr_ms + nxt - median) < median_threshold)
    labels[candidates] = "other"
    labels[missed] = "missed"
    labels[extra] = "extra"
    return labels


def correct_beats(rr_ms: Floats) -> CorrectedBeats:
    """Detect and correct artefacts in RR intervals (ms); a clean series comes back unchanged."""
    if len(rr_ms) < 5:
        return CorrectedBeats(rr_ms.copy(), 0, 0, 0, 0, len(rr_ms))
    labels = classify_beats(rr_ms)
    counts = {name: int(np.sum(labels == name)) for name in ("ectopic", "missed", "extra", "other")}
    if not any(counts.values()):
        return CorrectedBeats(rr_ms.copy(), beats=len(rr_ms), **counts)
    values = rr_ms.astype(np.float64).copy()
    extra = np.flatnonzero(labels == "extra")
    partners = extra[extra + 1 < len(values)] + 1
    replace = ((labels == "ectopic") | (labels == "other")) & ~np.isin(np.arange(len(values)), partners)
    good = labels == "normal"
    if np.any(good) and np.any(replace):
        positions = np.arange(len(values))
        values[replace] = np.interp(positions[replace], positions[good], values[good])
    return CorrectedBeats(
        _merge_and_split(values, labels, moving_median(rr_ms, MEDIAN_BEATS)),
        beats=len(rr_ms),
        **counts,
    )


def _merge_and_split(values: Floats, labels: NDArray[np.str_], reference: Floats) -> Floats:
    """Merge each extra detection with the interval after it; split each missed beat's interval into
    as many as the local median says it spans."""
    out: list[Floats] = []
    start = 0
    for index in (int(i) for i in np.flatnonzero((labels == "missed") | (labels == "extra"))):
        if index < start:  # already merged into the extra detection before it
            continue
        out.append(values[start:index])
        if labels[index] == "missed":
            parts = max(2, round(values[index] / reference[index]))
            out.append(np.repeat(values[index] / parts, parts))
            start = index + 1
        elif index + 1 < len(values):
            out.append(values[index : index + 1] + values[index + 1])
            start = index + 2
        else:
            start = index + 1
    out.append(values[start:])
    return np.concatenate(out)
