"""How the `psoas` command line presents itself, shared by the full app and the analyze-only one."""

from typing import Any

APP_SETTINGS: dict[str, Any] = {
    "name": "psoas",
    "help": "psoas: plan, guide and track practice for psoas and trauma release.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}
