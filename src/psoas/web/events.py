"""Real-time events for workshop screens: Server-Sent Events fed by a broker.

A route announces what changed with `publish(session, broker, topic, event)` inside its
transaction; the event goes out only once that transaction commits, so no screen is ever told of a
change that was then rolled back. `server_sent_events(request, topics, first_events)` is the
response of an event stream: the current state first, then each event of those topics as it comes.

Two brokers, one per kind of database (`make_broker` picks):
- `Broker`, in-process, for SQLite: one server process, so the process that commits is the one
  that holds every stream; the event is handed over after the commit.
- `PostgresBroker`, for PostgreSQL with any number of workers: `publish` adds
  `pg_notify('psoas_events', …)` to the transaction itself, so PostgreSQL delivers it at commit (and
  never on rollback) to every worker listening, this one included. Each worker keeps one
  listening connection in one background thread, which hands what it hears to the same in-process
  subscribers. A thread rather than psycopg's async connection on the event loop: the listener
  then does not depend on which loop (or whether one) is running — tests and the CLI use it
  without a server — its reconnecting and backing off can never delay a request, and the streams
  already receive events from another thread safely (`call_soon_threadsafe`), once per loop and
  event, not once per subscriber.

A stream costs one queue and one small task: no thread, no database read per event. It also holds
a connection (a file descriptor) for as long as it is open, so each process holds at most
STREAMS_IN_ALL streams, and at most STREAMS_PER_ADDRESS from one client address other than
loopback (`OpenStreams`); beyond, a stream is refused with 429 and Retry-After.
"""

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, ClassVar

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from psoas.web.counted_address import counted_address
from psoas.web.identity import is_loopback_address

Event = dict[str, Any]
FirstEvents = Iterable[Event] | Callable[[], Iterable[Event]]
_PENDING = "psoas.events.pending"
CHANNEL = "psoas_events"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; our events are counts and states, a
# few hundred bytes. Held to the same limit on SQLite, so that an event too large fails in every
# test, not only on the PostgreSQL server.
LARGEST_EVENT_BYTES = 7999
# Events a stream may have waiting before its reader is deemed gone: a phone that stops reading
# is dropped (it reconnects and catches up from the current state) rather than held in memory.
MOST_WAITING = 200
HEARTBEAT_SECONDS = 15.0
RECONNECT_MS = 2000
# The lifespan state's key for "end every stream": the server's protocol calls it when the server
# stops (web/slow_clients.py), since uvicorn waits for open responses to finish.
END_STREAMS = "psoas.end_streams"
# Open streams a process holds, from one client address and in all. Each holds a connection: one
# address opening thousands would use up the process's file descriptors (1,024 by default), and
# then nobody's connection is accepted. 20 is a room screen, a console and a phone or two on one
# device, with their reconnects (a stream the client has left is counted until the server reads
# that it went). 900 in all leaves, under a limit of 1,024 descriptors, a hundred or so for the
# database, the files and everyone's other requests (a refusal, too, is answered on a connection);
# a room of 200 phones, each on its own address, is far inside it. Loopback is
# this computer, the host's own (as web/identity.py holds): only the limit in all applies to it.
# Behind a reverse proxy on this computer, uvicorn takes the client's address from the proxy's
# X-Forwarded-For, so each client is counted as itself; a proxy that does not send it makes every
# client loopback, held only by the limit in all. With several workers, each counts its own.
STREAMS_PER_ADDRESS = 20
STREAMS_IN_ALL = 900
STREAMS_RETRY_AFTER_S = 10

log = logging.getLogger("psoas.events")


class EventTooLarge(ValueError):
    """An event whose JSON is over NOTIFY's limit."""


# A subscriber: the loop its stream runs on, and the queue it reads. None in the queue ends it.
_Subscriber = tuple[asyncio.AbstractEventLoop, "asyncio.Queue[Event | None]"]


class OpenStreams:
    """How many event streams are open in this process, per client address and in all."""

    def __init__(self, per_address: int = STREAMS_PER_ADDRESS, in_all: int = STREAMS_IN_ALL) -> None:
        self.per_address = per_address
        self.in_all = in_all
        self._lock = threading.Lock()
        self._by_address: dict[str, int] = {}  # only addresses holding one: at most `in_all`
        self._total = 0

    def take(self, address: str) -> str | None:
        """Count one more stream from `address`; None if it may open, or why not (so it is not
        counted, and need not be given back)."""
        with self._lock:
            if self._total >= self.in_all:
                return "The server has as many live streams open as it can hold; try again shortly.\n"
            held = self._by_address.get(address, 0)
            if held >= self.per_address and not is_loopback_address(address):
                return (
                    "Too many live streams open from this address: close another screen or tab of "
                    "this workshop and try again.\n"
                )
            self._by_address[address] = held + 1
            self._total += 1
            return None

    def give_back(self, address: str) -> None:
        """One stream from `address` has ended."""
        with self._lock:
            held = self._by_address.get(address, 0)
            if held <= 1:
                self._by_address.pop(address, None)
            else:
                self._by_address[address] = held - 1
            self._total = max(0, self._total - 1)

    def count(self, address: str | None = None) -> int:
        """Streams open from `address`, or in all."""
        with self._lock:
            return self._total if address is None else self._by_address.get(address, 0)


class Broker:
    """Topics and their subscribers in this process; `deliver` may be called from any thread.
    `open_streams` counts the streams open in this process (the stream response takes its place
    there, and gives it back when it ends)."""

    def __init__(self, open_streams: OpenStreams | None = None) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[_Subscriber]] = {}
        self.open_streams = open_streams if open_streams is not None else OpenStreams()

    def start(self) -> None:
        """Ready to deliver (nothing to do in-process)."""

    def close(self) -> None:
        """End every stream; the broker delivers nothing after."""
        self.end_streams()

    def deliver(self, topic: str, event: Event) -> None:
        with self._lock:
            subscribers = list(self._subscribers.get(topic, ()))
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Queue[Event | None]]] = {}
        for loop, queue in subscribers:
            by_loop.setdefault(loop, []).append(queue)
        for loop, queues in by_loop.items():
            _on_loop(loop, _put_all, queues, event)

    def end_streams(self) -> None:
        """Tell every open stream to finish (the server is stopping, or events may have been
        missed): each screen reconnects and catches up from the current state."""
        with self._lock:
            subscribers = {entry for entries in self._subscribers.values() for entry in entries}
        for loop, queue in subscribers:
            _on_loop(loop, queue.put_nowait, None)

    async def subscribe(self, *topics: str) -> AsyncIterator[Event]:
        """The events of these topics, in the order they were delivered, until the stream ends."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        self._attach(topics, entry)
        try:
            while (event := await queue.get()) is not None:
                yield event
        finally:
            self._detach(topics, entry)

    def _attach(self, topics: Iterable[str], entry: _Subscriber) -> None:
        with self._lock:
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(entry)

    def _detach(self, topics: Iterable[str], entry: _Subscriber) -> None:
        with self._lock:
            for topic in topics:
                subscribers = self._subscribers.get(topic)
                if subscribers is not None:
                    subscribers.discard(entry)
                    if not subscribers:
                        del self._subscribers[topic]

    def subscriber_count(self) -> int:
        with self._lock:
            return len({entry for entries in self._subscribers.values() for entry in entries})

    def publish(self, session: Session, topic: str, event: Event) -> None:
        """Deliver after `session`'s transaction commits; never if it rolls back."""
        pending: list[tuple[str, Event]] | None = session.info.get(_PENDING)
        if pending is None:
            pending = session.info[_PENDING] = []

            def after_commit(committed: Session) -> None:
                for waiting_topic, waiting_event in committed.info.pop(_PENDING, []):
                    self.deliver(waiting_topic, waiting_event)

            def after_rollback(rolled_back: Session) -> None:
                rolled_back.info.pop(_PENDING, None)

            sqlalchemy_event.listen(session, "after_commit", after_commit, once=True)
            sqlalchemy_event.listen(session, "after_soft_rollback", after_rollback, once=True)
        pending.append((topic, event))


def _on_loop(loop: asyncio.AbstractEventLoop, callback: Any, *args: Any) -> None:
    with contextlib.suppress(RuntimeError):  # that loop has closed: its streams are gone
        loop.call_soon_threadsafe(callback, *args)


def _put_all(queues: list["asyncio.Queue[Event | None]"], event: Event) -> None:
    for queue in queues:
        if queue.qsize() < MOST_WAITING:
            queue.put_nowait(event)
        elif queue.qsize() == MOST_WAITING:
            queue.put_nowait(None)  # a reader this far behind has gone: end its stream


class PostgresBroker(Broker):
    """Events through PostgreSQL's LISTEN/NOTIFY, so that every worker hears every commit."""

    def __init__(
        self,
        database_url: str,
        backoff_seconds: float = 0.5,
        most_backoff_seconds: float = 10.0,
        open_streams: OpenStreams | None = None,
    ) -> None:
        super().__init__(open_streams)
        url = make_url(database_url)
        # psycopg takes the libpq URL: SQLAlchemy's "postgresql+psycopg://" without the driver.
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._backoff = backoff_seconds
        self._most_backoff = most_backoff_seconds
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start listening, and return once the first LISTEN holds (or after `timeout`, still
        trying): an event committed after this returns is heard."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._listen, name="psoas-events", daemon=True)
            self._thread.start()
        self._listening.wait(timeout)

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        super().close()

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def publish(self, session: Session, topic: str, event: Event) -> None:
        payload = _encoded(topic, event)
        notify = text("SELECT pg_notify(:channel, :payload)")
        session.execute(notify, {"channel": CHANNEL, "payload": payload})

    def _listen(self) -> None:
        import psycopg

        failures = 0
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    if failures:
                        log.warning("psoas: listening for events again after %d failed attempt(s)", failures)
                        # What was sent while no one listened is lost: every screen reconnects and
                        # catches up from the current state.
                        self.end_streams()
                    failures = 0
                    while not self._stopping.is_set():
                        # Returns at each notification at once; the timeout only bounds how long a
                        # stop waits.
                        for notification in connection.notifies(timeout=0.5):
                            self._hand_over(notification.payload)
            except psycopg.Error as error:
                self._listening.clear()
                if failures == 0:
                    log.warning("psoas: lost the events connection (%s); reconnecting", error)
                failures += 1
                self._stopping.wait(min(self._most_backoff, self._backoff * 2 ** (failures - 1)))

    def _hand_over(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            self.deliver(message["topic"], message["event"])
        except (ValueError, KeyError, TypeError):
            log.warning("psoas: ignored an event that is not ours: %.80s", payload)


def _encoded(topic: str, event: Event) -> str:
    payload = json.dumps({"topic": topic, "event": event}, separators=(",", ":"), ensure_ascii=False)
    size = len(payload.encode())
    if size > LARGEST_EVENT_BYTES:
        raise EventTooLarge(
            f"event {event.get('type', '?')!r} for {topic} is {size} bytes as JSON; events may be at "
            f"most {LARGEST_EVENT_BYTES} (PostgreSQL's NOTIFY limit): send counts and ids, and let "
            "screens fetch the rest"
        )
    return payload


def make_broker(database_url: str, open_streams: OpenStreams | None = None) -> Broker:
    """The broker for this database: LISTEN/NOTIFY for PostgreSQL, in-process for SQLite."""
    if make_url(database_url).get_backend_name() == "postgresql":
        return PostgresBroker(database_url, open_streams=open_streams)
    return Broker(open_streams)


def publish(session: Session, broker: Broker, topic: str, event: Event) -> None:
    """Send `event` to `topic`'s subscribers once `session`'s transaction commits (never if it
    rolls back). Raises EventTooLarge for an event over NOTIFY's limit, on either engine."""
    _encoded(topic, event)
    broker.publish(session, topic, event)


# Topics. The room's (state and counts, the same for every screen and safe for the projector),
# the console's (signals and the roster, for the facilitator only), and one seat's (what is said
# to one participant, such as "the facilitator has seen your signal").
def room_topic(workshop_id: int) -> str:
    return f"room:{workshop_id}"


def console_topic(workshop_id: int) -> str:
    return f"console:{workshop_id}"


def seat_topic(participant_id: int) -> str:
    return f"seat:{participant_id}"


def login_topic(token_digest: str) -> str:
    """One login's: its streams end when it ends (named by the token's digest, never the token)."""
    return f"login:{token_digest}"


# The event that ends every stream of a topic (a login's, at logout): not sent, the stream ends.
ENDED = "ended"


# Server-Sent Events.
def sse_message(event: Event) -> bytes:
    """One event as SSE: its "type" names it, its JSON is the data (one line: JSON has no newlines
    outside strings, and json.dumps escapes those)."""
    name = str(event.get("type", "message")).replace("\n", " ")
    return f"event: {name}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n".encode()


class ServerSentEvents(Response):
    """A response streaming events until the client goes or the server stops (a Response, so that
    a FastAPI route may return it as it is)."""

    media_type = "text/event-stream"
    stream_headers: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"content-type", b"text/event-stream; charset=utf-8"),
        # Never stored, and never held back by a proxy (nginx buffers unless told not to).
        (b"cache-control", b"no-store"),
        (b"x-accel-buffering", b"no"),
    ]  # and never gzipped: starlette's GZipMiddleware passes text/event-stream through as it is

    def __init__(
        self,
        broker: Broker,
        topics: Iterable[str],
        first_events: FirstEvents,
        still_allowed: Callable[[], bool] | None = None,
    ) -> None:
        self.broker = broker
        self.topics = tuple(topics)
        self.first_events = first_events
        self.still_allowed = still_allowed
        self.status_code = 200
        self.background = None
        self.raw_headers = list(self.stream_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        address = counted_address(str(client[0]) if client else None)
        open_streams = self.broker.open_streams
        refused = open_streams.take(address)
        if refused is not None:
            headers = {"Retry-After": str(STREAMS_RETRY_AFTER_S), "Cache-Control": "no-store"}
            await PlainTextResponse(refused, status_code=429, headers=headers)(scope, receive, send)
            return
        try:  # its place is given back however it ends: client gone, server stopping, broker ending it
            await self._stream(receive, send)
        finally:
            open_streams.give_back(address)

    async def _stream(self, receive: Receive, send: Send) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        entry = (loop, queue)
        self.broker._attach(self.topics, entry)
        # The client's going arrives on `receive`; it ends the stream as the server's stop does.
        watcher = loop.create_task(_wait_for_disconnect(receive, queue))
        try:
            # Read once subscribed (in a thread: it may read the database), so that nothing
            # committed in between is missed.
            first_events = self.first_events
            if callable(first_events):
                first_events = await run_in_threadpool(first_events)
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            first = [f"retry: {RECONNECT_MS}\n\n".encode(), *map(sse_message, first_events)]
            await send({"type": "http.response.body", "body": b"".join(first), "more_body": True})
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    if self.still_allowed is not None and not await run_in_threadpool(self.still_allowed):
                        break  # its login ended where no event tells: a reset from the command line
                    chunk = b": heartbeat\n\n"  # a comment: keeps proxies and phones from closing it
                else:
                    if event is None or event.get("type") == ENDED:
                        break
                    chunk = sse_message(event)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the client went while we were sending
            pass
        finally:
            self.broker._detach(self.topics, entry)
            watcher.cancel()


async def _wait_for_disconnect(receive: Receive, queue: "asyncio.Queue[Event | None]") -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    queue.put_nowait(None)


def server_sent_events(
    request: Request,
    topics: Iterable[str],
    first_events: FirstEvents,
    still_allowed: Callable[[], bool] | None = None,
) -> ServerSentEvents:
    """The response of an event stream: `first_events` (the current state, so that a screen that
    reconnects catches up), then every event of `topics` as it comes, a heartbeat comment every 15
    seconds, until the client goes or the server stops.

    `first_events` is best a function that reads the current state in a transaction of its own: it
    is called (in a thread) once the stream has subscribed, so that no event committed between the
    read and the subscription is missed. A list read by the route before also works, with that
    small gap. The stream itself reads no database: it costs a queue and a task. Beyond the open
    streams allowed (STREAMS_PER_ADDRESS from one address, STREAMS_IN_ALL in this process) it
    answers 429 with a short text and Retry-After instead.

    A stream for one login also takes its login_topic: an ENDED event there (logout) ends it at
    once, and `still_allowed`, asked at each heartbeat (a read, in a thread), ends it when the
    login ended in a way no event tells of."""
    broker: Broker = request.app.state.broker
    return ServerSentEvents(broker, topics, first_events, still_allowed)
