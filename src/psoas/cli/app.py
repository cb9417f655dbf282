"""The `psoas` entry point: runs the command line, turning problems into messages."""

import os
import sys

import typer

from psoas.cli.app_settings import APP_SETTINGS
from psoas.cli.errors import SETUP_PROBLEM, fail
from psoas.config import ConfigError


def _command_line() -> typer.Typer:
    """The app that runs this command. `psoas analyze` gets one holding only itself: importing the
    other commands brings in SQLAlchemy, Alembic, pydantic and the practice library, which took
    longer than analysing a 15-minute RR file. Every other command, and `psoas --help`, gets all."""
    if sys.argv[1:2] != ["analyze"]:
        from psoas.cli.commands import app

        return app
    from psoas.cli.analyze_command import analyze_command

    alone = typer.Typer(**APP_SETTINGS)
    alone.command("analyze")(analyze_command)
    # A callback keeps the app a group, so that its usage reads `psoas analyze`, as in the full app.
    alone.callback()(lambda: None)
    return alone


def main() -> None:
    """Run the CLI; content problems and unexpected errors become a message, not a traceback."""
    try:
        _command_line()()
    except ConfigError as error:
        fail(str(error), status=SETUP_PROBLEM)
    except KeyboardInterrupt:
        print("\npsoas: stopped.", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as error:  # the last line of defence: a message, and the traceback on request
        # Imported only now: the practice library is heavy, and analyze never loads it.
        from psoas.practice.library import ContentError

        if isinstance(error, ContentError):
            fail(str(error), status=1)
        if os.environ.get("PSOAS_DEBUG"):
            raise
        fail(f"unexpected error: {error!r}. Please report it; PSOAS_DEBUG=1 shows the details.", status=1)
