"""`psoas analyze`: tremor, breathing and heart-rate variability from a recording file."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from psoas.cli.errors import fail
from psoas.cli.output import JsonOption, print_json
from psoas.signals.kinds import KINDS, Kind

if TYPE_CHECKING:
    from psoas.signals.recording import Recording, SignalError

# Files this large take long enough to read that a progress display helps.
LARGE_BYTES = 2_000_000


def analyze_command(
    file: Annotated[Path, typer.Argument(help="A recording: accelerometer CSV, RR text, ECG or belt CSV.")],
    kind: Annotated[
        str, typer.Option("--kind", help="auto, tremor, breathing, rr or ecg.", show_default=True)
    ] = "auto",
    fs: Annotated[
        float | None, typer.Option("--fs", help="Sampling rate in Hz, for a file without a time column.")
    ] = None,
    json: JsonOption = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the result to this PNG file.")
    ] = None,
    compare: Annotated[
        float | None,
        typer.Option(
            "--compare-start-end",
            help="Compare the first and the last MINUTES of the recording (heart or breathing).",
            metavar="MINUTES",
        ),
    ] = None,
) -> None:
    """Measure tremor, breathing rate or heart-rate variability in a recording."""
    if kind not in KINDS:
        fail(f"--kind {kind!r} is not known; valid: {', '.join(KINDS)}")
    if plot is not None and plot.suffix.lower() != ".png":
        fail(f"--plot {plot}: expected a file name ending in .png")
    console = Console(stderr=True)
    show = not json and file.exists() and file.stat().st_size > LARGE_BYTES and console.is_terminal
    # numpy and scipy load here, not when any other command starts.
    from psoas.signals.recording import SignalError

    try:
        recording, result = _run(file, kind, fs, console if show else None)
        if compare is not None:
            result["comparison"] = _start_to_end(recording, result, compare)
    except SignalError as error:
        fail(_pointed(error))
    except MemoryError:
        fail(f"{file.name}: too large to analyse with the memory this machine has; analyse a part of it")
    if plot is not None:
        from psoas.cli.analysis_plot import draw  # matplotlib loads only when a plot is asked for

        draw(recording, result, plot)
    if json:
        print_json(Console(), result)
        return
    _summary(Console(), file, result, plot)


def _start_to_end(recording: "Recording", result: dict[str, Any], minutes: float) -> dict[str, Any]:
    """The first and last `minutes` compared, as the web stores it for a session's recording."""
    from psoas.signals.before_after import compare, comparison_json, first_and_last
    from psoas.signals.recording import SignalError
    from psoas.signals.registry import recording_kind

    entry = recording_kind(result["kind"])
    if not entry.compares:
        raise SignalError(f"--compare-start-end: a {entry.name} recording has no figures to compare")
    return comparison_json(compare(recording, entry.name, *first_and_last(recording.duration_s, minutes)))


def _pointed(error: "SignalError") -> str:
    """The reader's message and, when the sampling rate is the problem, the option that sets it."""
    from psoas.signals.recording import RateError

    if not isinstance(error, RateError):
        return str(error)
    if error.given is None:
        return f"{error}; give it with --fs HZ"
    return f"--fs: {error}"


def _run(
    file: Path, kind: Kind, fs: float | None, console: Console | None
) -> "tuple[Recording, dict[str, Any]]":
    from psoas.signals.analysis import analyse
    from psoas.signals.readers import read_recording

    if console is None:
        recording = read_recording(file, kind, fs)
        return recording, analyse(recording, kind)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"Reading {file.name}", total=3)
        recording = read_recording(file, kind, fs)
        progress.advance(task)

        def step(name: str) -> None:
            progress.update(task, description=name)
            progress.advance(task)

        result = analyse(recording, kind, step)
        progress.update(task, completed=3)
    return recording, result


def _figure(value: float | None, unit: str, digits: int = 1) -> str:
    return "not given" if value is None else f"{value:.{digits}f} {unit}".strip()


def _summary(console: Console, file: Path, result: dict[str, Any], plot: Path | None) -> None:
    from psoas.signals.registry import recording_kind

    kind = result["kind"]
    console.print(f"[bold]{file.name}[/]: {kind}, {result['duration_s'] / 60:.1f} min")
    for note in result["notes"]:
        console.print(f"  {note}", style="dim")
    plots = recording_kind(kind).plots
    if plots == "tremor":
        episodes = _count(len(result["episodes"]), "episode")
        console.print(
            f"tremor {result['tremor_fraction']:.0%} of the time in {episodes}; "
            f"dominant frequency {_figure(result['dominant_frequency_hz'], 'Hz')}"
        )
        for e in result["episodes"]:
            console.print(
                f"  {e['start_s']:7.1f} to {e['end_s']:7.1f} s  "
                f"{e['frequency_hz']:.1f} Hz  {e['rms']:.2f} m/s²"
            )
        if result["movement"]:
            console.print(f"movement (not counted as tremor): {len(result['movement'])} times")
    elif plots == "breathing":
        _breathing(console, result)
    else:
        console.print(
            f"heart rate {_figure(result['mean_hr_bpm'], 'bpm')}; SDNN {_figure(result['sdnn_ms'], 'ms')}; "
            f"RMSSD {_figure(result['rmssd_ms'], 'ms')}; pNN50 {_figure(result['pnn50'], '%')}; "
            f"LF {_figure(result['lf_ms2'], 'ms²', 0)}; HF {_figure(result['hf_ms2'], 'ms²', 0)}"
        )
        console.print(f"corrected beats: {result['artifact_fraction']:.1%} of {result['beats']}")
        _left_out(console, result.get("quality"))
        for name, reason in result["withheld"].items():
            console.print(f"  {name} not given: {reason}", style="dim")
    if "comparison" in result:
        _comparison(console, result["comparison"])
    if plot is not None:
        console.print(f"plot written to {plot}")


def _comparison(console: Console, comparison: dict[str, Any]) -> None:
    """The start against the end, in the sentences the web shows."""
    start, end = comparison["start"]["window_s"], comparison["end"]["window_s"]
    console.print(
        f"start ({start[0] / 60:.1f} to {start[1] / 60:.1f} min) against end "
        f"({end[0] / 60:.1f} to {end[1] / 60:.1f} min):"
    )
    for sentence in comparison["sentences"]:
        console.print(f"  {sentence}")


def _breathing(console: Console, result: dict[str, Any]) -> None:
    """The rate and the share of the recording it comes from; no rate when no rhythm was found."""
    if result["rate_bpm"] is None:
        console.print("no breathing rhythm found (movement, too little motion, or no steady rhythm)")
        return
    share = result["usable_fraction"]
    console.print(f"breathing rate {_figure(result['rate_bpm'], 'breaths a minute')}, from {share:.0%} of it")
    if share < 1:
        console.print(f"  {1 - share:.0%} had movement or no steady rhythm and gave no rate", style="dim")


def _left_out(console: Console, quality: dict[str, Any] | None) -> None:
    """The ECG stretches that gave no beats, with their times and why."""
    if not quality or not quality["left_out"]:
        return
    console.print(f"left out: {1 - quality['clean_fraction']:.0%} of the ECG, where it could not be trusted")
    for s in quality["left_out"]:
        console.print(f"  {s['start_s']:7.1f} to {s['end_s']:7.1f} s  {s['reason']}")


def _count(number: int, thing: str) -> str:
    """'1 episode', '3 episodes'."""
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"
