"""Wrong join codes, counted per client address: 10 a minute, then 429 with Retry-After. An IPv6
client is counted by its /64 (web/counted_address.py).

Kept in this process, not in the database: a wrong guess then writes nothing (someone guessing
cannot fill the database, and a workshop's phones never wait on a write for it), and it needs no
table of its own. With several workers each counts its own guesses, so the limit is at most
10 times the workers a minute per address; at 31^6 ≈ 8.9·10^8 codes that still means centuries of
guessing for one open workshop. A restart forgets the counts, which costs a guesser nothing they
could use.
"""

import math
import threading
import time
from collections import deque

WRONG_CODES_PER_MINUTE = 10
WINDOW_S = 60.0
# Addresses kept at most: beyond this the oldest is forgotten, so a flood cannot grow memory.
ADDRESSES_MOST = 10_000


class WrongCodes:
    """The times of each address's recent wrong codes."""

    def __init__(self, limit: int = WRONG_CODES_PER_MINUTE, window_s: float = WINDOW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._seen.get(address, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def retry_after(self, address: str) -> int | None:
        """Seconds until this address may try a code again, or None when it may now."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(address, now)
            if len(times) < self.limit:
                return None
            return max(1, math.ceil(self.window_s - (now - times[0])))

    def wrong(self, address: str) -> None:
        """Count one wrong code from this address."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(address, now)
            times.append(now)
            self._seen.pop(address, None)
            self._seen[address] = times  # most recent last
            while len(self._seen) > ADDRESSES_MOST:
                self._seen.pop(next(iter(self._seen)))
