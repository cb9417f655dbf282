"""The kind guessed from a file's shape can be wrong: when it finds nothing, the other is suggested."""

import numpy as np
import pytest

from psoas.signals.analysis import analyse
from psoas.signals.recording import Intervals, SignalError, Waveform


def test_a_guessed_rr_file_with_nothing_measurable_suggests_a_signal() -> None:
    # Raw samples in the millisecond range (an ECG in ADC counts, say) look like intervals.
    samples = np.random.default_rng(0).uniform(300, 2000, 200)
    result = analyse(Intervals(samples), "auto")
    assert result["mean_hr_bpm"] is None
    assert result["notes"][-1] == (
        "nothing could be measured; if the file holds samples of an ECG or a belt rather than "
        "intervals, choose the kind ecg or breathing and give its sampling rate"
    )
    assert not any("nothing could" in note for note in analyse(Intervals(samples), "rr")["notes"])


def test_a_guessed_belt_with_no_breathing_rate_suggests_an_ecg() -> None:
    t = np.arange(0, 120, 1 / 250)
    result = analyse(Waveform(250, np.sin(2 * np.pi * 0.01 * t)), "auto")
    assert (result["kind"], result["rate_bpm"]) == ("breathing", None)
    assert result["notes"][-1] == "nothing could be measured; if this is an ECG, choose the kind ecg"


def test_a_guessed_ecg_with_no_heartbeat_suggests_a_belt() -> None:
    t = np.arange(0, 30, 1 / 250)
    hum = Waveform(250, np.sin(2 * np.pi * 50 * t))  # mains hum: fast, like an ECG, but no beats
    with pytest.raises(SignalError) as refused:
        analyse(hum, "auto")
    assert str(refused.value).endswith("; if this is a respiration belt, choose the kind breathing")
    with pytest.raises(SignalError) as asked:
        analyse(hum, "ecg")
    assert "respiration belt" not in str(asked.value)
