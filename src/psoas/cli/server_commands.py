"""`psoas serve` and `psoas db upgrade`: run the web app, and bring the database up to date."""

import errno
import gc
import signal
import socket
from dataclasses import replace
from typing import Annotated

import typer

from psoas.cli.database_setup import migrate, where
from psoas.cli.errors import SETUP_PROBLEM, fail
from psoas.config import load_config

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web app (the database is migrated on start)."""
    import uvicorn

    from psoas.web.app import create_app

    config = load_config()
    # Migrated here as well as on start, so that a set-up problem is a clear message before the
    # server starts rather than a traceback from inside it.
    typer.echo(f"psoas: {migrate(config)}")
    name = f"[{host}]" if ":" in host else host  # how an IPv6 address appears in URLs and Host
    if host not in ("0.0.0.0", "::") and name not in config.allowed_hosts:
        config = replace(config, allowed_hosts=(*config.allowed_hosts, name))
    listening = listening_socket(host, name, port)
    # Stopping is not a failure: uvicorn shuts down gracefully on SIGTERM or Ctrl-C and then
    # raises the signal again, so the process (and `make run` above it) would report being killed.
    # Our handlers, set before the app is built and restored by uvicorn before it raises, turn a
    # stop at any moment from here on into a calm, successful exit.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, _stopped)
    try:
        app = create_app(config)
        # The ~190,000 objects made while starting (FastAPI, SQLAlchemy, the library) live as long
        # as the server; left to the collector, each full collection walks them all (about 80 ms,
        # which showed as p95 latency). Frozen, collections walk only what requests make.
        gc.freeze()
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        typer.echo(f"psoas: serving on http://{name}:{port} with data in {where(config.database_url)}")
        server.run(sockets=[listening])
    except _Stopped:
        typer.echo(f"psoas: stopped; your data stays in {where(config.database_url)}")


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
    typer.echo(f"psoas: {migrate(load_config())}")
