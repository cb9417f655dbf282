"""Heart-rate variability from normal-to-normal intervals: time and frequency domain.

Definitions follow the Task Force of the European Society of Cardiology and the North American
Society of Pacing and Electrophysiology (1996): SDNN, RMSSD, pNN50 (as a percentage of intervals),
LF 0.04-0.15 Hz and HF 0.15-0.40 Hz in ms². The spectrum is estimated the way NeuroKit2's
`hrv_frequency` does, so that figures can be compared with it: the NN series is placed at the time
each beat ends, interpolated at 4 Hz with a quadratic spline, its mean removed, and analysed with
Welch's method (Hann segments half the series long, 50 % overlap, zero-padded to twice their length,
density scaling); band power is the trapezoid integral over the band's frequencies, lower edge
included and upper edge excluded.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from psoas.signals.beats import CorrectedBeats, correct_beats
from psoas.signals.recording import Floats

INTERPOLATION_HZ = 4.0
DRAW_BLOCK = 8192  # samples drawn per spline call; its temporaries stay below the FFT's
LF_BAND = (0.04, 0.15)
HF_BAND = (0.15, 0.40)
# Shortest recordings for each figure (Task Force 1996: a minute for HF, two for LF; Shaffer &
# Ginsberg 2017 for ultra-short time-domain figures).
MIN_SECONDS = {"mean_hr_bpm": 10.0, "time": 60.0, "hf_ms2": 60.0, "lf_ms2": 120.0}
# More corrected beats than this and the spectrum, then every figure, stops being trustworthy.
MAX_CORRECTED_FOR_SPECTRUM = 0.05
MAX_CORRECTED = 0.20
FIGURES = ("mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50", "lf_ms2", "hf_ms2")


@dataclass(frozen=True)
class Hrv:
    """HRV figures of one segment; a figure is None when `withheld` says why it could not be given."""

    mean_hr_bpm: float | None
    sdnn_ms: float | None
    rmssd_ms: float | None
    pnn50: float | None
    lf_ms2: float | None
    hf_ms2: float | None
    artifact_fraction: float
    beats: CorrectedBeats
    withheld: dict[str, str] = field(default_factory=dict)

    def figures(self) -> dict[str, float | None]:
        """The six figures by name, for JSON."""
        return {name: getattr(self, name) for name in FIGURES}


def hrv_time(nn_ms: Floats) -> dict[str, float]:
    """Mean heart rate, SDNN, RMSSD and pNN50 (percent) of NN intervals in ms."""
    successive = np.diff(nn_ms)
    return {
        "mean_hr_bpm": 60_000 / float(np.mean(nn_ms)),
        "sdnn_ms": float(np.std(nn_ms, ddof=1)),
        "rmssd_ms": float(np.sqrt(np.mean(successive**2))),
        "pnn50": 100 * float(np.sum(np.abs(successive) > 50)) / len(nn_ms),
    }


def nn_spectrum(nn_ms: Floats) -> tuple[Floats, Floats]:
    """Frequencies (Hz) and power spectral density (ms²/Hz) of the NN series."""
    beat_times = np.cumsum(nn_ms) / 1000
    series = even_series(quadratic_spline(beat_times, nn_ms), float(beat_times[0]), float(beat_times[-1]))
    del beat_times
    lowest = (2 * INTERPOLATION_HZ) / (len(series) / 2)
    segment = min(int((2 / lowest) * INTERPOLATION_HZ), int(len(series) / 2))
    frequencies, density = _welch(series, segment)
    keep = frequencies >= lowest
    return frequencies[keep], density[keep]


def even_series(spline: "QuadraticSpline", first: float, last: float) -> Floats:
    """The NN series sampled at 4 Hz from its spline, mean removed. An hour is 14,400 samples, a day
    2.8 MB: no more than one of the Welch transforms holds, so it is drawn once and kept; the spline
    is evaluated a block at a time, so its temporaries stay small."""
    step = 1 / INTERPOLATION_HZ
    # As many as np.arange(first, last + step, step) holds: the grid NeuroKit2 interpolates onto.
    samples = int(np.ceil((last + step - first) / step))
    series = np.empty(samples)
    for start in range(0, samples, DRAW_BLOCK):
        count = min(DRAW_BLOCK, samples - start)
        times = first + np.arange(start, start + count) / INTERPOLATION_HZ
        # The grid may run a fraction of a step past the last beat; such points take its time.
        np.minimum(times, last, out=times)
        series[start : start + count] = spline(times)
    series -= series.mean()
    return series


def quadratic_spline(x: Floats, y: Floats) -> "QuadraticSpline":
    """The spline `scipy.interpolate.make_interp_spline(x, y, k=2)` returns, built in less memory.

    With its default knots (first and last site thrice, then the midpoints between sites) a quadratic
    spline's collocation matrix is tridiagonal; make_interp_spline hands it to a general banded
    solver holding seven bands, which for an hour of beats is most of the HRV's peak memory. Here
    the three diagonals are written from the closed forms of de Boor's recurrence and solved as a
    tridiagonal system.
    """
    n = len(x)
    midpoints = (x[1:] + x[:-1]) / 2
    t = np.concatenate(([x[0]] * 3, midpoints[1:-1], [x[-1]] * 3))
    del midpoints
    # The bands: row 0 above the diagonal, 1 on it, 2 below; entry (i, j) at [1 + i - j, j].
    bands = np.zeros((3, n))
    bands[1, 0] = bands[1, -1] = 1.0  # the end knots are tripled: only B[0] is 1 at x[0], only B[-1] at x[-1]
    # Site i (0 < i < n - 1) lies in the knot span [t[i+1], t[i+2]), where B[i-1], B[i], B[i+1] are not zero.
    inner = x[1:-1]
    span = t[3 : n + 1] - t[2:n]
    bands[2, : n - 2] = (t[3 : n + 1] - inner) ** 2 / ((t[3 : n + 1] - t[1 : n - 1]) * span)
    bands[0, 2:] = (inner - t[2:n]) ** 2 / ((t[4 : n + 2] - t[2:n]) * span)
    bands[1, 1:-1] = 1 - bands[2, : n - 2] - bands[0, 2:]  # the three sum to one
    coefficients = solve_tridiagonal(
        bands[2, : n - 1], bands[1], bands[0, 1:], np.asarray(y, dtype=np.float64)
    )
    return QuadraticSpline(t, coefficients)


# A row's links to other rows, as a share of its diagonal, below which they are dropped: each x is
# then off by at most this share of the largest, far under double precision's 1e-16.
NEGLIGIBLE = 2.0**-60


def solve_tridiagonal(below: Floats, diagonal: Floats, above: Floats, y: Floats) -> Floats:
    """x with A x = y for the tridiagonal A, by parallel cyclic reduction: each round folds every
    row's neighbours `stride` away into it, so that after log2(n) rounds each row stands alone.
    Whole-array steps, so an hour of beats takes a fraction of a millisecond; no pivoting, which the
    collocation matrix (rows of convex weights, diagonally dominant) does not need."""
    n = len(diagonal)
    low = np.concatenate([[0.0], below])  # low[i] multiplies x[i - 1]
    mid = np.asarray(diagonal, dtype=np.float64).copy()
    high = np.concatenate([above, [0.0]])  # high[i] multiplies x[i + 1]
    rhs = np.asarray(y, dtype=np.float64).copy()
    stride = 1
    while stride < n:
        # [stride:] are the rows with a row `stride` before them, [:n - stride] those with one after;
        # a row with none on a side has nothing to fold in from it.
        before = np.s_[: n - stride]
        up = low[stride:] / mid[before]  # row i's multiple of row i - stride
        down = high[before] / mid[stride:]  # row i's multiple of row i + stride
        new_low = np.zeros(n)
        new_high = np.zeros(n)
        new_mid = mid.copy()
        new_rhs = rhs.copy()
        new_mid[stride:] -= up * high[before]
        new_rhs[stride:] -= up * rhs[before]
        new_low[stride:] = -up * low[before]
        new_mid[before] -= down * low[stride:]
        new_rhs[before] -= down * rhs[stride:]
        new_high[before] = -down * high[stride:]
        low, mid, high, rhs = new_low, new_mid, new_high, new_rhs
        stride *= 2
        if np.max(np.abs(low)) + np.max(np.abs(high)) <= NEGLIGIBLE * np.min(np.abs(mid)):
            break  # what is left of the neighbours could not move any x by a rounding step
    return np.asarray(rhs / mid, dtype=np.float64)


class QuadraticSpline:
    """A quadratic B-spline from its knots and coefficients, evaluated by de Boor's algorithm:
    scipy.interpolate.BSpline(t, c, 2) within the knots' range."""

    def __init__(self, knots: Floats, coefficients: Floats) -> None:
        self.t, self.c = knots, coefficients

    def __call__(self, x: Floats) -> Floats:
        t, c = self.t, self.c
        # The knot span of each x, kept among those the spline is defined on (the last one closed).
        i = np.clip(np.searchsorted(t, x, side="right") - 1, 2, len(c) - 1)
        first = _blend(x, t[i - 1], t[i + 1], c[i - 2], c[i - 1])
        second = _blend(x, t[i], t[i + 2], c[i - 1], c[i])
        return _blend(x, t[i], t[i + 1], first, second)


def _blend(x: Floats, start: Floats, end: Floats, left: Floats, right: Floats) -> Floats:
    """One step of de Boor's recurrence: the mix of two values by where x lies from start to end."""
    share = (x - start) / (end - start)
    return np.asarray((1 - share) * left + share * right, dtype=np.float64)


def _welch(series: Floats, segment: int) -> tuple[Floats, Floats]:
    """scipy.signal.welch(series, window="hann", nperseg=segment, nfft=2 * segment, detrend=False),
    one segment at a time in one zero-padded buffer: the same numbers in a fraction of the memory."""
    taper = hann(segment)
    taper_power = float(np.sum(taper**2))
    step = segment - segment // 2
    starts = range(0, len(series) - segment + 1, step)
    density = np.zeros(segment + 1)
    padded = np.zeros(2 * segment)
    for start in starts:
        np.multiply(series[start : start + segment], taper, out=padded[:segment])
        spectrum = np.fft.rfft(padded)
        parts = spectrum.view(np.float64)  # real and imaginary parts side by side
        np.square(parts, out=parts)
        density += parts[0::2]
        density += parts[1::2]
        del spectrum, parts  # freed before the next transform, so two spectra are never held at once
    density *= 1 / (INTERPOLATION_HZ * taper_power * len(starts))
    density[1:-1] *= 2  # one-sided: every bin but DC and Nyquist holds its negative twin
    frequencies = np.asarray(np.fft.rfftfreq(2 * segment, 1 / INTERPOLATION_HZ), dtype=np.float64)
    return frequencies, density


def hann(length: int) -> Floats:
    """scipy's periodic Hann window of `length` samples."""
    phase = 2 * np.pi * np.arange(length) / length
    return np.asarray(0.5 - 0.5 * np.cos(phase), dtype=np.float64)


def band_power(frequencies: Floats, density: Floats, band: tuple[float, float]) -> float:
    """Power in ms² within [low, high) Hz."""
    inside = (frequencies >= band[0]) & (frequencies < band[1])
    return float(np.trapezoid(density[inside], frequencies[inside]))


def hrv(rr_ms: Floats, correct: bool = True) -> Hrv:
    """HRV of a series of RR intervals (ms), after correcting artefacts; says why any figure is missing.

    `correct=False` takes every interval as it is, as NeuroKit2's `hrv_*` functions do: for
    comparing the figures themselves with another tool.
    """
    return hrv_of_stretches([rr_ms], correct)


def hrv_of_stretches(stretches: Sequence[Floats], correct: bool = True) -> Hrv:
    """HRV of RR intervals (ms) that come in separate stretches, with bad ECG between them.

    No interval or difference is formed across the break between two stretches, and no curve is
    drawn across it: the time-domain figures pool the stretches' intervals and their own successive
    differences, and the spectrum is that of the longest stretch alone.
    """
    parts = [correct_beats(rr) if correct else CorrectedBeats(rr, 0, 0, 0, 0, len(rr)) for rr in stretches]
    beats = _joined(parts)
    seconds = float(np.sum(beats.nn_ms)) / 1000
    withheld: dict[str, str] = {}
    figures: dict[str, float | None] = dict.fromkeys(FIGURES)
    share = beats.artifact_fraction
    if share > MAX_CORRECTED:
        reason = f"{share:.0%} of beats needed correcting; above {MAX_CORRECTED:.0%} no figure is reliable"
        return Hrv(**figures, artifact_fraction=share, beats=beats, withheld=dict.fromkeys(FIGURES, reason))
    if seconds >= MIN_SECONDS["mean_hr_bpm"] and len(beats.nn_ms) >= 3:
        values = _time_figures([part.nn_ms for part in parts])
        figures["mean_hr_bpm"] = values["mean_hr_bpm"]
        if seconds >= MIN_SECONDS["time"]:
            # Stretches of one interval each have no successive difference to give RMSSD.
            figures.update({name: values[name] for name in ("sdnn_ms", "rmssd_ms", "pnn50")})
            figures.update({name: None for name, value in values.items() if not np.isfinite(value)})
    longest = max((part.nn_ms for part in parts), key=np.sum, default=np.zeros(0))
    longest_s = float(np.sum(longest)) / 1000
    if share > MAX_CORRECTED_FOR_SPECTRUM:
        limit = MAX_CORRECTED_FOR_SPECTRUM
        reason = f"{share:.0%} of beats needed correcting; a spectrum needs at most {limit:.0%}"
        withheld.update({"lf_ms2": reason, "hf_ms2": reason})
    elif longest_s >= MIN_SECONDS["hf_ms2"]:
        frequencies, density = nn_spectrum(longest)
        figures["hf_ms2"] = band_power(frequencies, density, HF_BAND)
        if longest_s >= MIN_SECONDS["lf_ms2"]:
            figures["lf_ms2"] = band_power(frequencies, density, LF_BAND)
    _explain_short(figures, withheld, seconds, longest_s if len(parts) > 1 else None)
    return Hrv(**figures, artifact_fraction=share, beats=beats, withheld=withheld)


def _joined(parts: list[CorrectedBeats]) -> CorrectedBeats:
    """The corrections of several stretches as one account; the NN intervals laid end to end."""
    if len(parts) == 1:
        return parts[0]
    return CorrectedBeats(
        nn_ms=np.concatenate([part.nn_ms for part in parts]) if parts else np.zeros(0),
        ectopic=sum(part.ectopic for part in parts),
        missed=sum(part.missed for part in parts),
        extra=sum(part.extra for part in parts),
        other=sum(part.other for part in parts),
        beats=sum(part.beats for part in parts),
    )


def _time_figures(stretches: list[Floats]) -> dict[str, float]:
    """hrv_time over several stretches: successive differences only within each."""
    if len(stretches) == 1:
        return hrv_time(stretches[0])
    nn = np.concatenate(stretches)
    successive = np.concatenate([np.diff(part) for part in stretches])
    return {
        "mean_hr_bpm": 60_000 / float(np.mean(nn)),
        "sdnn_ms": float(np.std(nn, ddof=1)),
        "rmssd_ms": float(np.sqrt(np.mean(successive**2))) if len(successive) else float("nan"),
        "pnn50": 100 * float(np.sum(np.abs(successive) > 50)) / len(nn),
    }


def _explain_short(
    figures: dict[str, float | None], withheld: dict[str, str], seconds: float, longest_s: float | None
) -> None:
    for name in FIGURES:
        if figures[name] is not None or name in withheld:
            continue
        needed = MIN_SECONDS.get(name, MIN_SECONDS["time"])
        if longest_s is not None and name in ("lf_ms2", "hf_ms2") and seconds >= needed:
            withheld[name] = (
                f"needs at least {needed:g} s of beats without a break; the longest clean stretch "
                f"has {longest_s:.0f} s"
            )
        else:
            withheld[name] = f"needs at least {needed:g} s of beats; this segment has {seconds:.0f} s"
