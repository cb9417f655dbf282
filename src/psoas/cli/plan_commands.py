"""`psoas plan` and `psoas program`: a session or a multi-week program, as a table or JSON."""

from typing import Annotated

import typer
from rich.console import Console

from psoas.cli.errors import fail
from psoas.cli.options import (
    AvoidOption,
    ConditionOption,
    FacilitatorOption,
    FocusOption,
    LevelOption,
    Minutes,
    PreferOption,
    PropOption,
    SeedOption,
    request_from_options,
    whole_number,
)
from psoas.cli.output import JsonOption, print_json
from psoas.cli.render import plan_table, program_table
from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.program import program
from psoas.practice.request import InvalidRequest
from psoas.practice.screening import facilitator_decides_tremor


def plan_command(
    minutes: Minutes,
    level: LevelOption = "beginner",
    focus: FocusOption = None,
    condition: ConditionOption = None,
    prop: PropOption = None,
    with_facilitator: FacilitatorOption = False,
    seed: SeedOption = None,
    prefer: PreferOption = None,
    avoid: AvoidOption = None,
    json: JsonOption = False,
) -> None:
    """Plan one session following the arc: arrive, fatigue, tremor, restore, integrate."""
    request = request_from_options(
        minutes=minutes,
        level=level,
        focus=focus,
        condition=condition,
        prop=prop,
        with_facilitator=with_facilitator,
        seed=seed,
        prefer=prefer,
        avoid=avoid,
    )
    session = plan(request)
    console = Console()
    if json:
        print_json(console, session.to_json())
        return
    console.print(plan_table(session))
    if not request.with_facilitator and facilitator_decides_tremor(request, default_library()):
        console.print("• With a trained TRE facilitator present, add --with-facilitator.")


def program_command(
    weeks: Annotated[
        int, typer.Option("--weeks", "-w", help="How many weeks, 1 to 26.", parser=whole_number, metavar="W")
    ],
    sessions_per_week: Annotated[
        int,
        typer.Option(
            "--sessions-per-week", "-s", help="Sessions a week, 1 to 4.", parser=whole_number, metavar="N"
        ),
    ] = 3,
    minutes: Annotated[
        int,
        typer.Option("--minutes", "-m", help="Session length, 10 to 120.", parser=whole_number, metavar="N"),
    ] = 30,
    level: LevelOption = "beginner",
    focus: FocusOption = None,
    condition: ConditionOption = None,
    prop: PropOption = None,
    with_facilitator: FacilitatorOption = False,
    seed: SeedOption = None,
    prefer: PreferOption = None,
    avoid: AvoidOption = None,
    json: JsonOption = False,
) -> None:
    """Plan a multi-week program whose tremor time grows gradually, with rest days."""
    request = request_from_options(
        minutes=minutes,
        level=level,
        focus=focus,
        condition=condition,
        prop=prop,
        with_facilitator=with_facilitator,
        seed=seed,
        prefer=prefer,
        avoid=avoid,
    )
    try:
        result = program(weeks, sessions_per_week, request)
    except InvalidRequest as error:
        fail(str(error))
    console = Console()
    if json:
        print_json(console, result.to_json())
        return
    console.print(program_table(result))
    for note in result.notes:
        console.print(f"• {note}")
