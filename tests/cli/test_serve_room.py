"""`psoas serve` for a room: --lan (the join address, a QR code, the machine's own names allowed),
the text a refused host gets, and --workers on PostgreSQL."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from psoas.cli.lan import lan_addresses
from tests.conftest import run_psoas
from tests.servers import create_database, free_port


@contextmanager
def serving(args: list[str], env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`psoas serve ARGS` on a free port in a session of its own (Ctrl-C reaches the whole group, as
    from a terminal), once it answers; yields the process and the port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "psoas", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _stop_with_ctrl_c(process: subprocess.Popen[str]) -> str:
    """Ctrl-C, as a terminal sends it (to every process of the group); all that psoas printed."""
    asked = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    rest, _ = process.communicate(timeout=15)
    assert time.monotonic() - asked < 5
    assert process.returncode == 0, rest
    return rest


def _sqlite(tmp_path: Path) -> dict[str, str]:
    return {"PSOAS_DATA_DIR": str(tmp_path), "PSOAS_DATABASE_URL": f"sqlite:///{tmp_path / 'psoas.sqlite3'}"}


needs_a_network = pytest.mark.skipif(not lan_addresses(), reason="this machine has no local network address")


@needs_a_network
def test_lan_prints_the_join_address_and_a_qr_code_and_answers_to_the_machines_names(tmp_path: Path) -> None:
    with serving(["--lan"], _sqlite(tmp_path)) as (process, port):
        address = lan_addresses()[0]
        for name in (f"{address}:{port}", f"{os.uname().nodename.lower()}:{port}"):
            response = httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"Host": name})
            assert response.status_code == 200, name
        # Bound to every address: the LAN address itself answers.
        assert httpx.get(f"http://{address}:{port}/healthz").status_code == 200
        rest = _stop_with_ctrl_c(process)
    lines = rest.splitlines()
    assert f"psoas: phones join at http://{address}:{port}/join" in lines
    qr = [line for line in lines if "█" in line or "▀" in line or "▄" in line]
    assert len(qr) >= 10  # a QR code drawn in half blocks
    assert "psoas: everyone on this network can reach the join page while psoas runs" in lines
    assert lines[-1].startswith("psoas: stopped")


@needs_a_network
def test_host_0_0_0_0_serves_the_network_as_lan_does(tmp_path: Path) -> None:
    with serving(["--host", "0.0.0.0"], _sqlite(tmp_path)) as (process, port):
        address = lan_addresses()[0]
        response = httpx.get(f"http://{address}:{port}/healthz")
        assert response.status_code == 200
        rest = _stop_with_ctrl_c(process)
    assert f"psoas: phones join at http://{address}:{port}/join" in rest


def test_a_refused_host_is_told_how_to_allow_it(server: str) -> None:
    response = httpx.get(f"{server}/", headers={"Host": "192.168.1.20:8000"})
    assert response.status_code == 400
    assert "192.168.1.20" in response.text
    assert "psoas serve --lan" in response.text
    assert "PSOAS_ALLOWED_HOSTS" in response.text
    assert "Invalid host header" not in response.text


def test_a_refused_host_name_is_shown_as_text_only(server: str) -> None:
    response = httpx.get(f"{server}/", headers={"Host": "<script>x</script>"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")


def test_workers_need_postgresql(tmp_path: Path) -> None:
    result = run_psoas("serve", "--workers", "2", env=_sqlite(tmp_path))
    assert result.returncode == 2
    assert "--workers needs PostgreSQL" in result.stderr
    assert "SQLite takes one writer at a time" in result.stderr


def test_workers_are_two_to_sixteen(tmp_path: Path) -> None:
    result = run_psoas("serve", "--workers", "17", env=_sqlite(tmp_path))
    assert result.returncode == 2


def test_two_workers_on_postgresql_serve_and_stop_with_ctrl_c(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    url = create_database(postgres_admin_url, "psoas_serve_workers")
    env = {"PSOAS_DATA_DIR": str(tmp_path), "PSOAS_DATABASE_URL": url}
    with serving(["--workers", "2"], env) as (process, port):
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        workers = [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(workers) == 2
        for _ in range(10):
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        rest = _stop_with_ctrl_c(process)
    assert ", with 2 workers" in rest
    assert "psoas: stopped" in rest
    assert "Traceback" not in rest
