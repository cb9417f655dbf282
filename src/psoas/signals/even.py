"""Putting timed samples on an even grid: phones log sensors at uneven moments."""

import numpy as np

from psoas.signals.recording import Floats, SignalError

# Sample spacing may wander this much (as a share of the typical step) before we resample.
JITTER_ALLOWED = 0.02
# A pause in the time column longer than this (and ten typical steps) is a gap: nothing was
# recorded there, so nothing is drawn across it. Filling it would also cost memory without
# bound: one late time stamp in a 200 kB file once asked for 7 GiB of made-up samples.
GAP_SECONDS = 1.0


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
    _refuse_gaps(seconds, steps, step, name, first_line)
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


def _refuse_gaps(seconds: Floats, steps: Floats, step: float, name: str, first_line: int) -> None:
    """Refuse a recording with a pause in it, naming where: psoas does not fill time it did not see."""
    gaps = steps > max(GAP_SECONDS, 10 * step)
    if not np.any(gaps):
        return
    at = int(np.argmax(gaps))
    raise SignalError(
        f"{name}: line {first_line + at + 1}: the time jumps from {seconds[at]:g} s to "
        f"{seconds[at + 1]:g} s, a gap of {steps[at]:g} s with nothing recorded; expected samples "
        "without pauses (split the file at the gap, or record again without pausing)"
    )
