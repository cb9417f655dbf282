"""`psoas analyze --plot`: the picture's axes say what they hold and run over the recording's time."""

import numpy as np
import pytest

from psoas.cli.analysis_plot import figure
from psoas.signals.analysis import analyse
from psoas.signals.recording import Intervals, Motion, Waveform
from tests.signals.recordings import systole_ecg, tremor_recording


@pytest.fixture(scope="module")
def two_minutes() -> tuple[Motion, dict]:  # type: ignore[type-arg]
    acc = tremor_recording([(20, 80, 6.0, 0.7)], seconds=120)
    motion = Motion(100.0, acc)
    return motion, analyse(motion, "tremor")


def test_the_minutes_run_from_the_start_to_the_end_of_the_recording(
    two_minutes: tuple[Motion, dict],  # type: ignore[type-arg]
) -> None:
    top, bottom = figure(*two_minutes).axes
    assert bottom.get_xlim() == pytest.approx((0, 2))
    assert top.get_xlim() == pytest.approx((0, 2))
    assert all(tick == int(tick) for tick in bottom.get_xticks() if 0 <= tick <= 2)


def test_the_tremor_plot_names_its_y_axis_and_its_colours(
    two_minutes: tuple[Motion, dict],  # type: ignore[type-arg]
) -> None:
    top, _ = figure(*two_minutes).axes
    assert top.get_ylabel() == "strength (m/s² RMS)"
    legend = top.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["tremor, as high as its strength"]
    (episode,) = top.patches
    assert episode.get_height() == pytest.approx(0.7, abs=0.1)
    assert np.isclose(episode.get_x(), 20 / 60, atol=0.02)


def test_the_tachogram_breaks_at_an_ecg_stretch_left_out() -> None:
    """systole's real ECG, 3 minutes at 250 Hz, the lead off at 60-80 s. Before, the plot took
    differences of all the R peaks and drew one 20-second interval across the stretch."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(180 * fs) : 4].astype(float)
    ecg[60 * 250 : 80 * 250] = np.random.default_rng(0).normal(0, 0.003, 20 * 250)
    waveform = Waveform(250.0, ecg)
    result = analyse(waveform, "ecg")
    assert len(result["quality"]["left_out"]) == 1
    top, _ = figure(waveform, result).axes
    times, rr = top.lines[0].get_data()
    assert int(np.sum(np.isnan(rr))) == 1
    assert np.nanmax(rr) < 1200
    gap = int(np.flatnonzero(np.isnan(rr))[0])
    assert times[gap - 1] < 1  # the break spans the stretch, 59 to 81 s
    assert times[gap] > 1.3


def test_an_rr_tachogram_is_drawn_at_each_interval_s_end() -> None:
    rr = np.full(120, 1000.0)
    result = analyse(Intervals(rr), "rr")
    top, _ = figure(Intervals(rr), result).axes
    times, values = top.lines[0].get_data()
    assert np.allclose(times, np.arange(1, 121) / 60)
    assert np.allclose(values, 1000)
