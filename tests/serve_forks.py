"""`psoas serve` for the tests, forked from a process that has already imported it.

Started as `python -m psoas serve`, each server spends about a second importing FastAPI, SQLAlchemy,
Alembic, Jinja and numpy before it listens, and the suite starts about a hundred of them on two
cores. A child forked from a process that has imported the same modules starts in milliseconds and
is otherwise the same command: the same entry point and arguments, an environment of its own, and
its output in its own log.

This file runs as that forking process (one per test process, started by tests/servers.py on first
use). It reads one JSON request a line on its standard input and answers each with one line,
`{"id": the request's id, "answer": ...}`: `{"id": n, "start": {"args": [...], "env": {...},
"log": path}}` forks a server (its log emptied first, as `psoas_process` does) and answers its pid;
`{"id": n, "poll": pid}` answers its return code as Popen gives it (None while it runs, minus the
signal's number when a signal ended it). It ends when its input closes.
"""

import json
import os
import signal
import sys
import traceback
from typing import Any


def main() -> None:
    # What `psoas serve` imports, on the command line and in the command's body.
    import uvicorn  # noqa: F401
    from sqlalchemy import make_url  # noqa: F401

    import psoas.cli.app
    import psoas.cli.database_setup
    import psoas.web.app
    import psoas.web.slow_clients  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        if "start" in request:
            answer: Any = _start(request["start"])
        else:
            answer = _poll(int(request["poll"]))
        sys.stdout.write(json.dumps({"id": request["id"], "answer": answer}) + "\n")
        sys.stdout.flush()


def _start(request: dict[str, Any]) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _serve(request)  # never returns
    return pid


def _poll(pid: int) -> int | None:
    try:
        found, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already reaped: asked again after it ended
        return _ended.get(pid)
    if found == 0:
        return None
    _ended[pid] = os.waitstatus_to_exitcode(status)
    return _ended[pid]


_ended: dict[int, int] = {}


def _serve(request: dict[str, Any]) -> None:
    """In the child: become `psoas <args>` with its own environment and log, then exit."""
    code = 1
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # the requests are the forking process's alone
        for stop in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop, signal.SIG_DFL)
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["psoas", *request["args"]]
        from psoas.cli.app import main as psoas

        psoas()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        if isinstance(exit.code, str):  # as Python writes it on exiting
            print(exit.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main()
