"""Polar .hrm files (Polar ProTrainer and older Polar software): INI-like sections, `[Params]` first
and the samples under `[HRData]`. Only files recorded with R-R recording on hold beat-to-beat
intervals; Polar's HRM file format description marks them with `Interval=238`."""

import re

import numpy as np

from psoas.signals.recording import Floats, SignalError

RR_INTERVAL_CODE = 238
_LINE_END = re.compile(r"\r\n|\r|\n")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d*)?$")


def is_polar_hrm(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").lower().startswith("[params]")


def hrm_intervals(text: str, name: str) -> tuple[Floats, int]:
    """The RR intervals in ms (the first column under [HRData]) and the line they start on."""
    section, interval, first_line = "", "", 0
    values: list[float] = []
    for number, line in enumerate(_LINE_END.split(text), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped.lower()
            continue
        if section == "[params]" and stripped.lower().startswith("interval="):
            interval = stripped.split("=", 1)[1].strip()
        if section != "[hrdata]" or not stripped:
            continue
        cell = stripped.split()[0]
        if not _NUMBER.match(cell):
            raise SignalError(
                f"{name}: line {number}: {cell[:30]!r} is not a number; expected an RR interval in ms"
            )
        first_line = first_line or number
        values.append(float(cell))
    _refuse_heart_rate(interval, name)
    if not values:
        raise SignalError(f"{name}: a Polar .hrm file with no data under [HRData]; expected RR intervals")
    return np.asarray(values), first_line


def _refuse_heart_rate(interval: str, name: str) -> None:
    if interval == str(RR_INTERVAL_CODE):
        return
    interval = interval[:10]
    if not interval:
        raise SignalError(f"{name}: a Polar .hrm file without Interval= under [Params]; export it again")
    raise SignalError(
        f"{name}: holds heart rate every {interval} s (Interval={interval}), not beat-to-beat intervals; "
        f"expected a file recorded with R-R recording on (Interval={RR_INTERVAL_CODE})"
    )
