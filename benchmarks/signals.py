"""psoas's signal analyses beside NeuroKit2 doing the same work on the same hour of data.

For each task: seconds (best of a few runs), peak memory traced while it runs (numpy reports its
arrays to tracemalloc), the ratio, and the figures both produced, so that speed is never bought
with different answers. Data: systole's real 25.6-minute ECG and respiration recordings, repeated to
an hour; pyhrv's real 60-minute NN series; an hour of generated 100 Hz phone acceleration with
tremor. Run with `make bench` or `python benchmarks/signals.py [--skip-full]`.
"""

import argparse
import gc
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neurokit2 as nk
import numpy as np
from scipy.signal import decimate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.signals.recordings import pyhrv_nn, systole_ecg, systole_respiration, tremor_recording

from psoas.signals.breathing import breathing_from_belt
from psoas.signals.hrv import hrv
from psoas.signals.recording import Motion, Waveform
from psoas.signals.rpeaks import detect_rpeaks
from psoas.signals.tremor import analyse_tremor

HOUR = 3600
FIGURES = ("mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50", "lf_ms2", "hf_ms2")


def measure(work: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Best wall time in seconds, peak traced memory in MB, and the result of the last run."""
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1e6, result


def an_hour_of(values: np.ndarray, fs: float, beats: np.ndarray | None = None) -> np.ndarray:
    """The recording repeated to an hour. An ECG is cut 0.4 s before its first and last beats, so
    that each join reads as one ordinary interval rather than a jump a detector would stumble on."""
    if beats is not None:
        lead = int(0.4 * fs)
        values = values[beats[0] - lead : beats[-1] - lead]
    return np.tile(values, int(np.ceil(HOUR * fs / len(values))))[: int(HOUR * fs)]


def psoas_ecg(ecg: np.ndarray, fs: float, correct: bool = False) -> dict[str, float | None]:
    """Like for like with NeuroKit2's defaults, which correct no beats; psoas's own default does."""
    peaks = detect_rpeaks(ecg, fs)
    return hrv(np.diff(peaks) / fs * 1000, correct=correct).figures()


def neurokit_hrv(peaks: Any, fs: float) -> dict[str, float]:
    time_domain = nk.hrv_time(peaks, sampling_rate=fs)
    frequency = nk.hrv_frequency(peaks, sampling_rate=fs, normalize=False, interpolation_rate=4)
    mean_nn = float(time_domain["HRV_MeanNN"].iloc[0])
    return {
        "mean_hr_bpm": 60_000 / mean_nn,
        "sdnn_ms": float(time_domain["HRV_SDNN"].iloc[0]),
        "rmssd_ms": float(time_domain["HRV_RMSSD"].iloc[0]),
        "pnn50": float(time_domain["HRV_pNN50"].iloc[0]),
        "lf_ms2": float(frequency["HRV_LF"].iloc[0]),
        "hf_ms2": float(frequency["HRV_HF"].iloc[0]),
    }


def neurokit_ecg(ecg: np.ndarray, fs: float) -> dict[str, float]:
    cleaned = nk.ecg_clean(ecg, sampling_rate=fs)
    _, info = nk.ecg_peaks(cleaned, sampling_rate=fs)
    return neurokit_hrv(info["ECG_R_Peaks"], fs)


def neurokit_rr(rr: np.ndarray) -> dict[str, float]:
    return neurokit_hrv({"RRI": rr, "RRI_Time": np.cumsum(rr) / 1000}, 1000)


def neurokit_breathing(belt: np.ndarray, fs: float) -> float:
    signals, _ = nk.rsp_process(belt, sampling_rate=fs)
    return float(np.mean(signals["RSP_Rate"]))


def row(task: str, ours: tuple[float, float, Any], theirs: tuple[float, float, Any] | None) -> None:
    if theirs is None:
        print(f"{task:34} {ours[0]:8.3f} s {ours[1]:8.1f} MB {'':>10} {'':>10} {'':>7} {'':>7}")
        return
    speed = theirs[0] / ours[0]
    memory = ours[1] / theirs[1]
    print(
        f"{task:34} {ours[0]:8.3f} s {ours[1]:8.1f} MB {theirs[0]:8.3f} s {theirs[1]:8.1f} MB "
        f"{speed:6.1f}x {memory:6.0%}"
    )


def compare(ours: dict[str, float | None], theirs: dict[str, float]) -> None:
    parts = []
    for name in FIGURES:
        mine, reference = ours[name], theirs[name]
        gap = "n/a" if mine is None else f"{(mine / reference - 1) * 100:+.2f}%"
        parts.append(f"{name} {mine if mine is None else round(mine, 2)} vs {reference:.2f} ({gap})")
    print("    same answers? " + "; ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-full", action="store_true", help="skip NeuroKit2's full pipeline (minutes)")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    ecg_1000, fs = systole_ecg()
    ecg_1000 = an_hour_of(ecg_1000, fs, detect_rpeaks(ecg_1000, fs))
    ecg_250 = decimate(ecg_1000, 4, zero_phase=True)
    belt, belt_fs = systole_respiration()
    belt = an_hour_of(decimate(belt, 10, zero_phase=True), belt_fs / 10)
    rr = pyhrv_nn("Long")
    motion = Motion(100.0, tremor_recording([(600, 1500, 5.0, 0.8), (2000, 3000, 6.5, 0.4)], seconds=HOUR))
    repeats = options.repeats

    print("One hour of data per task; best of", repeats, "runs; peak memory traced by tracemalloc.")
    heads = ("psoas", "psoas mem", "NeuroKit2", "NK2 mem", "faster", "memory")
    widths = (10, 11, 10, 11, 7, 7)
    print(f"{'task':34} " + " ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    for rate, ecg in ((250.0, ecg_250), (1000.0, ecg_1000)):
        ours = measure(lambda e=ecg, r=rate: psoas_ecg(e, r), repeats)
        theirs = measure(lambda e=ecg, r=rate: neurokit_ecg(e, r), repeats)
        row(f"ECG {rate:.0f} Hz -> R-peaks + HRV", ours, theirs)
        compare(ours[2], theirs[2])
        corrected = measure(lambda e=ecg, r=rate: psoas_ecg(e, r, correct=True), 1)
        print(f"    psoas with its beat correction (its default): {corrected[0]:.3f} s")
    ours = measure(lambda: hrv(rr, correct=False).figures(), repeats)
    theirs = measure(lambda: neurokit_rr(rr), repeats)
    row("RR intervals -> HRV", ours, theirs)
    compare(ours[2], theirs[2])
    ours = measure(lambda: breathing_from_belt(Waveform(100.0, belt)).rate_bpm, repeats)
    theirs = measure(lambda: neurokit_breathing(belt, 100.0), 1)
    row("respiration belt 100 Hz -> rate", ours, theirs)
    print(f"    same answers? mean rate {ours[2]} vs {theirs[2]:.2f} breaths a minute")
    ours = measure(lambda: analyse_tremor(motion), repeats)
    row("acceleration 100 Hz -> tremor", ours, None)
    print(f"    {HOUR / ours[0]:,.0f} times real time; NeuroKit2 has no tremor analysis")

    if options.skip_full:
        return
    print("\nNot like for like: NeuroKit2's full ecg_process + hrv, which most of its users call,")
    print("adds waveform delineation and nonlinear indices (multiscale entropy) psoas does not compute.")
    for rate, ecg in ((250.0, ecg_250),):
        start = time.perf_counter()
        _, info = nk.ecg_process(ecg, sampling_rate=rate)
        nk.hrv(info["ECG_R_Peaks"], sampling_rate=rate)
        seconds = time.perf_counter() - start
        ours_seconds = measure(lambda e=ecg, r=rate: psoas_ecg(e, r, correct=True), 1)[0]
        print(f"ECG {rate:.0f} Hz full pipeline: NeuroKit2 {seconds:.1f} s; psoas {ours_seconds:.3f} s")


if __name__ == "__main__":
    main()
