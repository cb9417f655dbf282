"""`psoas library` and `psoas conditions`: the practice content, readable or as JSON."""

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from psoas.cli.errors import fail
from psoas.cli.output import JsonOption, print_json
from psoas.practice.drawing import figure_svg
from psoas.practice.exercise import Exercise
from psoas.practice.library import Library, default_library
from psoas.practice.vocabulary import PHASES


def exercise_json(library: Library, exercise: Exercise) -> dict[str, object]:
    """Every field of an entry, with contraindications from both the entry and the conditions."""
    data = exercise.model_dump(mode="json")
    data["contraindications"] = library.contraindications(exercise)
    return data


def library_command(
    phase: Annotated[
        str | None,
        typer.Option("--phase", help=f"Only entries for this phase: {', '.join(PHASES)}."),
    ] = None,
    json: JsonOption = False,
    figure: Annotated[
        str | None,
        typer.Option("--figure", metavar="ID", help="Print the exercise's figure as an SVG file instead."),
    ] = None,
    side: Annotated[
        str | None,
        typer.Option("--side", help="With --figure, a per-side exercise's side: left or right."),
    ] = None,
) -> None:
    """List the practice library: exercises, poses, breathing and grounding."""
    library = default_library()
    if figure is not None:
        print_figure(library, figure, side)
        return
    if side is not None:
        fail("--side goes with --figure ID: it says which side of a per-side exercise to draw")
    if phase is not None and phase not in PHASES:
        fail(f"unknown phase {phase!r}; valid: {', '.join(PHASES)}")
    entries = [e for e in library.exercises.values() if phase is None or phase in e.phases]
    console = Console()
    if json:
        print_json(console, {"schema": 1, "exercises": [exercise_json(library, e) for e in entries]})
        return
    table = Table(title=f"Practice library ({len(entries)} entries)", title_justify="left")
    # The id is what --prefer and --avoid take: never cut, whatever the width.
    table.add_column("id", no_wrap=True, min_width=max(len(e.id) for e in entries) if entries else None)
    for column in ("name", "kind", "phases", "level", "time", "targets"):
        table.add_column(column)
    for e in entries:
        each = " each side" if e.per_side else ""
        table.add_row(
            e.id,
            e.name,
            e.kind,
            ", ".join(e.phases),
            e.level,
            f"{e.duration.min}-{e.duration.max} s{each}",
            ", ".join(e.targets),
        )
    console.print(table)


def print_figure(library: Library, exercise_id: str, side: str | None) -> None:
    """Write one exercise's figure to standard output as a standalone SVG file."""
    if exercise_id not in library.exercises:
        close = [e for e in sorted(library.exercises) if exercise_id.lower() in e]
        hint = f"; did you mean {', '.join(close[:5])}?" if close else "; 'psoas library' lists every id"
        fail(f"no exercise with id {exercise_id[:60]!r}{hint}")
    if side not in (None, "left", "right"):
        fail(f"--side {side[:20]!r} is not a side; use left or right")
    exercise = library.exercise(exercise_id)
    if side is not None and not exercise.per_side:
        fail(f"{exercise.name} is done on both sides at once; leave out --side")
    drawn = figure_svg(
        library, exercise_id, side="left" if side == "left" else "right" if side else None, standalone=True
    )
    if drawn is None:
        fail(f"{exercise.name} has no figure yet")
    typer.echo('<?xml version="1.0" encoding="UTF-8"?>\n' + drawn)


def conditions_command(json: JsonOption = False) -> None:
    """List the screening conditions and what each changes."""
    library = default_library()
    console = Console()
    conditions = list(library.conditions.values())
    if json:
        print_json(console, {"schema": 1, "conditions": [c.model_dump(mode="json") for c in conditions]})
        return
    table = Table(title="Screening conditions", title_justify="left", show_lines=True)
    for column in ("id", "name", "tremor", "leaves out", "advice"):
        table.add_column(column, overflow="fold")
    for c in conditions:
        cap = f", at most {c.tremor_cap_minutes} min" if c.tremor_cap_minutes else ""
        left_out = [library.exercise(x.exercise).name for x in c.excludes]
        if c.avoid_positions:
            left_out.append("positions: " + ", ".join(c.avoid_positions))
        table.add_row(c.id, c.name, c.tremor + cap, "; ".join(left_out), c.advice)
    console.print(table)
