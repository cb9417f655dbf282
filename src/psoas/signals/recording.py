"""What a reader hands to the analyses: evenly sampled arrays in SI units, and what was done to them."""

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
GRAVITY = 9.80665  # m/s² per g


class SignalError(ValueError):
    """A recording that cannot be read or analysed; the message says what was wrong and what is expected."""


class RateError(SignalError):
    """A sampling rate that is missing or out of range: the fix is a different rate, not a different file.

    The message names no option or form field; the command line and the web page each add where
    their rate is given. `given` is the rate that was refused, None when none was given.
    """

    def __init__(self, message: str, given: float | None = None) -> None:
        super().__init__(message)
        self.given = given


@dataclass(frozen=True)
class Motion:
    """Three-axis acceleration in m/s², evenly sampled at `fs` Hz; `xyz` has one row per sample."""

    fs: float
    xyz: Floats
    notes: tuple[str, ...] = field(default=())

    @property
    def duration_s(self) -> float:
        return len(self.xyz) / self.fs


@dataclass(frozen=True)
class Waveform:
    """One evenly sampled channel (an ECG lead or a respiration belt) at `fs` Hz."""

    fs: float
    values: Floats
    notes: tuple[str, ...] = field(default=())

    @property
    def duration_s(self) -> float:
        return len(self.values) / self.fs


@dataclass(frozen=True)
class Intervals:
    """Beat-to-beat (RR) intervals in milliseconds, in the order they happened."""

    rr_ms: Floats
    notes: tuple[str, ...] = field(default=())

    @property
    def duration_s(self) -> float:
        return float(np.sum(self.rr_ms)) / 1000


Recording = Motion | Waveform | Intervals
