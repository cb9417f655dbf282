"""docs/cli.md and `psoas --help` agree: every command and every option is documented."""

import re
from pathlib import Path

import pytest
import typer.main

from psoas.cli.commands import app

CLI_DOC = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)
COMMANDS = sorted(COMMAND.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section(name: str) -> None:
    assert f"## `psoas {name}`" in CLI_DOC


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    documented = set(re.findall(r"`(--[a-z-]+)", CLI_DOC))
    for parameter in command.params:
        for option in getattr(parameter, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in documented, f"psoas {name} {option} is missing from docs/cli.md"
