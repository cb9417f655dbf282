"""How the CLI reports a problem: a plain message and an exit status, never a traceback."""

import sys
from typing import NoReturn

USAGE_ERROR = 2
# A folder or database psoas cannot use: 1, as for content problems, so that 2 still means the
# command line itself was wrong.
SETUP_PROBLEM = 1


def fail(message: str, status: int = USAGE_ERROR) -> NoReturn:
    """Print `message` to stderr and exit with `status` (2: the input was wrong)."""
    print(f"psoas: {message}", file=sys.stderr)
    raise SystemExit(status)
