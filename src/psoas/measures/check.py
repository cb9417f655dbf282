"""Check the instrument files from the command line: `python -m psoas.measures.check [FOLDER]`."""

import sys
from pathlib import Path

from psoas.measures.instruments import SHIPPED, InstrumentError, load_instruments


def main(arguments: list[str]) -> int:
    """Print every problem, or a summary; exit 1 on problems."""
    folders = [SHIPPED, *(Path(a) for a in arguments)]
    try:
        found = load_instruments(*folders)
    except InstrumentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"ok: {', '.join(sorted(found))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
