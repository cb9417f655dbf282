"""Deadlines for a client that sends too slowly.

uvicorn closes a connection left idle between requests, but not one that trickles a request's
head or body a byte at a time: each such connection holds the server for as long as its sender
likes, and a few hundred of them (a "slowloris") keep everyone else out. The protocol here is
uvicorn's own HTTP/1.1 protocol with two deadlines added: the head of a request must arrive within
`head_seconds`, and its body at no less than BODY_BYTES_PER_SECOND on average after that.
"""

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from psoas.web.events import END_STREAMS

# A phone on a poor mobile connection still sends faster than this; a 40 MB recording then has
# about 14 minutes.
BODY_BYTES_PER_SECOND = 50_000
# A body sent in chunks has no length to measure its deadline by: it gets as long as the largest
# upload would.
UNKNOWN_LENGTH = 40 * 1024 * 1024


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request arrives too slowly."""

    head_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._expect(self.head_seconds)

    def data_received(self, data: bytes) -> None:
        started = self.cycle
        super().data_received(data)
        if self.cycle is not None and self.cycle is not started:  # a request's head has arrived
            self._expect(self.head_seconds + self._body_length() / BODY_BYTES_PER_SECOND)
        if self.conn.their_state is h11.DONE:  # and now all of it
            self._cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._expect(self.head_seconds)  # the next request on this connection

    def shutdown(self) -> None:
        # The server is stopping: uvicorn lets each response under way finish, and an event stream
        # never would. The first connection told ends them all (the app's lifespan left the way).
        end_streams = self.app_state.pop(END_STREAMS, None)
        if end_streams is not None:
            end_streams()
        super().shutdown()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _body_length(self) -> int:
        for name, value in self.headers:
            if name == b"content-length":
                return int(value) if value.isdigit() else UNKNOWN_LENGTH
        has_body = any(name == b"transfer-encoding" for name, _ in self.headers)
        return UNKNOWN_LENGTH if has_body else 0

    def _expect(self, seconds: float) -> None:
        self._cancel()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("closed a connection that sent its request too slowly: %s", self.client)
            self.transport.close()


def deadline_protocol(head_seconds: float) -> type[DeadlineProtocol]:
    """The protocol class uvicorn builds per connection, with this head deadline."""

    class Configured(DeadlineProtocol):
        pass

    Configured.head_seconds = head_seconds
    return Configured


class WorkerDeadlineProtocol(DeadlineProtocol):
    """The protocol of `psoas serve --workers`, which uvicorn's worker processes find by name: each
    worker sets its deadline from the environment (PSOAS_CLIENT_TIMEOUT) as it builds its app."""
