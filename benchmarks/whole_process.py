"""Whole processes timed side by side: `psoas analyze` against a plain NeuroKit2 script, each a fresh
Python started by the benchmark, with its own peak resident memory (from the kernel, per child).

Both sides read the same file, whose pages are warmed into the file cache before any run; each
side runs once untimed first, then alternately with the other, and the best run counts. Nothing is
kept between runs: every run is a new process.
"""

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"  # GNU time; `apt-get install time` where it is missing
# NeuroKit2's like-for-like steps for an ECG file of one column at 250 Hz, as a person would write them.
NEUROKIT_SCRIPT = """
import sys
import numpy as np
import neurokit2 as nk
ecg = np.loadtxt(sys.argv[1])
cleaned = nk.ecg_clean(ecg, sampling_rate=250)
_, info = nk.ecg_peaks(cleaned, sampling_rate=250)
time_domain = nk.hrv_time(info["ECG_R_Peaks"], sampling_rate=250)
frequency = nk.hrv_frequency(info["ECG_R_Peaks"], sampling_rate=250, normalize=False, interpolation_rate=4)
print(float(time_domain["HRV_RMSSD"].iloc[0]), float(frequency["HRV_HF"].iloc[0]))
"""


@dataclass(frozen=True)
class Run:
    """The best wall time of a command (s) and the largest peak resident memory of its runs (MB)."""

    seconds: float
    peak_mb: float


def warm(path: Path) -> None:
    """Read a file once so that both sides find it in the page cache."""
    path.read_bytes()


def _once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process. The peak comes from GNU time, a small
    process of its own: Linux carries a process's peak RSS across fork and exec, so a child forked
    straight from this benchmark, which holds NeuroKit2 and an hour of data, would report ours."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "%M", "-o", report.name, *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.decode()}")
        return seconds, int(report.read().split()[-1]) / 1024  # kB


def side_by_side(ours: list[str], theirs: list[str], repeats: int) -> tuple[Run, Run]:
    """Both commands, once each to warm up, then alternately `repeats` times; the best of each."""
    _once(ours)
    _once(theirs)
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "theirs": []}
    for _ in range(repeats):
        runs["ours"].append(_once(ours))
        runs["theirs"].append(_once(theirs))
    return tuple(  # type: ignore[return-value]
        Run(min(s for s, _ in done), max(m for _, m in done)) for done in (runs["ours"], runs["theirs"])
    )


def python(*arguments: str) -> list[str]:
    """This interpreter with psoas's source first on its path, as the benchmark itself runs."""
    return [sys.executable, *arguments]


def verdict(ratio: float, aim: float, higher_is_better: bool = True) -> str:
    met = ratio >= aim if higher_is_better else ratio <= aim
    return "met" if met else "NOT met"
