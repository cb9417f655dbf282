"""The most any accepted recording can cost: peak memory and time of `psoas analyze` (the same reader
and analyses an upload runs) on the largest file of each kind that psoas accepts, against the aim of
512 MB, and what happens just past the limits.

The largest files: 40 MB (the upload limit) of phone acceleration (time,x,y,z at 100 Hz, about three
hours) and of one-column ECG at 1000 Hz (about 95 minutes); a day of RR intervals at 300 ms, the
fastest a resting heart beats for a day (the 24-hour limit binds before the 40 MB one does for RR).
Run with `make bench` (needs GNU time, Debian's package `time`).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

AIM_MB = 512
UPLOAD_BYTES = 40 * 1024 * 1024


def write_acceleration(path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = UPLOAD_BYTES // 34  # "1234.56,0.1234,-0.0567,9.8123\n" is about 34 bytes
    t = np.arange(rows) / 100
    acc = rng.standard_normal((rows, 3)) * 0.1 + [0.0, 0.0, 9.81]
    with path.open("w") as file:
        file.write("time,x,y,z\n")
        np.savetxt(file, np.column_stack([t, acc]), fmt=["%.2f", "%.4f", "%.4f", "%.4f"], delimiter=",")


def write_ecg(path: Path) -> None:
    rng = np.random.default_rng(1)
    samples = UPLOAD_BYTES // 8
    beat = np.zeros(1000)
    beat[100:112] = np.hanning(12) * 1.2  # a narrow spike a second: enough for the detector to work
    ecg = np.tile(beat, samples // 1000 + 1)[:samples] + rng.standard_normal(samples) * 0.02
    np.savetxt(path, ecg, fmt="%.4f")


def write_rr(path: Path) -> None:
    rng = np.random.default_rng(2)
    rr = (300 + 5 * rng.standard_normal(int(23.9 * 3600 / 0.3))).round().astype(int)
    path.write_text("\n".join(map(str, rr)))


def analyse(path: Path, *options: str) -> tuple[float, float, int, str]:
    """Seconds, peak MB of the child, exit status and the last line it printed.

    The peak is GNU time's, measured in the child: Linux starts a child's own maximum at its
    parent's size, so the rusage of children would report this script's peak instead."""
    began = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "peak-kb %M", sys.executable, "-m", "psoas", "analyze", str(path), *options],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    lines = done.stderr.strip().splitlines()
    peak_kb = int(lines[-1].split()[1])
    told = [line for line in lines[:-1] if not line.startswith("Command exited")]
    said = (done.stdout.strip().splitlines() or told or [""])[-1]
    return seconds, peak_kb / 1024, done.returncode, said


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "a day of RR at 300 ms": (Path(folder) / "rr.txt", write_rr, ()),
            "40 MB ECG at 1000 Hz": (Path(folder) / "ecg.txt", write_ecg, ("--kind", "ecg", "--fs", "1000")),
            "40 MB acceleration at 100 Hz": (Path(folder) / "phone.csv", write_acceleration, ()),
        }
        heading = f"{'largest accepted file':<32}{'size MB':>9}{'seconds':>9}{'peak MB':>9}"
        print(f"{heading}   aim: under {AIM_MB} MB")
        for label, (path, write, options) in files.items():
            write(path)
            seconds, peak, status, last = analyse(path, *options)
            verdict = "ok" if peak < AIM_MB and status == 0 else f"OVER (exit {status}: {last[:60]})"
            size = path.stat().st_size / 2**20
            print(f"{label:<32}{size:>9.1f}{seconds:>9.2f}{peak:>9.0f}   {verdict}")
        longer = Path(folder) / "long.txt"
        longer.write_text("\n".join(["800"] * int(25 * 3600 / 0.8)))
        _, _, status, last = analyse(longer)
        print(f"\nJust past the limits: 25 hours of RR -> exit {status}: {last}")


if __name__ == "__main__":
    main()
