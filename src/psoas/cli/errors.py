"""How the CLI reports a problem: a plain message and an exit status, never a traceback."""

import sys
from typing import NoReturn

USAGE_ERROR = 2


def fail(message: str, status: int = USAGE_ERROR) -> NoReturn:
    """Print `message` to stderr and exit with `status` (2: the input was wrong)."""
    print(f"psoas: {message}", file=sys.stderr)
    raise SystemExit(status)
