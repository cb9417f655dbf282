"""`psoas serve` and `psoas db upgrade`: run the web app, and bring the database up to date."""

import errno
import gc
import os
import signal
import socket
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from psoas.cli.errors import SETUP_PROBLEM, fail
from psoas.cli.lan import lan_addresses, lan_hosts, terminal_qr
from psoas.config import ALLOWED_HOSTS_VARIABLE, LOCAL_HOSTS, Config, load_config

if TYPE_CHECKING:
    from fastapi import FastAPI

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    lan: Annotated[
        bool,
        typer.Option("--lan", help="Serve phones on the local network; print the join address and QR code."),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes (PostgreSQL only).", min=1, max=16)
    ] = 1,
) -> None:
    """Serve the web app (the database is migrated on start)."""
    import uvicorn
    from sqlalchemy import make_url

    from psoas.cli.database_setup import migrate, where
    from psoas.web.app import create_app
    from psoas.web.slow_clients import deadline_protocol

    config = load_config()
    if workers > 1 and make_url(config.database_url).get_backend_name() != "postgresql":
        fail(
            "--workers needs PostgreSQL (PSOAS_DATABASE_URL=postgresql+psycopg://...): SQLite takes one "
            "writer at a time, and its live events reach only the process that wrote them; one worker "
            "serves a room of 200 phones"
        )
    # Migrated here as well as on start, so that a set-up problem is a clear message before the
    # server starts rather than a traceback from inside it.
    typer.echo(f"psoas: {migrate(config)}")
    lan = lan or host in ("0.0.0.0", "::")  # listening on every address is serving the network
    if lan and host == "127.0.0.1":
        host = "0.0.0.0"
    name = f"[{host}]" if ":" in host else host  # how an IPv6 address appears in URLs and Host
    names = [*(lan_hosts() if lan else []), *([] if host in ("0.0.0.0", "::") else [name])]
    config = replace(config, allowed_hosts=tuple(dict.fromkeys((*config.allowed_hosts, *names))))
    listening = listening_socket(host, name, port)
    # Stopping is not a failure: uvicorn shuts down gracefully on SIGTERM or Ctrl-C and then
    # raises the signal again, so the process (and `make run` above it) would report being killed.
    # Our handlers, set before the app is built and restored by uvicorn before it raises, turn a
    # stop at any moment from here on into a calm, successful exit.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, _stopped)
    serving = f"psoas: serving on http://{name}:{port} with data in {where(config.database_url)}"
    try:
        if workers > 1:
            typer.echo(f"{serving}, with {workers} workers")
            if lan:
                _print_join_address(port)
            _serve_workers(config, listening, workers)
            raise _Stopped
        app = create_app(config)
        # The ~190,000 objects made while starting (FastAPI, SQLAlchemy, the library) live as long
        # as the server; left to the collector, each full collection walks them all (about 80 ms,
        # which showed as p95 latency). Frozen, collections walk only what requests make.
        gc.freeze()
        # Our own HTTP/1.1 protocol: uvicorn's, with deadlines for a client that sends too slowly.
        protocol = deadline_protocol(config.client_timeout_s)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http=protocol))
        typer.echo(serving)
        if lan:
            _print_join_address(port)
        server.run(sockets=[listening])
    except _Stopped:
        typer.echo(f"psoas: stopped; your data stays in {where(config.database_url)}")


def _print_join_address(port: int) -> None:
    addresses = lan_addresses()
    if not addresses:
        typer.echo("psoas: no local network found on this computer; phones cannot reach it yet")
        return
    join = f"http://{addresses[0]}:{port}/join"
    typer.echo(f"psoas: phones join at {join}")
    for other in addresses[1:]:
        typer.echo(f"psoas: (or at http://{other}:{port}/join)")
    typer.echo(terminal_qr(join), nl=False)
    typer.echo("psoas: everyone on this network can reach the join page while psoas runs")


def _serve_workers(config: Config, listening: socket.socket, workers: int) -> None:
    """uvicorn's supervisor, starting `workers` processes on the socket bound here; each builds
    its app with `worker_app`, from the environment, which passes on the hosts allowed here."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from psoas.web.slow_clients import WorkerDeadlineProtocol

    extra_hosts = [host for host in config.allowed_hosts if host not in LOCAL_HOSTS]
    os.environ[ALLOWED_HOSTS_VARIABLE] = ",".join(extra_hosts)
    uvicorn_config = uvicorn.Config(
        "psoas.cli.server_commands:worker_app",
        factory=True,
        workers=workers,
        log_level="warning",
        http=WorkerDeadlineProtocol,
    )
    Multiprocess(uvicorn_config, sockets=[listening]).run()


def worker_app() -> "FastAPI":
    """One worker's app (run in each worker process by uvicorn's supervisor)."""
    from psoas.web.app import create_app
    from psoas.web.slow_clients import WorkerDeadlineProtocol

    config = load_config()
    WorkerDeadlineProtocol.head_seconds = config.client_timeout_s
    app = create_app(config)
    gc.freeze()  # as in serve_command
    return app


class _Stopped(Exception):
    """The server was asked to stop and has finished its requests."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def listening_socket(host: str, name: str, port: int) -> socket.socket:
    """The server's socket, bound here so that a port in use is a message before "serving on",
    rather than uvicorn's error after it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio switches Nagle's algorithm off (TCP_NODELAY) only on
    # connections whose socket says TCP, and with it on every answer waited ~40 ms for an ACK.
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            fail(
                f"cannot listen on {name}:{port}: the port is already in use (is psoas already "
                f"running there?); choose another with --port {other} (make run PORT={other})",
                SETUP_PROBLEM,
            )
        fail(f"cannot listen on {name}:{port}: {error.strerror or error}", SETUP_PROBLEM)
    return listening


@db_app.command("upgrade")
def db_upgrade_command() -> None:
    """Apply every database migration not yet applied."""
    from psoas.cli.database_setup import migrate

    typer.echo(f"psoas: {migrate(load_config())}")
