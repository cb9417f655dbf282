"""Reading Server-Sent Events in tests, and which of a server's worker processes holds what."""

import json
import os
from pathlib import Path

import httpx


class EventReader:
    """Reads one Server-Sent Events stream: (event name, data) at a time."""

    def __init__(self, client: httpx.Client, url: str, headers: dict[str, str] | None = None) -> None:
        self._context = client.stream("GET", url, headers=headers, timeout=httpx.Timeout(5, read=5))
        self.response = self._context.__enter__()
        self._lines = self.response.iter_lines()
        self.retry: str | None = None

    def next(self) -> tuple[str, dict[str, object]]:
        name, data = "message", ""
        for line in self._lines:
            if line.startswith("retry:"):
                self.retry = line.split(":", 1)[1].strip()
            elif line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                data += line.split(":", 1)[1].strip()
            elif line == "" and data:
                return name, json.loads(data)
        raise EOFError("the stream ended")

    def close(self) -> None:
        self._context.__exit__(None, None, None)


def refused_stream(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """Ask for a stream that should be refused: its answer, read whole (a stream that opens
    instead fails the test: its status is not read as a refusal, and it is closed at once)."""
    with httpx.Client() as client, client.stream("GET", url, headers=headers, timeout=5) as response:
        if response.status_code == 200:
            return response  # not refused; its body is never read
        response.read()
        return response


def worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    # uvicorn's supervisor starts its workers through multiprocessing's spawn: python processes
    # whose command line names the spawn entry point; the resource tracker is not one.
    return [int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def open_connections(pid: int, port: int) -> int:
    """How many established TCP connections to `port` the process holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count
