"""Real-time events for workshop screens: Server-Sent Events fed by a broker.

A route announces what changed with `publish(session, topic, event)` inside its transaction; the
event goes out only once that transaction commits, so no screen is ever told of a change that was
then rolled back. `subscribe(topic)` yields the events of one topic to one open stream.

This first broker is in-process (SQLite, one server process). PostgreSQL with several workers
sends the same events through `LISTEN/NOTIFY`, so that a worker hears what another committed.
"""

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.orm import Session

Event = dict[str, Any]
_PENDING = "psoas.events.pending"


class Broker:
    """Topics and their subscribers in this process; `deliver` may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Event]]]] = {}

    def deliver(self, topic: str, event: Event) -> None:
        with self._lock:
            subscribers = list(self._subscribers.get(topic, ()))
        for loop, queue in subscribers:
            loop.call_soon_threadsafe(queue.put_nowait, event)

    async def subscribe(self, topic: str) -> AsyncIterator[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers.setdefault(topic, set()).add(entry)
        try:
            while True:
                yield await queue.get()
        finally:
            with self._lock:
                self._subscribers.get(topic, set()).discard(entry)


def publish(session: Session, broker: Broker, topic: str, event: Event) -> None:
    """Send `event` to `topic`'s subscribers once `session`'s transaction commits (never if it
    rolls back)."""
    pending: list[tuple[str, Event]] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        def after_commit(committed: Session) -> None:
            for waiting_topic, waiting_event in committed.info.pop(_PENDING, []):
                broker.deliver(waiting_topic, waiting_event)

        def after_rollback(rolled_back: Session) -> None:
            rolled_back.info.pop(_PENDING, None)

        sqlalchemy_event.listen(session, "after_commit", after_commit, once=True)
        sqlalchemy_event.listen(session, "after_soft_rollback", after_rollback, once=True)
    pending.append((topic, event))


# Topics. The room's (state and counts, the same for every screen and safe for the projector),
# the console's (signals and the roster, for the facilitator only), and one seat's (what is said
# to one participant, such as "the facilitator has seen your signal").
def room_topic(workshop_id: int) -> str:
    return f"room:{workshop_id}"


def console_topic(workshop_id: int) -> str:
    return f"console:{workshop_id}"


def seat_topic(participant_id: int) -> str:
    return f"seat:{participant_id}"
