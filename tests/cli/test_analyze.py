"""`psoas analyze` as a contract: the JSON of each kind, a PNG plot, and exit status 2 on bad input."""

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import numpy as np
import pytest

from psoas.cli.analyze_command import LARGE_BYTES
from tests.conftest import run_psoas
from tests.signals.recordings import mitbih_ecg, pyhrv_nn, systole_respiration, tremor_recording


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("recordings")
    acc = tremor_recording([(20, 80, 6.0, 0.7)], seconds=120)
    t = np.arange(len(acc)) / 100
    tremor = folder / "tremor.csv"
    np.savetxt(tremor, np.column_stack([t, acc]), delimiter=",", header="time,x,y,z", comments="", fmt="%.5f")
    rr = folder / "rr.txt"
    np.savetxt(rr, pyhrv_nn("Short"), fmt="%d")
    ecg, _ = mitbih_ecg()
    ecg_file = folder / "ecg.csv"
    np.savetxt(ecg_file, ecg, fmt="%.4f")
    belt, _ = systole_respiration()
    belt = belt[: 5 * 60 * 1000 : 20]  # five minutes at 50 Hz
    belt_file = folder / "belt.csv"
    np.savetxt(
        belt_file,
        np.column_stack([np.arange(len(belt)) / 50, belt]),
        delimiter=",",
        header="time,belt",
        comments="",
        fmt="%.5f",
    )
    return {"tremor": tremor, "rr": rr, "ecg": ecg_file, "belt": belt_file}


def analyze(*args: str) -> dict:  # type: ignore[type-arg]
    result = run_psoas("analyze", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_tremor_json(files: dict[str, Path]) -> None:
    data = analyze(str(files["tremor"]))
    assert (data["schema"], data["kind"], data["fs"]) == (1, "tremor", 100.0)
    assert data["duration_s"] == pytest.approx(120, abs=0.1)
    (episode,) = data["episodes"]
    assert set(episode) == {"start_s", "end_s", "frequency_hz", "rms"}
    assert episode["frequency_hz"] == pytest.approx(6.0, abs=0.15)
    assert data["tremor_fraction"] == pytest.approx(0.5, abs=0.02)
    assert data["dominant_frequency_hz"] == pytest.approx(6.0, abs=0.15)


def test_the_tremor_text_counts_one_episode_in_the_singular(files: dict[str, Path]) -> None:
    out = run_psoas("analyze", str(files["tremor"])).stdout
    assert "of the time in 1 episode;" in out


def test_rr_json(files: dict[str, Path]) -> None:
    data = analyze(str(files["rr"]))
    assert (data["kind"], data["fs"]) == ("rr", None)
    for key in ("mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50", "lf_ms2", "hf_ms2", "artifact_fraction"):
        assert isinstance(data[key], float), key
    assert data["rmssd_ms"] == pytest.approx(101.3, abs=0.1)


def test_ecg_json_adds_the_r_peaks(files: dict[str, Path]) -> None:
    data = analyze(str(files["ecg"]), "--kind", "ecg", "--fs", "360")
    assert (data["kind"], data["fs"]) == ("ecg", 360.0)
    assert 480 <= len(data["rpeaks"]) <= 520
    assert all(isinstance(i, int) for i in data["rpeaks"])
    assert data["mean_hr_bpm"] == pytest.approx(100, abs=6)


def test_breathing_json(files: dict[str, Path]) -> None:
    data = analyze(str(files["belt"]), "--kind", "breathing")
    assert data["kind"] == "breathing"
    assert 8 < data["rate_bpm"] < 30
    assert {"time_s", "rate_bpm"} == set(data["timeline"][0])


def test_the_breathing_text_says_how_much_of_the_recording_gave_a_rate(files: dict[str, Path]) -> None:
    """Before, the text gave the rate alone, even when a tenth of the belt recording had none."""
    out = run_psoas("analyze", str(files["belt"]), "--kind", "breathing").stdout
    assert re.search(r"breathing rate [\d.]+ breaths a minute, from \d+% of it", out), out


def test_compare_start_end_gives_the_figures_of_the_first_and_last_minutes(files: dict[str, Path]) -> None:
    data = analyze(str(files["rr"]), "--compare-start-end", "2")
    comparison = data["comparison"]
    assert comparison["start"]["window_s"] == [0.0, 120.0]
    assert comparison["end"]["window_s"][1] == pytest.approx(data["duration_s"])
    assert set(comparison["start"]["figures"]) == {"mean_hr_bpm", "rmssd_ms"}
    assert comparison["sentences"][0].startswith("Heart rate")
    out = run_psoas("analyze", str(files["rr"]), "--compare-start-end", "2").stdout
    assert "start (0.0 to 2.0 min) against end" in out
    assert "Heart rate" in out


def test_compare_start_end_refuses_windows_that_overlap_and_a_tremor_file(files: dict[str, Path]) -> None:
    result = run_psoas("analyze", str(files["rr"]), "--compare-start-end", "4", "--json")
    assert result.returncode == 2
    assert "needs at least 8 min" in result.stderr
    result = run_psoas("analyze", str(files["tremor"]), "--compare-start-end", "0.5")
    assert result.returncode == 2
    assert "a tremor recording has no figures to compare" in result.stderr


def test_auto_recognises_a_belt_by_its_slow_rhythm(files: dict[str, Path]) -> None:
    assert analyze(str(files["belt"]))["kind"] == "breathing"


def test_plot_writes_a_png(files: dict[str, Path], tmp_path: Path) -> None:
    for name in ("tremor", "rr"):
        out = tmp_path / f"{name}.png"
        result = run_psoas("analyze", str(files[name]), "--plot", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert out.stat().st_size > 10_000
        assert f"plot written to {out}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv: cannot be read"),
        (["{rr}", "--kind", "sleep"], "--kind 'sleep' is not known; valid: auto, tremor, breathing, rr, ecg"),
        (["{rr}", "--plot", "out.svg"], "--plot out.svg: expected a file name ending in .png"),
        (
            ["{ecg}"],
            "ecg.csv: a single column of samples needs its sampling rate in Hz; give it with --fs HZ",
        ),
        (
            ["{ecg}", "--kind", "ecg", "--fs", "0"],
            "--fs: the sampling rate must be more than 0 and at most 10,000 Hz, got 0",
        ),
        (
            ["{ecg}", "--kind", "ecg", "--fs", "50"],
            "--fs: ecg analysis needs a sampling rate of at least 100 Hz, got 50",
        ),
        (["{rr}", "--kind", "tremor"], "rr.txt: tremor needs three acceleration columns (x, y, z); found 1"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(files: dict[str, Path], args: list[str], message: str) -> None:
    filled = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = run_psoas("analyze", *filled)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_missing_value_is_named_by_its_line_not_taken_for_a_missing_rate(tmp_path: Path) -> None:
    rows = [f"{i / 100:.2f},0,0,9.8" for i in range(2000)]
    rows[0] = "0.00,0,NaN,9.8"
    nan_file = tmp_path / "nan.csv"
    nan_file.write_text("time,x,y,z\n" + "\n".join(rows), encoding="utf-8")
    result = run_psoas("analyze", str(nan_file))
    assert result.returncode == 2
    assert "nan.csv: line 2, column 3: 'NaN' is not a number" in result.stderr


def test_an_opensignals_export_is_an_ecg_at_its_own_rate() -> None:
    from tests.signals.test_readers import opensignals_file

    data = analyze(str(opensignals_file()))
    assert (data["kind"], data["fs"]) == ("ecg", 1000.0)
    assert data["notes"][0] == "read as an OpenSignals export: channel A2 (ECG) at 1000 Hz"
    assert 25 <= len(data["rpeaks"]) <= 32  # 22 s at a little under 80 beats a minute


def test_a_polar_hrm_file_and_an_apple_health_export(tmp_path: Path) -> None:
    from tests.signals.test_readers import polar_hrm

    hrm = tmp_path / "exercise.hrm"
    hrm.write_text(polar_hrm([int(v) for v in pyhrv_nn("Short")]), encoding="utf-8")
    assert analyze(str(hrm))["rmssd_ms"] == pytest.approx(101.3, abs=0.1)
    export = tmp_path / "export.xml"
    export.write_text('<?xml version="1.0"?>\n<HealthData locale="en_GB">\n', encoding="utf-8")
    result = run_psoas("analyze", str(export))
    assert result.returncode == 2
    assert "export.xml: Apple Health's export.xml is not supported" in result.stderr


def run_in_terminal(*args: str) -> tuple[int, str]:
    """Run the command line with a pseudo-terminal as its stdout and stderr, as a person would."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    quiet = ("NO_COLOR", "FORCE_COLOR", "TTY_INTERACTIVE", "TTY_COMPATIBLE", "COLUMNS", "LINES")
    env = {name: value for name, value in os.environ.items() if name not in quiet} | {
        "TERM": "xterm-256color"
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "psoas", *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    output = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's far side closed: the command has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return child.wait(timeout=60), output.decode("utf-8", errors="replace")


def test_a_long_file_shows_progress_in_a_terminal_and_clears_it(tmp_path: Path) -> None:
    acc = tremor_recording([(300, 900, 6.0, 0.7)], seconds=1800)
    t = np.arange(len(acc)) / 100
    long_file = tmp_path / "half_an_hour.csv"
    np.savetxt(
        long_file, np.column_stack([t, acc]), delimiter=",", header="time,x,y,z", comments="", fmt="%.5f"
    )
    assert long_file.stat().st_size > LARGE_BYTES

    status, shown = run_in_terminal("analyze", str(long_file))

    assert status == 0, shown
    assert "Reading half_an_hour.csv" in shown
    assert "━" in shown  # the bar itself
    assert "\x1b[2K" in shown  # the display erased itself before the summary (transient)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    assert "half_an_hour.csv: tremor, 30.0 min" in plain
    assert "299.2 to   900.8 s  6.0 Hz" in plain  # the episode the file holds, 300 to 900 s
    # Without a terminal the same command prints only the summary.
    piped = run_psoas("analyze", str(long_file))
    assert piped.returncode == 0
    assert "Reading" not in piped.stdout + piped.stderr
    assert "half_an_hour.csv: tremor, 30.0 min" in piped.stdout
