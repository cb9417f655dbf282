"""Reading recordings: accelerometer CSV (generic, phyphox, Sensor Logger), RR-interval text (and
Polar .hrm) and single-channel signals (ECG, respiration belt; OpenSignals exports). Units are
detected, stated in the notes and converted to seconds, m/s² and milliseconds."""

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from psoas.signals.even import make_even
from psoas.signals.kinds import Kind
from psoas.signals.opensignals import is_opensignals, opensignals_header, refuse_lost_samples
from psoas.signals.polar_hrm import hrm_intervals, is_polar_hrm
from psoas.signals.recording import (
    GRAVITY,
    Floats,
    Intervals,
    Motion,
    RateError,
    Recording,
    SignalError,
    Waveform,
)
from psoas.signals.registry import KINDS
from psoas.signals.table import Table, read_table
from psoas.signals.unsupported import refuse_unsupported

MOTION_KINDS = tuple(name for name, entry in KINDS.items() if Motion in entry.shapes)
MAX_FS = 10_000.0
MIN_SECONDS = 10.0
# No phone or wearable measures more: their accelerometers stop at 16 g (157 m/s²) or less. A
# larger figure is a wrong unit or a broken file, not a movement.
MAX_ACCELERATION = 2000.0  # m/s², about 200 g
# The longest recording analysed: a day, as a Holter recording. It bounds what any file can cost:
# 40 MB of RR intervals is three months of beats, whose spectrum asked for 16 GB.
MAX_HOURS = 24
_AXIS_PREFIXES = ("", "a", "acc", "accel", "acceleration", "linearacceleration", "useracceleration")


def read_recording(path: Path, kind: Kind = "auto", fs: float | None = None) -> Recording:
    """Read a recording file; raises SignalError with what was wrong and what is expected."""
    if path.is_dir():
        raise SignalError(
            f"{path} is a folder: name the recording file in it (a .csv, .txt, .tsv or .hrm export)"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SignalError(f"{path.name}: cannot be read ({error.strerror})") from None
    return parse_recording(decode(raw, path.name), path.name, kind, fs)


def decode(raw: bytes, name: str) -> str:
    """The text of an uploaded or opened file; recordings are plain text."""
    if b"\x00" in raw[:4096]:
        raise SignalError(f"{name}: looks like a binary file; expected a text (CSV or TXT) export")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_recording(text: str, name: str, kind: Kind = "auto", fs: float | None = None) -> Recording:
    """A recording from the text of a file called `name`, at most a day long."""
    recording = _parse(text, name, kind, fs)
    hours = recording.duration_s / 3600
    if hours > MAX_HOURS:
        raise SignalError(
            f"{name}: covers {hours:,.1f} hours; psoas analyses at most {MAX_HOURS} hours at a time "
            "(a day, as a Holter recording does); split the file into days"
        )
    return recording


def _parse(text: str, name: str, kind: Kind, fs: float | None) -> Recording:
    if fs is not None and not 0 < fs <= MAX_FS:
        raise RateError(f"the sampling rate must be more than 0 and at most {MAX_FS:,g} Hz, got {fs:g}", fs)
    if is_polar_hrm(text):  # before the JSON check: both start with '['
        return _polar_hrm(text, name, kind)
    refuse_unsupported(text, name)
    if is_opensignals(text):
        return _opensignals(text, name, kind, fs)
    table = read_table(text, name)
    recording = _recording(table, name, kind, fs)
    if not table.left_out:
        return recording
    skipped = tuple(f"column {column!r} holds no numbers and was left out" for column in table.left_out)
    return replace(recording, notes=skipped + recording.notes)


def _polar_hrm(text: str, name: str, kind: Kind) -> Intervals:
    if kind not in ("auto", "rr"):
        raise SignalError(f"{name}: a Polar .hrm file holds RR intervals; expected the kind rr, not {kind}")
    values, first_line = hrm_intervals(text, name)
    intervals = _intervals(Table(("rr (ms)",), values[:, np.newaxis], first_line), name)
    return replace(intervals, notes=("read as a Polar .hrm file of RR intervals", *intervals.notes))


def _opensignals(text: str, name: str, kind: Kind, fs: float | None) -> Waveform:
    """The header's analog channel at the header's rate; the file's own rate, so `--fs` is not asked."""
    header = opensignals_header(text, name)
    if fs is not None and fs != header.fs:
        raise RateError(
            f"{name}: the OpenSignals header gives the sampling rate, {header.fs:g} Hz; expected no rate "
            f"or that one, got {fs:g}",
            fs,
        )
    table = read_table(text, name)
    if table.columns.shape[1] != len(header.columns):
        raise SignalError(
            f"{name}: line {table.first_data_line} has {table.columns.shape[1]} values but the "
            f"OpenSignals header names {len(header.columns)} columns"
        )
    if "nSeq" in header.columns:
        refuse_lost_samples(table.columns[:, header.columns.index("nSeq")], name, table.first_data_line)
    values = table.columns[:, header.columns.index(header.channel)].copy()
    note = f"read as an OpenSignals export: channel {header.channel} ({header.sensor}) at {header.fs:g} Hz"
    waveform = Waveform(header.fs, values, (note,))
    if kind in ("tremor", "rr"):
        raise SignalError(
            f"{name}: an OpenSignals export holds one signal ({header.sensor}), not {kind} data; "
            "expected the kind ecg or breathing"
        )
    chosen = kind if kind != "auto" else header.kind
    if chosen == "auto":
        chosen = guess_waveform_kind(waveform)
    _check_rate(waveform.fs, chosen, name, given=False)
    _check_length(waveform.duration_s, name)
    return waveform


def _recording(table: Table, name: str, kind: Kind, fs: float | None) -> Recording:
    width = table.columns.shape[1]
    named_rr = _rr_column(table.names) is not None
    if kind == "rr" or (
        kind == "auto" and fs is None and (named_rr or width == 1) and _looks_like_intervals(table)
    ):
        return _intervals(table, name)
    if (kind in MOTION_KINDS and width >= 3) or (kind == "auto" and width >= 3):
        return _motion(table, name, fs, kind if kind != "auto" else "tremor")
    if kind == "tremor":
        raise SignalError(f"{name}: tremor needs three acceleration columns (x, y, z); found {width}")
    return _waveform(table, name, fs, "breathing" if kind == "breathing" else "ecg", kind == "auto")


def _listed(names: tuple[str, ...], shown: int = 5) -> str:
    """Header names for a message, cut short: a header can be as long as the file's first line."""
    cut = [n if len(n) <= 30 else n[:29] + "…" for n in names[:shown]]
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(cut) + more


def _clean_name(name: str) -> str:
    """A header name without its unit, letters only: 'Acceleration x (m/s^2)' → 'accelerationx'."""
    return re.sub(r"[^a-z]", "", re.sub(r"[(\[].*?[)\]]", "", name))


def _unit(name: str) -> str:
    found = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]", name)
    return found.group(1).replace(" ", "") if found else ""


def _time_column(names: tuple[str, ...]) -> int | None:
    cleaned = [_clean_name(n) for n in names]
    for wanted in ("secondselapsed", "time", "timestamp", "t", "seconds", "ms"):
        if wanted in cleaned:
            return cleaned.index(wanted)
    return None


def _axis_columns(names: tuple[str, ...]) -> list[int] | None:
    cleaned = [_clean_name(n) for n in names]
    found = []
    for axis in "xyz":
        matches = [i for i, n in enumerate(cleaned) if n.endswith(axis) and n[:-1] in _AXIS_PREFIXES]
        if not matches:
            return None
        found.append(matches[0])
    return found


def _seconds(times: Floats, unit: str, name: str) -> tuple[Floats, str]:
    """Times in seconds from the first sample, and a note saying which unit was read."""
    relative = times - times[0]
    step = float(np.median(np.diff(relative)))
    if step <= 0:
        raise SignalError(f"{name}: the time column does not increase; expected one time per sample")
    if unit in _TIME_UNITS:
        scale, word = _TIME_UNITS[unit]
        note = f"time read in {word}"
    else:
        scale, word = _detected_time_unit(step)
        note = f"time detected as {word} (samples {step:g} apart)"
    _refuse_impossible_step(step / scale, word, name)
    return relative / scale, note


# Units a time header may name, each with its size in seconds' parts.
_TIME_UNITS = {
    "s": (1.0, "seconds"),
    "sec": (1.0, "seconds"),
    "seconds": (1.0, "seconds"),
    "ms": (1e3, "milliseconds"),
    "us": (1e6, "microseconds"),
    "µs": (1e6, "microseconds"),
    "ns": (1e9, "nanoseconds"),
}


def _detected_time_unit(step: float) -> tuple[float, str]:
    """The unit a unitless time column is in, from how far apart its samples are.

    Sensors sample at 1 Hz to 10 kHz: a second or less apart in seconds, 0.1 to 1,000 in
    milliseconds, 100,000 and more in nanoseconds (Android's raw sensor time, counted from the
    phone's start). Microseconds overlap both and need their unit named in the header.
    """
    if step < 1:
        return 1.0, "seconds"
    if step < 5000:
        return 1e3, "milliseconds"
    return 1e9, "nanoseconds"


def _refuse_impossible_step(step_s: float, word: str, name: str) -> None:
    """Refuse a time column that, read in `word`, would mean a rate no sensor has (or 0 Hz)."""
    if 1 / MAX_FS <= step_s <= 10:
        return
    raise SignalError(
        f"{name}: the time column's samples are {step_s:g} s apart when read in {word}; expected a "
        f"sampling rate from 0.1 to {MAX_FS:,g} Hz: name the time unit in the header, e.g. "
        "time (s), time (ms) or time (ns)"
    )


def _motion(table: Table, name: str, fs: float | None, kind: str) -> Motion:
    names = table.names
    time_index = _time_column(names) if names else None
    axes = _axis_columns(names) if names else None
    width = table.columns.shape[1]
    if names and axes is None:
        raise SignalError(
            f"{name}: no x, y and z acceleration columns in the header {_listed(names)}; "
            "expected e.g. time,x,y,z"
        )
    if axes is None:
        time_index, axes = (0, [1, 2, 3]) if width >= 4 else (None, [0, 1, 2])
    xyz = table.columns[:, axes]
    notes: list[str] = []
    if "secondselapsed" in [_clean_name(n) for n in names]:
        notes.append("read as a Sensor Logger export")
    elif any("(m/s^2)" in n for n in names):
        notes.append("read as a phyphox export")
    # Before the unit is worked out (a figure past the limit is past it in g too, and gravity's
    # size cannot be measured from such figures), and again after, in m/s².
    _refuse_impossible_acceleration(xyz, name, table.first_data_line)
    xyz, unit_note = _to_si(xyz, _unit(names[axes[0]]) if names else "")
    _refuse_impossible_acceleration(xyz, name, table.first_data_line)
    notes.append(unit_note)
    if time_index is None:
        if fs is None:
            raise RateError(f"{name}: no time column, so the sampling rate in Hz is needed")
        return _checked_motion(Motion(fs, np.ascontiguousarray(xyz), tuple(notes)), name, kind, given=True)
    seconds, time_note = _seconds(
        table.columns[:, time_index], _unit(names[time_index]) if names else "", name
    )
    notes.append(time_note)
    even_fs, even, even_note = make_even(seconds, xyz, name, table.first_data_line)
    if even_note:
        notes.append(even_note)
    return _checked_motion(Motion(even_fs, even, tuple(notes)), name, kind, given=False)


def _to_si(xyz: Floats, unit: str) -> tuple[Floats, str]:
    """Acceleration in m/s², from the header's unit or, without one, from the size of gravity."""
    if unit in ("g", "G"):
        return xyz * GRAVITY, "acceleration read in g, converted to m/s²"
    if unit.startswith("m/s"):
        return xyz, "acceleration read in m/s²"
    magnitude = float(np.median(np.linalg.norm(xyz, axis=1)))
    if 0.5 <= magnitude <= 2:
        return xyz * GRAVITY, f"acceleration detected as g (gravity reads {magnitude:.2f}), converted to m/s²"
    if 5 <= magnitude <= 20:
        return xyz, f"acceleration detected as m/s² (gravity reads {magnitude:.1f})"
    return xyz, "acceleration taken as m/s² (no unit in the file and no gravity to tell by)"


def _refuse_impossible_acceleration(xyz: Floats, name: str, first_line: int) -> None:
    too_big = np.abs(xyz) > MAX_ACCELERATION
    if not np.any(too_big):
        return
    row = int(np.argmax(too_big.any(axis=1)))
    value = float(xyz[row][np.argmax(too_big[row])])
    raise SignalError(
        f"{name}: line {first_line + row}: an acceleration of {value:g} m/s² is more than any phone or "
        f"wearable measures (at most about 160 m/s², 16 g); expected m/s² or g"
    )


def _checked_motion(motion: Motion, name: str, kind: str, given: bool) -> Motion:
    _check_rate(motion.fs, kind, name, given)
    _check_length(motion.duration_s, name)
    return motion


def _check_rate(fs: float, kind: str, name: str, given: bool) -> None:
    """Refuse a rate too low for the analysis: the rate typed in (`given`) or the file's own."""
    lowest = KINDS[kind].min_fs or 0.0  # the slowest sampling the analysis works with
    if fs >= lowest:
        return
    if given:
        raise RateError(f"{kind} analysis needs a sampling rate of at least {lowest:g} Hz, got {fs:g}", fs)
    raise SignalError(f"{name}: sampled at {fs:g} Hz; {kind} analysis needs at least {lowest:g} Hz")


def _check_length(seconds: float, name: str) -> None:
    if seconds < MIN_SECONDS:
        raise SignalError(
            f"{name}: {seconds:.1f} s long; a recording needs at least {MIN_SECONDS:g} s to analyse"
        )


def _rr_column(names: tuple[str, ...]) -> int | None:
    """The column a header names as RR intervals ('RR-interval [ms]', 'rr', 'RRI', 'IBI'), if any."""
    for index, name in enumerate(names):
        if _clean_name(name).startswith(("rr", "ibi", "nn")):
            return index
    return None


def _looks_like_intervals(table: Table) -> bool:
    values = table.columns[:, _rr_column(table.names) or 0]
    median = float(np.median(values))
    return 250 <= median <= 2500 or 0.25 <= median <= 2.5


def _intervals(table: Table, name: str) -> Intervals:
    column = _rr_column(table.names)
    if column is None and table.columns.shape[1] != 1:
        raise SignalError(
            f"{name}: RR files have one interval per line, or a column named for them "
            f"(e.g. 'RR-interval [ms]'); found {table.columns.shape[1]} columns"
        )
    values, dropped = _without_final_zero(table.columns[:, column or 0], table.first_data_line)
    median = float(np.median(values))
    unit = _unit(table.names[column]) if column is not None else ""
    if unit == "s":
        values, note = values * 1000, "intervals read in seconds, converted to milliseconds"
    elif unit == "ms":
        note = "intervals read in milliseconds"
    elif 0.25 <= median <= 2.5:
        values, note = values * 1000, "intervals detected as seconds, converted to milliseconds"
    elif 250 <= median <= 2500:
        note = "intervals read in milliseconds"
    else:
        raise SignalError(
            f"{name}: a typical interval of {median:g} is neither seconds (0.25 to 2.5) nor "
            "milliseconds (250 to 2500); expected one RR interval per line"
        )
    if np.any(values <= 0):
        row = int(np.argmax(values <= 0))
        raise SignalError(f"{name}: line {table.first_data_line + row}: an interval must be above zero")
    if len(values) < 10:
        raise SignalError(f"{name}: {len(values)} intervals; at least 10 are needed")
    return Intervals(values, (*dropped, note))


def _without_final_zero(values: Floats, first_line: int) -> tuple[Floats, tuple[str, ...]]:
    """The intervals without a last 0, which some loggers write when they stop; a 0 anywhere else
    is refused later, by its line."""
    if len(values) < 2 or values[-1] != 0:
        return values, ()
    line = first_line + len(values) - 1
    return values[:-1], (f"line {line} held an interval of 0, as a logger writes when it stops; left out",)


def _waveform(table: Table, name: str, fs: float | None, kind: str, guessing: bool) -> Waveform:
    width = table.columns.shape[1]
    if width > 2:
        raise SignalError(f"{name}: expected one column of samples or two (time, value); found {width}")
    if width == 1:
        if fs is None:
            raise RateError(f"{name}: a single column of samples needs its sampling rate in Hz")
        waveform = Waveform(fs, table.columns[:, 0].copy(), (f"sampled at {fs:g} Hz as given",))
        given = True
    else:
        unit = _unit(table.names[0]) if table.names else ""
        seconds, note = _seconds(table.columns[:, 0], unit, name)
        even_fs, even, even_note = make_even(seconds, table.columns[:, 1:], name, table.first_data_line)
        notes = (note, even_note) if even_note else (note,)
        waveform = Waveform(even_fs, even[:, 0].copy(), notes)
        given = False
    if guessing:
        kind = guess_waveform_kind(waveform)
    _check_rate(waveform.fs, kind, name, given)
    _check_length(waveform.duration_s, name)
    return waveform


def guess_waveform_kind(waveform: Waveform) -> str:
    """'ecg' when a fair share of the signal's power lies at 5 Hz and above (the sharp QRS complex),
    else 'breathing': a breath has almost nothing that fast, even when the baseline wanders."""
    sample = waveform.values[: int(waveform.fs * 120)]
    power = np.abs(np.fft.rfft(sample - np.mean(sample))) ** 2
    frequencies = np.fft.rfftfreq(len(sample), 1 / waveform.fs)
    slow_drift = frequencies < 0.05
    fast = float(np.sum(power[frequencies >= 5.0]))
    total = float(np.sum(power[~slow_drift]))
    return "ecg" if total > 0 and fast > 0.05 * total else "breathing"
