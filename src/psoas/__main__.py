"""Allow `python -m psoas`."""

from psoas.cli.app import main

main()
