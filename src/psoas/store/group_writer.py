"""Writes handed over by many threads and committed together: one transaction for all that wait."""

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import InterfaceError, OperationalError

from psoas.store.database import Database

Item = TypeVar("Item")
Result = TypeVar("Result")

# One transaction holds at most this many items, so a burst is committed in parts rather than
# keeping the database busy for one long write.
MOST_PER_COMMIT = 100
# A request gives up (and answers with an error) rather than wait for ever on a stuck database.
WAIT_SECONDS = 60.0
# Errors of the database itself (locked, gone, full): every item would meet them, so trying the
# items one by one would only make each request wait longer.
DATABASE_ERRORS = (OperationalError, InterfaceError)


class _Stop:
    """Put on the queue by `close`: write what came before, then end."""


class GroupWriter(Generic[Item, Result]):
    """Stores items handed over by any thread; the items waiting at a moment share one commit.

    Under load, requests arrive faster than commits finish. One at a time, each request would wait
    its turn for the database and pay for its own commit; here, those that arrive while a commit
    runs go together in the next one. `write` stores a list of items on a connection and returns
    one result per item, in order. Nothing is half-saved: when a commit fails, its items are tried
    one at a time, so only an item that fails alone is refused (unless the database itself failed).
    """

    def __init__(
        self,
        database: Database,
        write: Callable[[Connection, list[Item]], list[Result]],
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self._database = database
        self._write = write
        self._wait_seconds = wait_seconds
        self._waiting: queue.SimpleQueue[tuple[Item, Future[Result]] | _Stop] = queue.SimpleQueue()
        self._closed = False
        # Held while checking `_closed` and queueing, so nothing is queued behind the stop.
        self._closing = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="psoas-group-writer", daemon=True)
        self._thread.start()

    def submit(self, item: Item) -> Future[Result]:
        """Queue the item; its future gives the result once committed, or what failed."""
        future: Future[Result] = Future()
        with self._closing:
            if self._closed:
                raise RuntimeError("the writer is closed: the app is shutting down")
            self._waiting.put((item, future))
        return future

    def save(self, item: Item) -> Result:
        """Store the item and return its result once committed; raises what failed.

        After `wait_seconds` the item is withdrawn if it is still waiting, so a request that gave
        up never has its item stored later behind its back.
        """
        future = self.submit(item)
        try:
            return future.result(timeout=self._wait_seconds)
        except TimeoutError:
            if future.cancel():
                raise TimeoutError(
                    f"the database did not take the write within {self._wait_seconds:g} s; nothing was saved"
                ) from None
        return future.result(timeout=self._wait_seconds)  # being written now: its outcome is near

    def close(self) -> None:
        """Commit what is waiting, then stop the writing thread."""
        with self._closing:
            if self._closed:
                return
            self._closed = True
            self._waiting.put(_Stop())
        self._thread.join(timeout=self._wait_seconds)

    def _run(self) -> None:
        while True:
            batch, stopping = self._next_batch()
            if batch:
                self._commit(batch)
            if stopping:
                return

    def _next_batch(self) -> tuple[list[tuple[Item, Future[Result]]], bool]:
        """What is waiting now (waiting for at least one entry), and whether to stop after it."""
        batch: list[tuple[Item, Future[Result]]] = []
        entry = self._waiting.get()
        while not isinstance(entry, _Stop):
            # False when the caller gave up and withdrew the item: it is not written.
            if entry[1].set_running_or_notify_cancel():
                batch.append(entry)
            if len(batch) == MOST_PER_COMMIT:
                return batch, False
            try:
                entry = self._waiting.get_nowait()
            except queue.Empty:
                return batch, False
        return batch, True

    def _commit(self, batch: list[tuple[Item, Future[Result]]]) -> None:
        try:
            results = self._write_together([item for item, _ in batch])
        except DATABASE_ERRORS as error:
            self._fail(batch, error)
            return
        except BaseException as error:  # the writing thread must outlive any error, as a pool's does
            if len(batch) == 1:
                self._fail(batch, error)
                return
            for entry in batch:
                self._commit([entry])
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)

    def _write_together(self, items: list[Item]) -> list[Result]:
        with self._database.connection() as connection:
            results = self._write(connection, items)
            if len(results) != len(items):
                raise RuntimeError(f"wrote {len(items)} items but got {len(results)} results")
            return results

    @staticmethod
    def _fail(batch: list[tuple[Item, Future[Result]]], error: BaseException) -> None:
        for _, future in batch:
            future.set_exception(error)
