"""The numpy stand-ins for scipy's filters give scipy's answers, as psoas calls them."""

import numpy as np
import pytest
from scipy import ndimage, signal
from scipy.interpolate import make_interp_spline

from psoas.signals import windowed
from psoas.signals.hrv import quadratic_spline
from tests.signals.recordings import pyhrv_nn

RNG = np.random.default_rng(0)
NOISE = RNG.normal(size=5000)


@pytest.mark.parametrize("size", [1, 2, 3, 8, 11, 33])
def test_moving_max_and_median_are_scipy_s(size: int) -> None:
    assert np.array_equal(
        windowed.moving_max(NOISE, size), ndimage.maximum_filter1d(NOISE, size, mode="nearest")
    )
    assert np.array_equal(
        windowed.moving_median(NOISE, size), ndimage.median_filter(NOISE, size, mode="nearest")
    )


@pytest.mark.parametrize("size", [1, 3, 6, 17])
def test_a_moving_max_of_flags_pads_with_false_as_scipy_s_constant_mode(size: int) -> None:
    flags = RNG.random(300) < 0.3
    expected = ndimage.maximum_filter1d(flags, size, mode="constant")
    assert np.array_equal(windowed.moving_max(flags, size, cval=False), expected)


@pytest.mark.parametrize("length", [1, 2, 5])
def test_a_moving_max_wider_than_the_values_is_scipy_s(length: int) -> None:
    values = NOISE[:length]
    expected = ndimage.maximum_filter1d(values, 9, mode="nearest")
    assert np.array_equal(windowed.moving_max(values, 9), expected)


@pytest.mark.parametrize("percent", [25, 75])
def test_moving_percentile_is_scipy_s(percent: float) -> None:
    expected = ndimage.percentile_filter(NOISE, percent, size=91, mode="nearest")
    assert np.array_equal(windowed.moving_percentile(NOISE, percent, 91), expected)


@pytest.mark.parametrize("distance", [1, 5, 11, 40])
def test_peaks_apart_are_scipy_s_even_on_flat_tops(distance: int) -> None:
    values = np.round(RNG.normal(size=20_000), 1)  # many plateaus and ties
    assert np.array_equal(
        windowed.find_peaks_apart(values, distance), signal.find_peaks(values, distance=distance)[0]
    )


def test_the_band_pass_is_scipy_s_zero_phase_butterworth_away_from_the_ends() -> None:
    values = RNG.normal(size=60_000)
    ours = windowed.butterworth_bandpass(values, 250.0, 5.0, 30.0, 2)
    theirs = signal.sosfiltfilt(signal.butter(2, (5.0, 30.0), "bandpass", fs=250.0, output="sos"), values)
    assert np.allclose(ours[250:-250], theirs[250:-250], rtol=0, atol=1e-6 * np.std(theirs))
    assert np.std(ours[:250] - theirs[:250]) < 0.5 * np.std(theirs)  # the ends are padded differently


def test_the_quadratic_spline_is_scipy_s_interpolating_spline() -> None:
    rr = pyhrv_nn("Short")
    times = np.cumsum(rr) / 1000
    grid = np.arange(times[0], times[-1], 0.25)
    expected = make_interp_spline(times, rr, k=2)(grid)
    assert np.allclose(quadratic_spline(times, rr)(grid), expected, rtol=0, atol=1e-9)


def test_a_long_run_of_ever_higher_peaks_is_settled_one_by_one_as_scipy_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = np.zeros(4000)
    values[1::2] = np.arange(2000)  # each peak a little higher than the one before, 2 samples on
    expected = signal.find_peaks(values, distance=5)[0]
    assert np.array_equal(windowed.find_peaks_apart(values, 5), expected)
    monkeypatch.setattr(windowed, "MAX_ROUNDS", 0)
    noise = np.round(RNG.normal(size=5000), 1)
    assert np.array_equal(windowed.find_peaks_apart(noise, 11), signal.find_peaks(noise, distance=11)[0])
