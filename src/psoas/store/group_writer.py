"""Writes handed over by many threads and committed together: one transaction for all that wait."""

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from sqlalchemy import Connection

from psoas.store.database import Database

Item = TypeVar("Item")
Result = TypeVar("Result")

# One transaction holds at most this many items, so a burst is committed in parts rather than
# keeping the database busy for one long write.
MOST_PER_COMMIT = 100
# A request gives up (and answers with an error) rather than wait for ever on a stuck database.
WAIT_SECONDS = 60.0


class _Stop:
    """Put on the queue by `close`: write what came before, then end."""


class GroupWriter(Generic[Item, Result]):
    """Stores items handed over by any thread; the items waiting at a moment share one commit.

    Under load, requests arrive faster than commits finish. One at a time, each request would wait
    its turn for the database and pay for its own commit; here, those that arrive while a commit
    runs go together in the next one. `write` stores a list of items on a connection and returns
    one result per item, in order. A failed commit fails every item in it: nothing is half-saved.
    """

    def __init__(self, database: Database, write: Callable[[Connection, list[Item]], list[Result]]) -> None:
        self._database = database
        self._write = write
        self._waiting: queue.SimpleQueue[tuple[Item, Future[Result]] | _Stop] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="psoas-group-writer", daemon=True)
        self._closed = False
        # Held while checking `_closed` and queueing, so nothing is queued behind the stop.
        self._closing = threading.Lock()
        self._thread.start()

    def save(self, item: Item) -> Result:
        """Store the item and return its result once committed; raises what the commit raised."""
        future: Future[Result] = Future()
        with self._closing:
            if self._closed:
                raise RuntimeError("the writer is closed: the app is shutting down")
            self._waiting.put((item, future))
        return future.result(timeout=WAIT_SECONDS)

    def close(self) -> None:
        """Commit what is waiting, then stop the writing thread."""
        with self._closing:
            if self._closed:
                return
            self._closed = True
            self._waiting.put(_Stop())
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch, stopping = self._next_batch()
            if batch:
                self._commit(batch)
            if stopping:
                return

    def _next_batch(self) -> tuple[list[tuple[Item, Future[Result]]], bool]:
        """What is waiting now (at least one entry, waiting for it), and whether to stop after it."""
        batch: list[tuple[Item, Future[Result]]] = []
        entry = self._waiting.get()
        while not isinstance(entry, _Stop):
            batch.append(entry)
            if len(batch) == MOST_PER_COMMIT:
                return batch, False
            try:
                entry = self._waiting.get_nowait()
            except queue.Empty:
                return batch, False
        return batch, True

    def _commit(self, batch: list[tuple[Item, Future[Result]]]) -> None:
        # The items come from the same code and a failure is nearly always the database's (locked,
        # gone, full): retrying them one by one would only make every request wait longer.
        try:
            with self._database.connection() as connection:
                results = self._write(connection, [item for item, _ in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"wrote {len(batch)} items but got {len(results)} results")
        except Exception as error:
            for _, future in batch:
                future.set_exception(error)
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
