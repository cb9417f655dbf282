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

from dataclasses import dataclass, field

import numpy as np
from scipy.interpolate import make_interp_spline
from scipy.signal import get_window

from psoas.signals.beats import CorrectedBeats, correct_beats
from psoas.signals.recording import Floats

INTERPOLATION_HZ = 4.0
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
    grid = np.arange(beat_times[0], beat_times[-1] + 1 / INTERPOLATION_HZ, 1 / INTERPOLATION_HZ)
    np.clip(grid, beat_times[0], beat_times[-1], out=grid)
    series = make_interp_spline(beat_times, nn_ms, k=2)(grid)
    del grid
    series -= np.mean(series)
    samples = len(series)
    lowest = (2 * INTERPOLATION_HZ) / (samples / 2)
    segment = min(int((2 / lowest) * INTERPOLATION_HZ), int(samples / 2))
    frequencies, density = _welch(series, segment)
    keep = frequencies >= lowest
    return frequencies[keep], density[keep]


def _welch(series: Floats, segment: int) -> tuple[Floats, Floats]:
    """scipy.signal.welch(series, window="hann", nperseg=segment, nfft=2 * segment, detrend=False),
    one segment at a time: the same numbers in a third of the memory for an hour of beats."""
    taper = get_window("hann", segment)
    scale = 1 / (INTERPOLATION_HZ * float(np.sum(taper**2)))
    step = segment - segment // 2
    starts = range(0, len(series) - segment + 1, step)
    density = np.zeros(segment + 1)
    for start in starts:
        spectrum = np.fft.rfft(series[start : start + segment] * taper, n=2 * segment)
        density += spectrum.real**2 + spectrum.imag**2
    density *= scale / len(starts)
    density[1:-1] *= 2  # one-sided: every bin but DC and Nyquist holds its negative twin
    frequencies = np.asarray(np.fft.rfftfreq(2 * segment, 1 / INTERPOLATION_HZ), dtype=np.float64)
    return frequencies, density


def band_power(frequencies: Floats, density: Floats, band: tuple[float, float]) -> float:
    """Power in ms² within [low, high) Hz."""
    inside = (frequencies >= band[0]) & (frequencies < band[1])
    return float(np.trapezoid(density[inside], frequencies[inside]))


def hrv(rr_ms: Floats, correct: bool = True) -> Hrv:
    """HRV of a series of RR intervals (ms), after correcting artefacts; says why any figure is missing.

    `correct=False` takes every interval as it is, as NeuroKit2's `hrv_*` functions do: for
    comparing the figures themselves with another tool.
    """
    beats = correct_beats(rr_ms) if correct else CorrectedBeats(rr_ms, 0, 0, 0, 0, len(rr_ms))
    nn = beats.nn_ms
    seconds = float(np.sum(nn)) / 1000
    withheld: dict[str, str] = {}
    figures: dict[str, float | None] = dict.fromkeys(FIGURES)
    share = beats.artifact_fraction
    if share > MAX_CORRECTED:
        reason = f"{share:.0%} of beats needed correcting; above {MAX_CORRECTED:.0%} no figure is reliable"
        return Hrv(**figures, artifact_fraction=share, beats=beats, withheld=dict.fromkeys(FIGURES, reason))
    if seconds >= MIN_SECONDS["mean_hr_bpm"] and len(nn) >= 3:
        values = hrv_time(nn)
        figures["mean_hr_bpm"] = values["mean_hr_bpm"]
        if seconds >= MIN_SECONDS["time"]:
            figures.update({name: values[name] for name in ("sdnn_ms", "rmssd_ms", "pnn50")})
    if share > MAX_CORRECTED_FOR_SPECTRUM:
        limit = MAX_CORRECTED_FOR_SPECTRUM
        reason = f"{share:.0%} of beats needed correcting; a spectrum needs at most {limit:.0%}"
        withheld.update({"lf_ms2": reason, "hf_ms2": reason})
    elif seconds >= MIN_SECONDS["hf_ms2"]:
        frequencies, density = nn_spectrum(nn)
        figures["hf_ms2"] = band_power(frequencies, density, HF_BAND)
        if seconds >= MIN_SECONDS["lf_ms2"]:
            figures["lf_ms2"] = band_power(frequencies, density, LF_BAND)
    _explain_short(figures, withheld, seconds)
    return Hrv(**figures, artifact_fraction=share, beats=beats, withheld=withheld)


def _explain_short(figures: dict[str, float | None], withheld: dict[str, str], seconds: float) -> None:
    for name in FIGURES:
        if figures[name] is not None or name in withheld:
            continue
        needed = MIN_SECONDS.get(name, MIN_SECONDS["time"])
        withheld[name] = f"needs at least {needed:g} s of beats; this segment has {seconds:.0f} s"
