"""`psoas play`: plan a session and be guided through it in the terminal."""

import sys
from typing import Annotated

import typer
from rich.console import Console

from psoas.cli.errors import fail
from psoas.cli.keys import NoKeys, TerminalKeys
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
    number,
    request_from_options,
)
from psoas.cli.render import plan_table
from psoas.cli.terminal_player import TerminalPlayer
from psoas.config import load_config
from psoas.practice.grounding import grounding_steps
from psoas.practice.library import default_library
from psoas.practice.planner import plan

MIN_SPEED = 0.1
MAX_SPEED = 10_000.0


def play_command(
    minutes: Minutes,
    level: LevelOption = "beginner",
    focus: FocusOption = None,
    condition: ConditionOption = None,
    prop: PropOption = None,
    with_facilitator: FacilitatorOption = False,
    seed: SeedOption = None,
    prefer: PreferOption = None,
    avoid: AvoidOption = None,
    speed: Annotated[
        float,
        typer.Option(
            "--speed",
            help="Make time pass this many times faster (demos, tests).",
            parser=number,
            metavar="X",
        ),
    ] = 1.0,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Keep the session, its check-ins and what happened in the database, as the web app does.",
        ),
    ] = True,
) -> None:
    """Plan a session and play it with a live countdown: space pause, n next, g stop & ground."""
    # Here, not above: the store (SQLAlchemy, Alembic) is loaded by the commands that keep data.
    from psoas.cli.session_record import SessionRecord, ask_ratings

    if not MIN_SPEED <= speed <= MAX_SPEED:
        fail(f"speed must be between {MIN_SPEED:g} and {MAX_SPEED:g}, got {speed:g}")
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
    console.print(plan_table(session))
    grounding = grounding_steps(default_library())
    steps = list(session.steps())
    config = load_config()
    kept = SessionRecord(config, session.to_json()) if record else None
    support = config.support_text
    asking = sys.stdin.isatty()
    try:
        if kept is not None and asking and (before := ask_ratings(console, "before")):
            kept.check_in("before", before)
        if asking:
            with TerminalKeys() as keys:
                player = TerminalPlayer(console, keys, steps, grounding, speed, live=True, support=support)
                outcome = player.play()
        else:
            player = TerminalPlayer(console, NoKeys(), steps, grounding, speed, live=False, support=support)
            outcome = player.play()
        if kept is None:
            return
        kept.finish(outcome.completed, outcome.grounded, outcome.stopped_at_step, player.log)
        try:
            if asking and (after := ask_ratings(console, "after")):
                kept.check_in("after", after)
            console.print(
                f"Kept as session {kept.session_id} in {kept.place}; History in the web app shows it.",
                highlight=False,
            )
        except OSError:
            return  # the terminal has gone; what happened is kept
    finally:
        if kept is not None:
            kept.close()
