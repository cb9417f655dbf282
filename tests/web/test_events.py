"""Live events: delivered after commit and never on rollback, on SQLite in-process and on
PostgreSQL through LISTEN/NOTIFY (between workers too), as Server-Sent Events over real HTTP.

The streams are served by tests/web/event_stream_app.py (psoas's broker, stream response and
protocol in a small app of its own) until the workshop routes exist; tests/web/test_workshop_streams.py
holds the same checks against psoas's own routes.
"""

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import psycopg
import pytest
from sqlalchemy.orm import Session

from psoas.store.database import make_engine
from psoas.web.events import (
    Broker,
    EventTooLarge,
    PostgresBroker,
    make_broker,
    publish,
    room_topic,
)
from tests.servers import create_database, free_port
from tests.sse import EventReader, refused_stream, worker_pids

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def _run(scenario: Coroutine[object, object, T]) -> T:
    """asyncio.run, in a thread of its own: in a worker that has run the browser tests, Playwright's
    event loop is running on the main thread, and asyncio.run refuses to start beside it."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, scenario).result()


# The broker alone.
def _receive_after(broker: Broker, database_url: str, steps: list[tuple[dict[str, object], bool]]) -> object:
    """Subscribe to room 1, then publish each event in its own transaction (committed or rolled
    back) from another thread; the first event the subscriber receives."""
    engine = make_engine(database_url)

    def write() -> None:
        for event, commit in steps:
            with Session(engine) as session:
                publish(session, broker, room_topic(1), event)
                session.commit() if commit else session.rollback()

    async def scenario() -> object:
        events = broker.subscribe(room_topic(1))
        first = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0.05)  # subscribed
        await asyncio.to_thread(write)
        try:
            return await asyncio.wait_for(first, 5)
        finally:
            await events.aclose()

    try:
        return _run(scenario())
    finally:
        engine.dispose()


@pytest.fixture
def broker(database_url: str) -> Iterator[Broker]:
    made = make_broker(database_url)
    made.start()
    yield made
    made.close()


def test_the_broker_fits_the_engine(database_url: str, broker: Broker) -> None:
    expected = PostgresBroker if database_url.startswith("postgresql") else Broker
    assert type(broker) is expected


def test_an_event_arrives_after_commit(database_url: str, broker: Broker) -> None:
    received = _receive_after(broker, database_url, [({"type": "room", "step": 1}, True)])
    assert received == {"type": "room", "step": 1}


def test_a_rolled_back_event_never_arrives(database_url: str, broker: Broker) -> None:
    steps = [({"type": "room", "step": 1}, False), ({"type": "room", "step": 2}, True)]
    assert _receive_after(broker, database_url, steps) == {"type": "room", "step": 2}


def test_an_event_too_large_for_notify_is_refused(database_url: str, broker: Broker) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session, pytest.raises(EventTooLarge, match="at most 7999"):
        publish(session, broker, room_topic(1), {"type": "room", "names": "x" * 8000})
    engine.dispose()


def test_two_workers_brokers_hear_each_others_commits(postgres_admin_url: str) -> None:
    url = create_database(postgres_admin_url, "psoas_two_brokers")
    one, other = PostgresBroker(url), PostgresBroker(url)
    one.start()
    other.start()
    try:
        assert _receive_after(other, url, [({"type": "room", "from": "one"}, True)]) == {
            "type": "room",
            "from": "one",
        }
        # published through `one`, heard by a subscriber of `other` over its own connection
        engine = make_engine(url)

        async def scenario() -> object:
            events = other.subscribe(room_topic(1))
            first = asyncio.ensure_future(anext(events))
            await asyncio.sleep(0.05)

            def write() -> None:
                with Session(engine) as session:
                    publish(session, one, room_topic(1), {"type": "room", "via": "one"})
                    session.commit()

            await asyncio.to_thread(write)
            try:
                return await asyncio.wait_for(first, 5)
            finally:
                await events.aclose()

        assert _run(scenario()) == {"type": "room", "via": "one"}
        engine.dispose()
    finally:
        one.close()
        other.close()


def test_the_listener_reconnects_and_ends_streams_that_may_have_missed_events(
    postgres_admin_url: str,
) -> None:
    url = create_database(postgres_admin_url, "psoas_reconnect")
    broker = PostgresBroker(url, backoff_seconds=0.1)
    broker.start()
    admin = url.replace("+psycopg", "")

    async def scenario() -> None:
        events = broker.subscribe(room_topic(1))
        ended = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0.05)
        with psycopg.connect(admin, autocommit=True) as connection:
            killed = connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE query LIKE 'LISTEN psoas_events%' AND datname = current_database()"
            ).fetchall()
        assert killed == [(True,)]
        # The stream is told to end, so its screen reconnects and catches up.
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(ended, 10)

    try:
        _run(scenario())
        assert broker.listening  # again, before the streams were told to end
        assert _receive_after(broker, url, [({"type": "room", "again": True}, True)]) == {
            "type": "room",
            "again": True,
        }
    finally:
        broker.close()


# Over HTTP.
@contextmanager
def events_server(
    database_url: str, tmp_path: Path, workers: int = 1, limits: tuple[int, int] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The test app's server; `limits` are the open streams allowed per address and in all."""
    port = free_port()
    log = (tmp_path / f"events-{port}.log").open("w")
    arguments = [database_url, str(port), str(workers), *map(str, limits or ())]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.web.event_stream_app", *arguments],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/who", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((tmp_path / f"events-{port}.log").read_text()) from None
                time.sleep(0.1)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)
        log.close()


def test_a_stream_starts_with_the_current_state_then_brings_committed_events(
    database_url: str, tmp_path: Path
) -> None:
    with events_server(database_url, tmp_path) as (base, _), httpx.Client() as client:
        stream = EventReader(client, f"{base}/events?topic=room:1&topic=console:1")
        assert stream.response.headers["content-type"].startswith("text/event-stream")
        assert stream.response.headers["cache-control"] == "no-store"
        assert stream.response.headers["x-accel-buffering"] == "no"
        assert stream.next()[0] == "hello"
        assert stream.retry == "2000"
        client.post(f"{base}/publish?topic=room:1&type=gone&rollback=1")
        client.post(f"{base}/publish?topic=room:2&type=elsewhere")
        client.post(f"{base}/publish?topic=console:1&type=signal")
        client.post(f"{base}/publish?topic=room:1&type=room")
        assert [stream.next()[0], stream.next()[0]] == ["signal", "room"]
        stream.close()
        # The stream leaves with its client (as soon as the server reads that it went).
        deadline = time.monotonic() + 5
        while client.get(f"{base}/who").json()["subscribers"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get(f"{base}/who").json()["subscribers"] == 0


def test_a_stream_is_never_gzipped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    with events_server(url, tmp_path) as (base, _), httpx.Client() as client:
        stream = EventReader(client, f"{base}/events?topic=room:1", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in stream.response.headers
        assert stream.next()[0] == "hello"
        client.post(f"{base}/publish?topic=room:1&type=room")
        assert stream.next()[0] == "room"  # at once, not held back for a compressed block
        stream.close()


def test_ctrl_c_stops_the_server_promptly_with_streams_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    with events_server(url, tmp_path) as (base, process), httpx.Client() as client:
        streams = [EventReader(client, f"{base}/events?topic=room:1") for _ in range(5)]
        for stream in streams:
            stream.next()
        asked = time.monotonic()
        process.send_signal(signal.SIGINT)
        for stream in streams:
            with pytest.raises(EOFError):
                stream.next()  # ended by the server, not cut
        process.wait(timeout=5)
        assert time.monotonic() - asked < 5  # 0.7 s idle (streams ended in 20 ms); 3.8 s seen in a full run


def test_two_workers_on_postgresql_hear_each_others_events(postgres_admin_url: str, tmp_path: Path) -> None:
    url = create_database(postgres_admin_url, "psoas_two_workers")
    with events_server(url, tmp_path, workers=2) as (base, process), httpx.Client() as client:
        # Streams opened until each worker holds some (the kernel hands connections to either).
        streams: list[EventReader] = []
        pids: set[object] = set()
        while len(pids) < 2 and len(streams) < 40:
            stream = EventReader(httpx.Client(), f"{base}/events?topic=room:1")
            pids.add(stream.next()[1]["pid"])
            streams.append(stream)
        assert len(pids) == 2, "the kernel gave every connection to one worker"
        # A publish handled by one worker reaches every stream, those held by the other too.
        sender = client.post(f"{base}/publish?topic=room:1&type=next").json()["pid"]
        received = [stream.next() for stream in streams]
        assert {event["pid"] for _, event in received} == {sender}
        holders = {stream_pid for stream_pid in pids if stream_pid != sender}
        assert holders, "some stream is held by the worker that did not publish"
        for stream in streams:
            stream.close()
        assert len(worker_pids(process.pid)) == 2


def _open_streams_become(client: httpx.Client, base: str, count: int) -> None:
    """Wait until the server counts `count` open streams (it counts one gone once it reads so)."""
    deadline = time.monotonic() + 5
    while client.get(f"{base}/who").json()["open_streams"] != count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get(f"{base}/who").json()["open_streams"] == count


def test_open_streams_are_limited_per_address_and_in_all_and_an_ended_one_frees_its_place(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    # As a reverse proxy on this computer names each client (uvicorn trusts 127.0.0.1's header).
    addresses = ("203.0.113.7", "198.51.100.9", "192.0.2.1")
    one, other, third = ({"X-Forwarded-For": address} for address in addresses)
    events = "/events?topic=room:1"
    with events_server(url, tmp_path, limits=(2, 5)) as (base, _), httpx.Client() as client:
        held = [EventReader(httpx.Client(), f"{base}{events}", headers=one) for _ in range(2)]
        assert [stream.next()[0] for stream in held] == ["hello", "hello"]
        refused = refused_stream(f"{base}{events}", headers=one)
        assert refused.status_code == 429, "a stream beyond the limit was opened"
        assert refused.headers["retry-after"] == "10"
        assert refused.headers["content-type"].startswith("text/plain")
        assert "Too many live streams open from this address" in refused.text
        # Another address is not held back by the first's streams, nor is this computer's own
        # (loopback: the host's screens) by the limit per address.
        held += [EventReader(httpx.Client(), f"{base}{events}") for _ in range(2)]
        held.append(EventReader(httpx.Client(), f"{base}{events}", headers=other))
        assert [stream.next()[0] for stream in held[2:]] == ["hello"] * 3
        # Five open: the limit in all refuses anyone.
        refused = refused_stream(f"{base}{events}", headers=third)
        assert refused.status_code == 429, "a stream beyond the limit was opened"
        assert refused.headers["retry-after"] == "10"
        assert "as many live streams open as it can hold" in refused.text
        # The open streams still bring events.
        client.post(f"{base}/publish?topic=room:1&type=room")
        assert [stream.next()[0] for stream in held] == ["room"] * 5
        # A stream whose client went frees its place, for its own address and in all.
        held.pop(0).close()
        _open_streams_become(client, base, 4)
        again = EventReader(httpx.Client(), f"{base}{events}", headers=one)
        assert again.next()[0] == "hello"
        held.append(again)
        # Streams the server ends free theirs too.
        client.post(f"{base}/end")
        for stream in held:
            with pytest.raises(EOFError):
                stream.next()
            stream.close()
        _open_streams_become(client, base, 0)
        fresh = [EventReader(httpx.Client(), f"{base}{events}", headers=one) for _ in range(2)]
        assert [stream.next()[0] for stream in fresh] == ["hello", "hello"]
        for stream in fresh:
            stream.close()
        _open_streams_become(client, base, 0)
