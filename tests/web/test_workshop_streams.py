"""The workshop's event streams over psoas's own routes and `psoas serve`: a facilitator's "next"
reaches streams held by both of two workers on PostgreSQL, a phone's signal reaches the console,
the streams are never gzipped, Ctrl-C stops the server promptly with streams open, and one address
may hold at most 20 streams open.

These need the workshop routes (the facilitator's and the participant's branches of issue 23);
until they are merged the module is skipped. tests/web/test_events.py proves the same mechanisms
with a small app of its own meanwhile.
"""

import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.servers import create_database, psoas_process
from tests.sse import EventReader, open_connections, refused_stream, worker_pids
from tests.web.workshop_routes import started_workshop, workshop_routes_exist

pytestmark = pytest.mark.skipif(
    not workshop_routes_exist(), reason="needs the workshop routes of issue 23 (not merged yet)"
)


def _room(stream: EventReader) -> dict[str, object]:
    """The next room event on the stream (a phone's stream also brings its seat's events)."""
    while True:
        name, event = stream.next()
        if name == "room":
            return event


def test_next_reaches_streams_held_by_either_of_two_workers(postgres_admin_url: str, tmp_path: Path) -> None:
    url = create_database(postgres_admin_url, "psoas_two_worker_room")
    with psoas_process(url, tmp_path, serve_args=("--workers", "2")) as (base, process):
        port = int(base.rsplit(":", 1)[1])
        with httpx.Client() as facilitator:
            workshop_id, code = started_workshop(facilitator, base)
            workers = worker_pids(process.pid)
            assert len(workers) == 2
            # Room screens opened until each worker holds some (the kernel hands connections to
            # either); each on a client of its own, so each is its own connection.
            streams: list[EventReader] = []
            while len(streams) < 40 and not all(open_connections(pid, port) for pid in workers):
                stream = EventReader(httpx.Client(), f"{base}/room/{code}/events")
                assert _room(stream)["step"] == 0
                streams.append(stream)
            holding = {pid: open_connections(pid, port) for pid in workers}
            assert all(holding.values()), holding
            moved = facilitator.post(f"{base}/workshops/{workshop_id}/control", data={"action": "next"})
            assert moved.status_code == 303
            # Every screen hears it, whichever worker handled the "next" and whichever holds it.
            assert [_room(stream)["step"] for stream in streams] == [1] * len(streams)
            for stream in streams:
                stream.close()


def test_a_signal_reaches_the_console_and_the_room_hears_only_the_count(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    with psoas_process(url, tmp_path) as (base, _), httpx.Client() as facilitator, httpx.Client() as phone:
        workshop_id, code = started_workshop(facilitator, base)
        console = EventReader(facilitator, f"{base}/workshops/{workshop_id}/events")
        room = EventReader(httpx.Client(), f"{base}/room/{code}/events", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in room.response.headers
        assert room.response.headers["cache-control"] == "no-store"
        assert room.response.headers["x-accel-buffering"] == "no"
        assert _room(room)["joined"] == 0
        assert phone.post(f"{base}/w/{code}", data={"nickname": "Sam"}).status_code == 303
        assert _room(room)["joined"] == 1
        asked = time.monotonic()
        phone.post(f"{base}/w/{code}/signal", data={"kind": "moment"})
        while (news := console.next())[0] != "signal":
            pass
        assert time.monotonic() - asked < 1
        assert news[1]["kind"] == "moment"
        seen = _room(room)
        assert seen["needing_moment"] == 1
        assert "Sam" not in str(seen)
        console.close()
        room.close()


def test_ctrl_c_stops_psoas_serve_promptly_with_streams_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    with psoas_process(url, tmp_path) as (base, process), httpx.Client() as facilitator:
        _, code = started_workshop(facilitator, base)
        streams = [EventReader(httpx.Client(), f"{base}/room/{code}/events") for _ in range(5)]
        for stream in streams:
            _room(stream)
        asked = time.monotonic()
        process.send_signal(signal.SIGINT)
        for stream in streams:
            with pytest.raises(EOFError):
                stream.next()  # ended by the server, not cut off
        assert process.wait(timeout=5) == 0
        assert time.monotonic() - asked < 5  # without ending the streams, uvicorn would wait for ever


def test_one_address_may_hold_twenty_streams_and_a_closed_one_frees_its_place(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    # One device on the network, named by a reverse proxy on this computer (uvicorn trusts its
    # X-Forwarded-For from 127.0.0.1): the limit per address applies to every address but loopback.
    device = {"X-Forwarded-For": "203.0.113.7"}
    with psoas_process(url, tmp_path) as (base, _), httpx.Client() as facilitator:
        workshop_id, code = started_workshop(facilitator, base)
        room = f"{base}/room/{code}/events"
        streams = [EventReader(httpx.Client(), room, headers=device) for _ in range(20)]
        assert [_room(stream)["step"] for stream in streams] == [0] * 20
        refused = refused_stream(room, headers=device)
        assert refused.status_code == 429, "a stream beyond the limit was opened"
        assert refused.headers["retry-after"] == "10"
        assert refused.text.startswith("Too many live streams open from this address")
        # Another device, and this computer's own screens (the room screen, the console), still open.
        other = EventReader(httpx.Client(), room, headers={"X-Forwarded-For": "198.51.100.9"})
        projector = EventReader(httpx.Client(), room)
        console = EventReader(facilitator, f"{base}/workshops/{workshop_id}/events")
        assert [_room(other)["step"], _room(projector)["step"], _room(console)["step"]] == [0, 0, 0]
        moved = facilitator.post(f"{base}/workshops/{workshop_id}/control", data={"action": "next"})
        assert moved.status_code == 303
        assert [_room(stream)["step"] for stream in [*streams, other, projector]] == [1] * 22
        # A stream whose client has gone frees its place (once the server reads that it went).
        streams.pop().close()
        deadline = time.monotonic() + 5
        while (again := refused_stream(room, headers=device)).status_code == 429:
            assert time.monotonic() < deadline, "the closed stream's place was never freed"
            time.sleep(0.1)
        assert again.status_code == 200
        again.close()
        for stream in [*streams, other, projector, console]:
            stream.close()
