"""Single key presses from the terminal, for the player; a stand-in that waits when there is no terminal."""

import contextlib
import os
import select
import sys
import termios
import time
import tty
from types import TracebackType
from typing import Any, Protocol


class TerminalClosed(EOFError):
    """The terminal went away (closed window, dropped connection): nobody is there to press a key."""


class KeySource(Protocol):
    """Something the player can ask for a key press, waiting at most `timeout` seconds."""

    def read(self, timeout: float) -> str | None:
        """The key pressed, or None when the wait ran out."""


class TerminalKeys:
    """Keys from a real terminal in cbreak mode (no Enter needed); restores the terminal on exit."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None

    def __enter__(self) -> "TerminalKeys":
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # A terminal that has gone has nothing left to restore.
        if self._saved is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        """The key pressed, or None when the wait ran out."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        # A closed terminal reads as ready with nothing in it, at once and forever: without this the
        # player would spin a core until someone killed it.
        try:
            data = os.read(self.fd, 1)
        except OSError as error:
            raise TerminalClosed(str(error)) from error
        if not data:
            raise TerminalClosed("end of input")
        return data.decode("utf-8", errors="ignore") or None


class NoKeys:
    """For runs without a terminal: never a key, just the wait."""

    def read(self, timeout: float) -> str | None:
        """Wait out the timeout; there is never a key."""
        time.sleep(max(0.0, timeout))
        return None
