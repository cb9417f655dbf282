"""Connections end cleanly: a client that sends too slowly is cut off, a client that goes away is a
line in the log, and an unexpected error says so and closes its connection. Raw sockets, because an
HTTP library would not trickle, vanish or keep a connection on purpose."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from psoas.config import load_config
from psoas.web.app import create_app
from psoas.web.slow_clients import deadline_protocol
from tests.servers import free_port, psoas_server

HEAD_SECONDS = 1.0


@pytest.fixture(scope="module")
def patient_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`psoas serve` on SQLite allowing a client one second to send a request's head."""
    data = tmp_path_factory.mktemp("slow")
    env = {"PSOAS_CLIENT_TIMEOUT": str(HEAD_SECONDS)}
    with psoas_server(f"sqlite:///{data / 'psoas.sqlite3'}", data, env=env) as base:
        yield base, data / "server.log"


def connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=10)
    return connection


def closed_within(connection: socket.socket, seconds: float) -> bool:
    """Whether the server closed the connection (reading gives nothing) within `seconds`."""
    connection.settimeout(seconds)
    try:
        return connection.recv(4096) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_head_sent_a_byte_at_a_time_is_cut_off(patient_server: tuple[str, Path]) -> None:
    base, _ = patient_server
    with connect(base) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert closed_within(connection, HEAD_SECONDS + 3)
        assert time.monotonic() - started < HEAD_SECONDS + 2
    assert httpx.get(f"{base}/healthz").status_code == 200  # everyone else is still served


def test_a_body_that_trickles_is_cut_off_and_nothing_is_saved(patient_server: tuple[str, Path]) -> None:
    base, log = patient_server
    before = len(httpx.get(f"{base}/api/sessions").json()["sessions"])
    body = b'{"minutes": 10, "seed": 1}'
    with connect(base) as connection:
        head = "POST /api/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        connection.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body[:5])
        # The body's deadline: the head's second and its 26 bytes at 50 kB/s.
        assert closed_within(connection, HEAD_SECONDS + 3)
    time.sleep(0.3)
    assert len(httpx.get(f"{base}/api/sessions").json()["sessions"]) == before
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("kind", ["json", "upload"])
def test_a_client_gone_mid_body_leaves_no_traceback(patient_server: tuple[str, Path], kind: str) -> None:
    base, log = patient_server
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    if kind == "json":
        head = "POST /api/plans HTTP/1.1\r\nContent-Type: application/json\r\n"
        partial = b'{"min'
    else:
        boundary = "b0undary"
        head = (
            f"POST /api/sessions/{session_id}/recordings HTTP/1.1\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        )
        partial = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="rr.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n800\n810\n"
        ).encode()
    with connect(base) as connection:
        connection.sendall(f"{head}Host: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n".encode() + partial)
        time.sleep(0.2)
    time.sleep(0.5)
    assert "Traceback" not in log.read_text()
    assert httpx.get(f"{base}/healthz").status_code == 200


def test_a_request_in_good_time_is_answered_and_the_connection_kept(patient_server: tuple[str, Path]) -> None:
    base, _ = patient_server
    with connect(base) as connection:
        for _ in range(2):  # two requests on one connection, each under the deadline
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while not answer.endswith(b'{"status":"ok"}'):
                answer += connection.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200"), answer


def test_an_unexpected_error_says_so_and_closes_its_connection(tmp_path: Path) -> None:
    """A route of the test's own raises, in the real app served by uvicorn as `psoas serve` runs it."""
    config = load_config({"PSOAS_DATA_DIR": str(tmp_path)})
    app = create_app(config)

    def mistake() -> None:
        raise RuntimeError("a mistake of ours")

    app.add_api_route("/api/mistake", mistake)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, port=port, log_level="critical", http=deadline_protocol(HEAD_SECONDS))
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with connect(f"http://127.0.0.1:{port}") as connection:
            connection.sendall(b"GET /api/mistake HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while chunk := connection.recv(4096):  # read to the end: the server closes it
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 500")
        assert b"connection: close" in head.lower()
        assert b"saved nothing of this request" in body
    finally:
        server.should_exit = True
        thread.join(timeout=10)
