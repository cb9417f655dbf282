"""Heart-rate variability against NeuroKit2 on the same real RR data, and the handling of bad beats."""

import warnings

import neurokit2 as nk
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.interpolate import make_interp_spline
from scipy.signal import welch

from psoas.signals.beats import correct_beats
from psoas.signals.hrv import INTERPOLATION_HZ, hrv, hrv_time, nn_spectrum, quadratic_spline

from .recordings import pyhrv_nn, systole_rr

# NeuroKit2 is asked for ms² (normalize=False) at a fixed 4 Hz interpolation, the rate psoas uses;
# both then take the band edges LF 0.04-0.15 Hz and HF 0.15-0.40 Hz.
SERIES = {
    "pyhrv SampleNNISeriesLong (60 min)": lambda: pyhrv_nn("Long"),
    "pyhrv SampleNNISeriesShort (5 min)": lambda: pyhrv_nn("Short"),
    "systole datasets/rr.txt (4 min)": systole_rr,
}


def neurokit_figures(rr_ms: np.ndarray) -> dict[str, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        intervals = {"RRI": rr_ms, "RRI_Time": np.cumsum(rr_ms) / 1000}
        time = nk.hrv_time(intervals)
        frequency = nk.hrv_frequency(intervals, normalize=False, interpolation_rate=4)
    return {
        "mean_hr_bpm": 60_000 / float(time["HRV_MeanNN"].iloc[0]),
        "sdnn_ms": float(time["HRV_SDNN"].iloc[0]),
        "rmssd_ms": float(time["HRV_RMSSD"].iloc[0]),
        "pnn50": float(time["HRV_pNN50"].iloc[0]),
        "lf_ms2": float(frequency["HRV_LF"].iloc[0]),
        "hf_ms2": float(frequency["HRV_HF"].iloc[0]),
    }


@pytest.mark.parametrize("name", SERIES)
def test_it_agrees_with_neurokit2_within_2_percent_on_real_rr(name: str) -> None:
    rr = SERIES[name]()
    ours = hrv(rr)
    reference = neurokit_figures(rr)
    assert ours.artifact_fraction < 0.01, "these are clean NN series; almost nothing should be corrected"
    for figure, expected in reference.items():
        value = getattr(ours, figure)
        assert value == pytest.approx(expected, rel=0.02), figure


def test_clean_series_figures_match_neurokit2_to_rounding() -> None:
    rr = pyhrv_nn("Short")
    reference = neurokit_figures(rr)
    for figure, value in hrv_time(rr).items():
        assert value == pytest.approx(reference[figure], rel=1e-9), figure


def _clean_series(beats: int = 600, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    breathing = 40 * np.sin(2 * np.pi * np.arange(beats) * 0.25 * 0.8)  # sinus arrhythmia
    return 800 + breathing + rng.normal(0, 12, beats)


def test_it_leaves_a_clean_series_alone() -> None:
    rr = _clean_series()
    corrected = correct_beats(rr)
    assert corrected.corrected == 0
    np.testing.assert_array_equal(corrected.nn_ms, rr)


def test_it_finds_and_mends_a_missed_beat_an_extra_detection_and_an_ectopic_beat() -> None:
    clean = _clean_series()
    rr: list[float] = []
    for index, interval in enumerate(clean):
        if index == 101:
            rr[-1] += interval  # a beat the detector missed: two intervals read as one
        elif index == 250:
            rr.extend([0.45 * interval, 0.55 * interval])  # a T wave read as a beat: one split in two
        else:
            rr.append(interval)
    shift = 0.3 * clean[400]  # a premature beat and its compensating pause
    rr[399] -= shift
    rr[400] += shift
    corrected = correct_beats(np.array(rr))
    assert (corrected.missed, corrected.extra) == (1, 1)
    assert corrected.ectopic >= 1
    assert len(corrected.nn_ms) == len(clean)
    assert np.sum(corrected.nn_ms) == pytest.approx(np.sum(clean), rel=1e-3)
    assert np.max(np.abs(corrected.nn_ms - clean)) < 0.2 * 800


def test_it_reports_the_share_of_corrected_beats() -> None:
    rr = _clean_series()
    rr[25::50] *= 2.0  # every 50th interval hides a missed beat
    result = hrv(rr)
    assert result.beats.missed == 12
    assert result.artifact_fraction == pytest.approx(12 / 600)


def test_a_short_segment_gets_only_the_figures_it_can_support_and_says_why() -> None:
    rr = _clean_series(beats=60)  # about 48 seconds
    result = hrv(rr)
    assert result.mean_hr_bpm == pytest.approx(60_000 / np.mean(rr))
    assert (result.rmssd_ms, result.lf_ms2, result.hf_ms2) == (None, None, None)
    assert result.withheld["rmssd_ms"] == "needs at least 60 s of beats; this segment has 48 s"
    assert result.withheld["lf_ms2"].startswith("needs at least 120 s")


def test_a_corrupted_segment_gets_no_figures_and_says_why() -> None:
    rr = _clean_series(beats=400)
    rr[::3] *= 2  # a chest strap losing every third beat
    result = hrv(rr)
    assert result.artifact_fraction > 0.3
    assert all(value is None for value in result.figures().values())
    assert "of beats needed correcting" in result.withheld["rmssd_ms"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(300, 2000), min_size=3, max_size=300),
    st.lists(st.floats(300, 2000), min_size=300, max_size=300),
)
def test_the_quadratic_spline_is_scipys(intervals: list[float], values: list[float]) -> None:
    """Built in less memory, the spline must still be make_interp_spline's, at sites however spaced."""
    sites = np.cumsum(intervals) / 1000
    heights = np.array(values[: len(sites)])
    grid = np.linspace(sites[0], sites[-1], 997)
    expected = make_interp_spline(sites, heights, k=2)(grid)
    assert np.allclose(quadratic_spline(sites, heights)(grid), expected, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", SERIES)
def test_the_spectrum_is_scipys_welch_of_the_interpolated_series(name: str) -> None:
    """Drawn a segment at a time, the spectrum must equal scipy's Welch of the whole 4 Hz series."""
    nn = SERIES[name]().astype(float)
    beat_times = np.cumsum(nn) / 1000
    grid = np.arange(beat_times[0], beat_times[-1] + 1 / INTERPOLATION_HZ, 1 / INTERPOLATION_HZ)
    series = make_interp_spline(beat_times, nn, k=2)(np.clip(grid, beat_times[0], beat_times[-1]))
    segment = len(series) // 2
    expected_frequencies, expected = welch(
        series - series.mean(),
        fs=INTERPOLATION_HZ,
        window="hann",
        nperseg=segment,
        nfft=2 * segment,
        detrend=False,
    )
    frequencies, density = nn_spectrum(nn)
    kept = np.isin(expected_frequencies, frequencies)
    assert len(frequencies) == kept.sum() > segment // 2
    assert np.allclose(frequencies, expected_frequencies[kept])
    assert np.allclose(density, expected[kept], rtol=1e-9, atol=1e-9 * expected.max())
