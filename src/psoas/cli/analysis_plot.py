"""Drawing an analysis to a PNG for `psoas analyze --plot`, with matplotlib."""

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; never a window

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from psoas.signals.recording import Intervals, Recording

CALM = "#3b6e8f"
WARM = "#c26a3d"


def draw(recording: Recording, result: dict[str, Any], path: Path) -> None:
    """Write a picture of the result to `path` (PNG)."""
    kind = result["kind"]
    figure, axes = plt.subplots(2, 1, figsize=(9, 5.5), layout="constrained")
    if kind == "tremor":
        _tremor(axes, result)
    elif kind == "breathing":
        _breathing(axes, result)
    else:
        _heart(axes, recording, result)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _tremor(axes: Any, result: dict[str, Any]) -> None:
    top, bottom = axes
    for episode in result["episodes"]:
        top.axvspan(episode["start_s"] / 60, episode["end_s"] / 60, color=CALM, alpha=0.6)
    for span in result["movement"]:
        top.axvspan(span["start_s"] / 60, span["end_s"] / 60, color=WARM, alpha=0.4)
    top.set(title="Tremor (blue) and movement (orange)", xlabel="minutes", yticks=[])
    top.set_xlim(0, result["duration_s"] / 60)
    minutes = [m["minute"] for m in result["timeline"]]
    bottom.bar(minutes, [m["tremor_s"] for m in result["timeline"]], color=CALM, width=0.8)
    bottom.set(title="Seconds of tremor in each minute", xlabel="minute", ylabel="s", ylim=(0, 60))


def _breathing(axes: Any, result: dict[str, Any]) -> None:
    top, bottom = axes
    times = np.array([p["time_s"] / 60 for p in result["timeline"]])
    rates = np.array([np.nan if p["rate_bpm"] is None else p["rate_bpm"] for p in result["timeline"]])
    top.plot(times, rates, color=CALM)
    top.set(title="Breathing rate", xlabel="minutes", ylabel="breaths a minute")
    bottom.hist(rates[np.isfinite(rates)], bins=20, color=CALM)
    bottom.set(title="How often each rate came", xlabel="breaths a minute", ylabel="minutes")


def _heart(axes: Any, recording: Recording, result: dict[str, Any]) -> None:
    top, bottom = axes
    if isinstance(recording, Intervals):
        rr = recording.rr_ms
    else:
        rr = np.diff(np.asarray(result["rpeaks"])) / float(result["fs"]) * 1000
    _tachogram(top, rr)
    figures = ["mean_hr_bpm", "sdnn_ms", "rmssd_ms", "pnn50"]
    labels = ["HR (bpm)", "SDNN (ms)", "RMSSD (ms)", "pNN50 (%)"]
    values = [result[name] or 0 for name in figures]
    bottom.barh(labels, values, color=CALM)
    for y, (name, value) in enumerate(zip(figures, values, strict=True)):
        bottom.text(value, y, " not given" if result[name] is None else f" {value:.1f}", va="center")
    bottom.set(title="Heart-rate variability")


def _tachogram(axis: Axes, rr: Any) -> None:
    times = np.cumsum(rr) / 60_000
    axis.plot(times, rr, color=CALM, linewidth=0.8)
    axis.set(title="RR intervals", xlabel="minutes", ylabel="ms")
