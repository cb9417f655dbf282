"""The `--json` option and JSON printing, apart from options.py and render.py so that `psoas
analyze` can use them without loading the practice library those two import."""

import json
from typing import Annotated

import typer
from rich.console import Console

FLAG = ""  # a switch takes no value, so its help shows no metavar
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON (schema 1) instead of a table.", metavar=FLAG)
]


def print_json(console: Console, data: object) -> None:
    """Print JSON for scripts: plain, unwrapped, UTF-8."""
    console.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
