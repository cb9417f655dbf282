"""OpenSignals text exports (PLUX biosignalsplux, BITalino): `#` header lines, one of them JSON
naming the columns, the sampling rate and each analog channel's sensor, then tab-separated samples."""

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from psoas.signals.recording import Floats, SignalError

MARK = "# OpenSignals"
# The JSON line is a few hundred characters per device; more is not an OpenSignals header.
MAX_HEADER_CHARS = 100_000
# The sequence counter BITalino writes in its first column counts 0 to 15 and starts again.
SEQUENCE_WRAP = 16
_BREATHING_SENSORS = ("RESP", "PZT", "RIP")


@dataclass(frozen=True)
class OpenSignalsHeader:
    """What the header says: the rate, the columns, and the analog channel psoas reads."""

    fs: float
    columns: tuple[str, ...]
    channel: str  # the column read, e.g. 'A2'
    sensor: str  # its sensor as OpenSignals names it, e.g. 'ECG'

    @property
    def kind(self) -> str:
        """'ecg' or 'breathing' when the sensor says so, else 'auto' (told by the signal itself)."""
        if self.sensor.upper() == "ECG":
            return "ecg"
        return "breathing" if self.sensor.upper().startswith(_BREATHING_SENSORS) else "auto"


def is_opensignals(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(MARK)


def opensignals_header(text: str, name: str) -> OpenSignalsHeader:
    """The header of an OpenSignals export; raises SignalError saying what it lacks."""
    device = _device(_header_json(text, name), name)
    fs, columns = device.get("sampling rate"), device.get("column")
    labels, sensors = device.get("label") or [], device.get("sensor") or []
    if not isinstance(fs, int | float) or not isinstance(columns, list) or not labels:
        raise SignalError(f"{name}: the OpenSignals header lacks its sampling rate, columns or channels")
    # Names from the file are cut short: they end up in messages and notes.
    channel, sensor = _channel([str(label)[:20] for label in labels], [str(s)[:20] for s in sensors], name)
    if channel not in columns:
        raise SignalError(f"{name}: the OpenSignals header names channel {channel} but no column for it")
    return OpenSignalsHeader(float(fs), tuple(str(c) for c in columns), channel, sensor)


def _header_json(text: str, name: str) -> dict[str, Any]:
    for line in text[: MAX_HEADER_CHARS + 1000].splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("{"):
            try:
                found = json.loads(body)
            except ValueError:
                break
            if isinstance(found, dict):
                return found
    raise SignalError(f"{name}: an OpenSignals export without its JSON header line; export it again")


def _device(header: dict[str, Any], name: str) -> dict[str, Any]:
    devices = [device for device in header.values() if isinstance(device, dict)]
    if len(devices) != 1:
        raise SignalError(
            f"{name}: the OpenSignals export holds {len(devices)} devices; expected one: "
            "export each device to its own file"
        )
    return devices[0]


def _channel(labels: list[str], sensors: list[str], name: str) -> tuple[str, str]:
    """The one channel to read: the only one, or the only ECG, or the only respiration sensor."""
    sensors = sensors + [""] * (len(labels) - len(sensors))
    if len(labels) == 1:
        return labels[0], sensors[0]
    for wanted in (("ECG",), _BREATHING_SENSORS):
        matching = [i for i, sensor in enumerate(sensors) if sensor.upper().startswith(wanted)]
        if len(matching) == 1:
            return labels[matching[0]], sensors[matching[0]]
    shown = ", ".join(
        f"{label} ({sensor or 'unnamed'})" for label, sensor in zip(labels, sensors, strict=True)
    )
    raise SignalError(
        f"{name}: the OpenSignals export holds the channels {shown[:200]}; expected one ECG or "
        "respiration channel: export that channel alone"
    )


def refuse_lost_samples(sequence: Floats, name: str, first_line: int) -> None:
    """Refuse a recording whose sequence counter skips: samples were lost and nothing fills them."""
    steps = np.mod(np.diff(sequence), SEQUENCE_WRAP)
    if np.all(steps == 1):
        return
    row = int(np.argmax(steps != 1)) + 1
    raise SignalError(
        f"{name}: line {first_line + row}: samples were lost (nSeq goes from {sequence[row - 1]:g} to "
        f"{sequence[row]:g}); expected an unbroken recording (psoas does not fill in missing samples)"
    )
