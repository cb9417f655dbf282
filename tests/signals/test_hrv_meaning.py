"""Today's RMSSD against a person's own usual range, on real NN intervals (pyhrv's hour)."""

import math

import numpy as np

from psoas.signals.hrv_meaning import LEAST_FOR_RANGE, MEANINGS, usual_range
from tests.signals.recordings import pyhrv_nn


def rmssd(nn: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.diff(nn) ** 2)))


def five_minute_rmssds() -> list[float]:
    """RMSSD of each 5 minutes of a real hour of NN intervals: a week of morning readings, say."""
    nn = pyhrv_nn("Long")
    ends = np.cumsum(nn) / 1000
    return [rmssd(nn[(ends >= start) & (ends < start + 300)]) for start in range(0, 3300, 300)]


def test_the_range_is_the_log_mean_give_or_take_one_spread() -> None:
    readings = five_minute_rmssds()
    earlier, today = readings[:-1], readings[-1]
    found = usual_range(today, earlier)
    assert found is not None
    logs = np.log(earlier[-10:])
    assert math.isclose(found.middle_ms, math.exp(logs.mean()), rel_tol=1e-9)
    assert math.isclose(found.high_ms, math.exp(logs.mean() + logs.std(ddof=1)), rel_tol=1e-9)
    assert found.low_ms < found.middle_ms < found.high_ms
    assert found.recordings == 10


def test_too_few_earlier_recordings_give_no_range() -> None:
    readings = five_minute_rmssds()
    assert usual_range(readings[-1], readings[: LEAST_FOR_RANGE - 1]) is None
    assert usual_range(readings[-1], readings[:LEAST_FOR_RANGE]) is not None


def test_today_far_below_or_above_is_named_so() -> None:
    earlier = five_minute_rmssds()
    low = usual_range(min(earlier) / 3, earlier)
    high = usual_range(max(earlier) * 3, earlier)
    assert low is not None
    assert low.where == "below"
    assert high is not None
    assert high.where == "above"


def test_every_heart_figure_is_explained() -> None:
    assert set(MEANINGS) == {"mean_hr_bpm", "rmssd_ms", "sdnn_ms", "pnn50", "lf_ms2", "hf_ms2"}
