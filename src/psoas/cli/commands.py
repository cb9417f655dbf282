"""The `psoas` command line with all its commands: every command is a thin face over the practice package."""

import typer

from psoas.cli.analyze_command import analyze_command
from psoas.cli.app_settings import APP_SETTINGS
from psoas.cli.content_commands import conditions_command, library_command
from psoas.cli.measure_commands import instruments_command, score_command
from psoas.cli.plan_commands import plan_command, program_command
from psoas.cli.play_command import play_command
from psoas.cli.server_commands import db_app, serve_command
from psoas.cli.user_commands import user_app

app = typer.Typer(**APP_SETTINGS)
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
app.add_typer(user_app, name="user")
