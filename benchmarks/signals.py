"""psoas's signal analyses beside NeuroKit2 doing the same work on the same hour of data.

For each task: seconds (best of a few runs), peak memory traced while it runs (numpy reports its
arrays to tracemalloc), the ratio, and the figures both produced, so that speed is never bought
with different answers. Data: systole's real 25.6-minute ECG and respiration recordings, repeated to
an hour; pyhrv's real 60-minute NN series; an hour of generated 100 Hz phone acceleration with
tremor. Run with `make bench` or `python benchmarks/signals.py [--skip-full]`.

Then whole processes (see whole_process.py): `psoas analyze` on an hour of 250 Hz one-column ECG
text against a script doing np.loadtxt and NeuroKit2's like-for-like steps, and on a 15-minute RR
file against merely importing NeuroKit2; each ratio is printed beside its aim.
"""

import argparse
import gc
import sys
import tempfile
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from whole_process import NEUROKIT_SCRIPT, Run, python, side_by_side, verdict, warm

HOUR = 3600
FIGURES = ("mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50", "lf_ms2", "hf_ms2")


def measure(work: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Best wall time in seconds, peak traced memory in MB, and the result of the last run.

    Timed as Python's timeit times: the garbage collected once before the runs and held off while
    they run, for both sides alike. A collection before every run, as this did until stop 21, walks
    every object NeuroKit2 and pandas loaded and leaves the processor's caches cold for the run
    after it: measured in this process, psoas's hour took 14.3 ms that way and 12.2 ms without.
    A cold, one-off call is what the whole-process rows below measure."""
    best, result = float("inf"), None
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            result = work()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
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


def with_ectopics_and_noise(ecg: np.ndarray, fs: float, beats: np.ndarray) -> np.ndarray:
    """The ECG with every 50th beat made premature (moved to 70 % of its interval, its own place
    flattened: a short interval then a long one, as an ectopic beat gives), plus white noise, mains
    hum and baseline wander, each as real recordings carry them."""
    noisy = ecg.copy()
    half = int(0.06 * fs)
    for index in range(50, len(beats) - 1, 50):
        previous, beat = int(beats[index - 1]), int(beats[index])
        early = previous + int(0.7 * (beat - previous))
        complex_ = ecg[beat - half : beat + half].copy()
        noisy[beat - half : beat + half] = np.linspace(ecg[beat - half], ecg[beat + half], 2 * half)
        noisy[early - half : early + half] = complex_
    spread = float(np.std(ecg))
    t = np.arange(len(ecg)) / fs
    rng = np.random.default_rng(1)
    hum = 0.05 * spread * np.sin(2 * np.pi * 50 * t)
    wander = 0.3 * spread * np.sin(2 * np.pi * 0.15 * t)
    return noisy + rng.normal(0, 0.08 * spread, len(ecg)) + hum + wander


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
    parser.add_argument(
        "--aims-only", action="store_true", help="only the noisy ECG in process and the whole processes"
    )
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    ecg_1000, fs = systole_ecg()
    ecg_1000 = an_hour_of(ecg_1000, fs, detect_rpeaks(ecg_1000, fs))
    # decimate hands back a reversed, strided view; a recording read from a file is one contiguous
    # array, as both sides are given here.
    ecg_250 = np.ascontiguousarray(decimate(ecg_1000, 4, zero_phase=True))
    belt, belt_fs = systole_respiration()
    belt = an_hour_of(np.ascontiguousarray(decimate(belt, 10, zero_phase=True)), belt_fs / 10)
    rr = pyhrv_nn("Long")
    motion = Motion(100.0, tremor_recording([(600, 1500, 5.0, 0.8), (2000, 3000, 6.5, 0.4)], seconds=HOUR))
    repeats = options.repeats

    print("One hour of data per task; best of", repeats, "runs; peak memory traced by tracemalloc.")
    heads = ("psoas", "psoas mem", "NeuroKit2", "NK2 mem", "faster", "memory")
    widths = (10, 11, 10, 11, 7, 7)
    print(f"{'task':34} " + " ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    if not options.aims_only:
        others(ecg_250, ecg_1000, belt, rr, motion, repeats)
    aims(ecg_250, rr, repeats)

    if options.skip_full or options.aims_only:
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


def others(
    ecg_250: np.ndarray, ecg_1000: np.ndarray, belt: np.ndarray, rr: np.ndarray, motion: Motion, repeats: int
) -> None:
    """Each analysis beside NeuroKit2's, where it has one."""
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


def aims(ecg_250: np.ndarray, rr: np.ndarray, repeats: int) -> None:
    """The speeds psoas promises, each printed beside its aim."""
    noisy = with_ectopics_and_noise(ecg_250, 250.0, detect_rpeaks(ecg_250, 250.0))
    for task, ecg in (("ECG 250 Hz, clean", ecg_250), ("ECG 250 Hz, ectopics + noise", noisy)):
        ours = measure(lambda e=ecg: psoas_ecg(e, 250.0), repeats)
        theirs = measure(lambda e=ecg: neurokit_ecg(e, 250.0), repeats)
        row(task, ours, theirs)
        compare(ours[2], theirs[2])
        speed = theirs[0] / ours[0]
        print(f"    aim: at least 10x -> {speed:.1f}x {verdict(speed, 10)}")
        if speed < 10:
            print(f"    where psoas's time goes: {stages(ecg, 250.0)}")
    processes(ecg_250, rr, repeats)


def stages(ecg: np.ndarray, fs: float) -> str:
    """Milliseconds in each stage of the like-for-like work (best of five), for an aim not met."""
    from psoas.signals import rpeaks

    def once() -> list[float]:
        times = [time.perf_counter()]
        pool = max(1, round(fs / rpeaks.POOLED_HZ))
        squared = rpeaks._squared_slope(ecg, fs)
        window = rpeaks._energy_window(fs, pool)
        energy = rpeaks._pooled_energy(squared, window, pool)
        times.append(time.perf_counter())
        beats = rpeaks._threshold_peaks(energy, fs / pool)
        times.append(time.perf_counter())
        centres = rpeaks._strongest_in_block(squared, window, beats, pool) + rpeaks._delay(fs)
        peaks = rpeaks._place(ecg, fs, centres)
        times.append(time.perf_counter())
        hrv(np.diff(peaks) / fs * 1000, correct=False)
        times.append(time.perf_counter())
        return list(np.diff(times) * 1000)

    best = np.min([once() for _ in range(5)], axis=0)
    names = ("QRS energy", "thresholds and peaks", "placing each R peak", "HRV")
    return "; ".join(f"{name} {ms:.1f} ms" for name, ms in zip(names, best, strict=True))


def processes(ecg_250: np.ndarray, rr_hour: np.ndarray, repeats: int) -> None:
    """Whole `psoas analyze` processes against NeuroKit2 ones, on files written here."""
    print(
        "\nWhole processes, best of", repeats, "alternating runs after one warm-up each; peak RSS per child."
    )
    with tempfile.TemporaryDirectory() as folder:
        ecg_file, rr_file = Path(folder) / "ecg250.txt", Path(folder) / "rr15.txt"
        np.savetxt(ecg_file, ecg_250, fmt="%.4f")
        np.savetxt(rr_file, rr_hour[np.cumsum(rr_hour) <= 15 * 60_000], fmt="%.0f")
        script = Path(folder) / "neurokit_ecg.py"
        script.write_text(NEUROKIT_SCRIPT)
        for path in (ecg_file, rr_file):
            warm(path)
        analyze = python("-m", "psoas", "analyze")
        ours, theirs = side_by_side(
            [*analyze, str(ecg_file), "--fs", "250", "--json"], python(str(script), str(ecg_file)), repeats
        )
        speed, memory = theirs.seconds / ours.seconds, ours.peak_mb / theirs.peak_mb
        process_row("psoas analyze, 1 h ECG 250 Hz", ours, "np.loadtxt + NeuroKit2", theirs)
        print(
            f"    aim: at least 4x faster -> {speed:.1f}x {verdict(speed, 4)}; "
            f"at most 50% of its peak RSS -> {memory:.0%} {verdict(memory, 0.5, higher_is_better=False)}"
        )
        ours, theirs = side_by_side(
            [*analyze, str(rr_file), "--json"], python("-c", "import neurokit2"), repeats
        )
        speed = theirs.seconds / ours.seconds
        process_row("psoas analyze, 15 min RR file", ours, "import neurokit2", theirs)
        print(f"    aim: at least 3x faster -> {speed:.1f}x {verdict(speed, 3)}")
        # The fixed costs of any `psoas analyze`, before a byte of the file is read.
        imports = python("-c", "import psoas.signals.analysis, psoas.signals.readers")
        command, analysis = side_by_side([*analyze, "--help"], imports, repeats)
        bare = side_by_side(python("-c", "pass"), python("-c", "pass"), 1)[0]
        print(
            f"    fixed costs: {command.seconds:.2f} s starting the command line (typer, rich, pydantic), "
            f"{analysis.seconds:.2f} s importing the analysis (numpy), {bare.seconds:.2f} s Python itself"
        )


def process_row(task: str, ours: Run, other: str, theirs: Run) -> None:
    print(
        f"{task:34} {ours.seconds:8.3f} s {ours.peak_mb:8.1f} MB   {other}: {theirs.seconds:.3f} s "
        f"{theirs.peak_mb:.1f} MB   {theirs.seconds / ours.seconds:.1f}x faster, "
        f"{ours.peak_mb / theirs.peak_mb:.0%} memory"
    )


if __name__ == "__main__":
    main()
