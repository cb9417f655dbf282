"""`psoas analyze --plot`: the picture's axes say what they hold and run over the recording's time."""

import numpy as np
import pytest

from psoas.cli.analysis_plot import figure
from psoas.signals.analysis import analyse
from psoas.signals.recording import Motion
from tests.signals.recordings import tremor_recording


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
