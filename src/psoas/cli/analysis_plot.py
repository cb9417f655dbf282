"""Drawing an analysis to a PNG for `psoas analyze --plot`, with matplotlib."""

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; never a window

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from psoas.signals.recording import Recording
from psoas.signals.registry import recording_kind

CALM = "#3b6e8f"
WARM = "#c26a3d"


def draw(recording: Recording, result: dict[str, Any], path: Path) -> None:
    """Write a picture of the result to `path` (PNG)."""
    picture = figure(recording, result)
    picture.savefig(path, dpi=110)
    plt.close(picture)


def figure(recording: Recording, result: dict[str, Any]) -> Figure:
    """The picture of a result: two plots, one above the other."""
    entry = recording_kind(result["kind"])
    picture, axes = plt.subplots(2, 1, figsize=(9, 5.5), layout="constrained")
    if entry.plots == "tremor":
        _tremor(axes, result)
    elif entry.plots == "breathing":
        _breathing(axes, result)
    else:
        _heart(axes, entry.series(recording, result), result)
    return picture


def _tremor(axes: Any, result: dict[str, Any]) -> None:
    """Both plots on the recording's own time, from its start to its end: a minute's bar covers
    that minute (a bar centred on its number ran the axis from -0.25 on a two-minute file)."""
    top, bottom = axes
    end = result["duration_s"] / 60
    for span in result["movement"]:
        top.axvspan(span["start_s"] / 60, span["end_s"] / 60, color=WARM, alpha=0.4)
    episodes = result["episodes"]
    starts = [e["start_s"] / 60 for e in episodes]
    widths = [(e["end_s"] - e["start_s"]) / 60 for e in episodes]
    top.bar(starts, [e["rms"] for e in episodes], width=widths, align="edge", color=CALM, alpha=0.8)
    legend = [Patch(color=CALM, alpha=0.8, label="tremor, as high as its strength")]
    if result["movement"]:
        legend.append(Patch(color=WARM, alpha=0.4, label="movement"))
    top.legend(handles=legend, loc="upper right", fontsize="small")
    top.set(title="Tremor and movement", xlabel="minutes", ylabel="strength (m/s² RMS)", xlim=(0, end))
    top.set_ylim(0, max((e["rms"] for e in episodes), default=0.0) * 1.3 or 1.0)
    minutes = [m["minute"] for m in result["timeline"]]
    bottom.bar(
        minutes,
        [m["tremor_s"] for m in result["timeline"]],
        width=[min(1.0, end - m) * 0.9 for m in minutes],
        align="edge",
        color=CALM,
    )
    bottom.set(title="Seconds of tremor in each minute", xlabel="minutes", ylabel="s", ylim=(0, 60))
    bottom.set_xlim(0, end)
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))


def _breathing(axes: Any, result: dict[str, Any]) -> None:
    top, bottom = axes
    times = np.array([p["time_s"] / 60 for p in result["timeline"]])
    rates = np.array([np.nan if p["rate_bpm"] is None else p["rate_bpm"] for p in result["timeline"]])
    top.plot(times, rates, color=CALM)
    top.set(title="Breathing rate", xlabel="minutes", ylabel="breaths a minute")
    bottom.hist(rates[np.isfinite(rates)], bins=20, color=CALM)
    bottom.set(title="How often each rate came", xlabel="breaths a minute", ylabel="minutes")


def _heart(axes: Any, series: dict[str, Any], result: dict[str, Any]) -> None:
    top, bottom = axes
    _tachogram(top, series)
    figures = ["mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50"]
    labels = ["HR (bpm)", "SDNN (ms)", "RMSSD (ms)", "pNN50 (%)"]
    values = [result[name] or 0 for name in figures]
    bottom.barh(labels, values, color=CALM)
    for y, (name, value) in enumerate(zip(figures, values, strict=True)):
        bottom.text(value, y, " not given" if result[name] is None else f" {value:.1f}", va="center")
    bottom.set(title="Heart-rate variability")


def _tachogram(axis: Axes, series: dict[str, Any]) -> None:
    """The intervals against the time each ends; an interval across an ECG stretch left out is
    missing (NaN), so the line breaks there rather than drawing one interval as long as the stretch."""
    rr = np.array([np.nan if v is None else v for v in series["rr_ms"]], dtype=float)
    times = np.asarray(series["rr_end_s"], dtype=float) / 60
    axis.plot(times, rr, color=CALM, linewidth=0.8)
    axis.set(title="RR intervals", xlabel="minutes", ylabel="ms")
