"""Putting timed samples on an even grid: phones log sensors at uneven moments."""

import numpy as np

from psoas.signals.recording import Floats, SignalError

# Sample spacing may wander this much (as a share of the typical step) before we resample.
JITTER_ALLOWED = 0.02


def make_even(seconds: Floats, values: Floats, name: str, first_line: int) -> tuple[float, Floats, str]:
    """The sampling rate, evenly sampled values and a note ('' when the samples were already even)."""
    steps = np.diff(seconds)
    if len(steps) == 0:
        raise SignalError(f"{name}: only one sample; expected a recording of many samples")
    if np.any(steps <= 0):
        row = int(np.argmax(steps <= 0)) + 1
        raise SignalError(
            f"{name}: line {first_line + row}: time {seconds[row]:g} s does not come after the line "
            "before; expected times that increase"
        )
    step = float(np.median(steps))
    fs = _round_rate(1 / step)
    spread = float(np.max(np.abs(steps - step))) / step
    if spread <= JITTER_ALLOWED:
        return fs, values, ""
    grid = np.arange(0, seconds[-1], 1 / fs)
    even = np.column_stack([np.interp(grid, seconds, column) for column in values.T])
    low, high = float(np.min(steps)) * 1000, float(np.max(steps)) * 1000
    note = f"uneven sampling (steps {low:.3g} to {high:.3g} ms) resampled to an even {fs:g} Hz"
    return fs, even, note


def _round_rate(fs: float) -> float:
    """A sampling rate as devices state it: 99.97 Hz is 100 Hz; keep one decimal below 10 Hz."""
    return float(round(fs)) if fs >= 10 else round(fs, 1)
