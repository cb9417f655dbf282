"""The `psoas` command line: every command is a thin face over the practice package."""

import os
import sys

import typer

from psoas.cli.analyze_command import analyze_command
from psoas.cli.content_commands import conditions_command, library_command
from psoas.cli.errors import SETUP_PROBLEM, fail
from psoas.cli.measure_commands import instruments_command, score_command
from psoas.cli.plan_commands import plan_command, program_command
from psoas.cli.play_command import play_command
from psoas.cli.server_commands import db_app, serve_command
from psoas.config import ConfigError
from psoas.practice.library import ContentError

app = typer.Typer(
    name="psoas",
    help="psoas: plan, guide and track practice for psoas and trauma release.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("library")(library_command)
app.command("conditions")(conditions_command)
app.command("plan")(plan_command)
app.command("program")(program_command)
app.command("play")(play_command)
app.command("score")(score_command)
app.command("instruments")(instruments_command)
app.command("analyze")(analyze_command)
app.command("serve")(serve_command)
app.add_typer(db_app, name="db")


def main() -> None:
    """Run the CLI; content problems and unexpected errors become a message, not a traceback."""
    try:
        app()
    except ContentError as error:
        fail(str(error), status=1)
    except ConfigError as error:
        fail(str(error), status=SETUP_PROBLEM)
    except KeyboardInterrupt:
        print("\npsoas: stopped.", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as error:  # the last line of defence: a message, and the traceback on request
        if os.environ.get("PSOAS_DEBUG"):
            raise
        fail(f"unexpected error: {error!r}. Please report it; PSOAS_DEBUG=1 shows the details.", status=1)
