"""Check the practice content from the command line: `python -m psoas.practice.check`."""

import sys

from psoas.practice.library import ContentError, load_library


def main() -> int:
    """Print every content problem, or a summary when there are none; exit 1 on problems."""
    try:
        library = load_library()
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"ok: {len(library.exercises)} exercises, {len(library.conditions)} conditions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
