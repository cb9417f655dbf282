"""Real servers for tests: a throwaway PostgreSQL from Debian's packages, and `psoas serve` itself."""

import atexit
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found; `make test` installs Debian's postgresql")
    return Path(found[-1]).parent


def _as_postgres_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package provides the `postgres` user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL server on 127.0.0.1 in a folder of its own; yield its admin URL; stop it after."""
    binaries = _postgres_bin()
    # Its own folder under /tmp: pytest's folders are private to the user running the tests.
    workdir = Path(tempfile.mkdtemp(prefix="psoas-postgres-"))
    data = workdir / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    run = lambda command: subprocess.run(_as_postgres_user(command), check=True, capture_output=True)  # noqa: E731
    run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    options = f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c full_page_writes=off"
    run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start"])
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(workdir, ignore_errors=True)


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """Create a database on the server and return its URL: empty, or a copy of `template` (a
    database on the same server that nothing is connected to)."""
    import psycopg

    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin_url.replace("+psycopg", "") + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copy}')
    return f"{admin_url}/{name}"


@contextmanager
def psoas_server(
    database_url: str, data_dir: Path, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `psoas serve` on a free port against the database; yield its base URL. `env` adds to the
    server's environment (PSOAS_SUPPORT_TEXT, say). The server is forked from a process that has
    imported psoas already (tests/serve_forks.py): the same command, without a second of imports."""
    port = free_port()
    log = data_dir / "server.log"
    process = _forks().start(
        ["serve", "--host", host, "--port", str(port)], _server_env(database_url, data_dir, env), log
    )
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    try:
        _wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _server_env(database_url: str, data_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    return {
        **os.environ,
        "PSOAS_DATA_DIR": str(data_dir),
        "PSOAS_DATABASE_URL": database_url,
        **(extra or {}),
    }


class _Forked:
    """A server forked by the forking process: what psoas_server needs of a Popen."""

    def __init__(self, forks: "_Forks", pid: int) -> None:
        self.forks, self.pid = forks, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.forks.ask({"poll": self.pid})
        return self.returncode

    def terminate(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"psoas serve (pid {self.pid})", timeout)
            time.sleep(0.02)
        return code


class _Forks:
    """The forking process of this test process, and its requests, one at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("serve_forks.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()
        self.asked = 0

    def ask(self, request: dict[str, Any]) -> Any:
        """The answer to this request. Each carries its own number: should reading an answer be
        interrupted (a test's timeout), the next request skips it rather than take it for its own."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        with self.lock:
            self.asked += 1
            self.process.stdin.write(json.dumps({"id": self.asked, **request}) + "\n")
            self.process.stdin.flush()
            while line := self.process.stdout.readline():
                answer = json.loads(line)
                if answer["id"] == self.asked:
                    return answer["answer"]
        raise RuntimeError(f"the forking process for test servers ended ({self.process.wait()})")

    def start(self, args: list[str], env: dict[str, str], log: Path) -> _Forked:
        return _Forked(self, int(self.ask({"start": {"args": args, "env": env, "log": str(log)}})))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)


_started: list[_Forks] = []
_starting = threading.Lock()


def _forks() -> _Forks:
    """This test process's forking process, started on first use and ended when the process ends."""
    with _starting:
        if not _started:
            _started.append(_Forks())
            atexit.register(_started[0].close)
    return _started[0]


@contextmanager
def psoas_process(
    database_url: str,
    data_dir: Path,
    host: str = "127.0.0.1",
    extra_env: dict[str, str] | None = None,
    serve_args: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`psoas_server`, also yielding the server's process (benchmarks read its CPU time);
    `serve_args` adds options (`--workers 2`)."""
    port = free_port()
    env = _server_env(database_url, data_dir, extra_env)
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "psoas", "serve", "--host", host, "--port", str(port), *serve_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    try:
        _wait_until_healthy(base, process, data_dir / "server.log")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_healthy(base: str, process: "subprocess.Popen[bytes] | _Forked", log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"psoas serve exited: {log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"psoas serve did not become healthy: {log.read_text()}")
