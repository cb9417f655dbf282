"""A room of 200 phones (issue 23, point 9): how fast a facilitator's "next" reaches every phone, how
fast a phone's signal reaches the console, and how much the server's memory grows. Aims: p95 under
250 ms for both, growth under 50 MB.

Starts `psoas serve` on a fresh SQLite database (one worker), or with `--pg` on a throwaway
PostgreSQL server with two workers. From one process (asyncio and httpx): makes and starts a
workshop through the facilitator's forms, joins the participants, each then holding the phone's
stream, and holds the console's stream. The requests (tests/web/workshop_routes.py names them too):
- `POST /workshops` (title, minutes, level, focus), `GET /workshops/{id}` (its `/room/{code}` link),
  `POST /workshops/{id}/control` (`action=start`, then `next` and `back` in turn);
- per participant `POST /w/{code}` (nickname; sets the seat cookie), `GET /w/{code}/events`;
- `POST /w/{code}/signal` (`kind=moment`) from 20 participants in turn, and `GET /workshops/{id}/events`.
A "next" is timed from just before its POST to each stream's first room event at the new step (so
it includes the request, the commit and the delivery); a signal from before its POST to the console's
`signal` event. Server memory is RSS read from /proc (every worker's, summed) before the participants
join and after the last measurement, with every stream still open.

Run: `python benchmarks/workshop.py` (SQLite) and `python benchmarks/workshop.py --pg`.
"""

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import create_database, postgres_server, psoas_process
from tests.web.workshop_routes import started_workshop

AIM_MS = 250
AIM_GROWTH_MB = 50


def rss_mb(pid: int) -> float:
    """Resident memory of the process and of its worker processes, in MB (from /proc)."""
    total = 0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for each in [pid, *map(int, children)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return total / 1024


Test = Callable[[str, dict[str, object]], bool]


class Stream:
    """One SSE stream read in the background: each event's arrival time, name and data."""

    def __init__(self, client: httpx.AsyncClient, url: str) -> None:
        self.client, self.url = client, url
        self.events: list[tuple[float, str, dict[str, object]]] = []
        self.changed = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        data = ""
        async with self.client.stream("GET", self.url, timeout=httpx.Timeout(10, read=None)) as response:
            response.raise_for_status()
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    data += line[5:].strip()
                elif line == "" and data:
                    event = json.loads(data)
                    self.events.append((time.perf_counter(), str(event.get("type")), event))
                    self.changed.set()
                    data = ""

    async def first(self, since: float, test: Test, timeout: float = 10) -> float:
        """When the first event since `since` that passes `test` arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            for at, name, event in self.events:
                if at >= since and test(name, event):
                    return at
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no such event on {self.url}")
            self.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), deadline - time.perf_counter())


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


async def room(
    base: str, pid: int, participants: int, nexts: int, signals: int
) -> list[tuple[str, str, str]]:
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=2)
    with httpx.Client() as facilitator:
        workshop_id, code = started_workshop(facilitator, base, minutes=90)
    before = rss_mb(pid)
    lead = httpx.AsyncClient(base_url=base)
    console = Stream(lead, f"/workshops/{workshop_id}/events")
    phones = [httpx.AsyncClient(base_url=base, limits=limits) for _ in range(participants)]

    # People arrive a few at a time, not all in the same instant: ten joins under way at once.
    arriving = asyncio.Semaphore(10)

    async def join(index: int, phone: httpx.AsyncClient) -> Stream:
        async with arriving:
            joined = await phone.post(f"/w/{code}", data={"nickname": f"Seat {index + 1}"}, timeout=30)
        assert joined.status_code == 303, joined.text[:300]
        return Stream(phone, f"/w/{code}/events")

    started = time.perf_counter()
    streams = await asyncio.gather(*(join(i, phone) for i, phone in enumerate(phones)))
    is_room = lambda name, event: name == "room"  # noqa: E731
    await asyncio.gather(*(stream.first(0, is_room) for stream in streams))
    joined_s = time.perf_counter() - started

    # The facilitator's "next" (and "back", in turn, so that any plan has steps enough).
    next_ms: list[float] = []
    next_answered_ms: list[float] = []
    step = 0
    for turn in range(nexts):
        action = "next" if turn % 2 == 0 else "back"
        step += 1 if action == "next" else -1
        await asyncio.sleep(0.2)
        asked = time.perf_counter()
        moved = await lead.post(f"/workshops/{workshop_id}/control", data={"action": action})
        next_answered_ms.append((time.perf_counter() - asked) * 1000)
        assert moved.status_code == 303, moved.text[:300]
        at_step = lambda name, event, step=step: name == "room" and event.get("step") == step  # noqa: E731
        arrivals = await asyncio.gather(*(stream.first(asked, at_step) for stream in streams))
        next_ms += [(at - asked) * 1000 for at in arrivals]

    # A participant's signal, to the console.
    signal_ms: list[float] = []
    answered_ms: list[float] = []  # the signal's own request, answered (the commit is before)
    for index in range(signals):
        await asyncio.sleep(0.1)
        asked = time.perf_counter()
        sent = await phones[index].post(f"/w/{code}/signal", data={"kind": "moment"})
        answered_ms.append((time.perf_counter() - asked) * 1000)
        assert sent.status_code in (200, 303), sent.text[:300]
        is_signal = lambda name, event: name == "signal"  # noqa: E731
        signal_ms.append((await console.first(asked, is_signal) - asked) * 1000)

    after = rss_mb(pid)
    for stream in [*streams, console]:
        stream.task.cancel()
    await asyncio.gather(*(s.task for s in [*streams, console]), return_exceptions=True)
    for client in [*phones, lead]:
        await client.aclose()

    rows = [("participants joined, each holding a stream", f"{participants} in {joined_s:.1f} s", "")]
    p50, p95, most = percentiles(next_ms)
    rows.append(
        (
            f'"next" to all {participants} streams ({nexts} nexts)',
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms",
            "ok" if p95 < AIM_MS else f"OVER (aim p95 < {AIM_MS} ms)",
        )
    )
    p50, p95, most = percentiles(next_answered_ms)
    rows.append(
        ('  of which the "next" request', f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms", "")
    )
    p50, p95, most = percentiles(signal_ms)
    rows.append(
        (
            f"a signal to the console ({signals} signals)",
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms",
            "ok" if p95 < AIM_MS else f"OVER (aim p95 < {AIM_MS} ms)",
        )
    )
    p50, p95, most = percentiles(answered_ms)
    rows.append(
        ("  of which the signal's request", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms", "")
    )
    rows.append(
        (
            "server memory (RSS)",
            f"{before:.0f} MB before, {after:.0f} MB after: +{after - before:.1f} MB",
            "ok" if after - before < AIM_GROWTH_MB else f"OVER (aim < {AIM_GROWTH_MB} MB)",
        )
    )
    return rows


@contextmanager
def server(pg: bool, folder: Path) -> Iterator[tuple[str, int, str]]:
    if not pg:
        with psoas_process(f"sqlite:///{folder / 'psoas.sqlite3'}", folder) as (base, process):
            yield base, process.pid, "SQLite, one worker"
        return
    with postgres_server() as admin:
        url = create_database(admin, "psoas_workshop_bench")
        with psoas_process(url, folder, serve_args=("--workers", "2")) as (base, process):
            yield base, process.pid, "PostgreSQL, two workers"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg", action="store_true", help="PostgreSQL with two workers (default: SQLite, one)"
    )
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--nexts", type=int, default=20)
    parser.add_argument("--signals", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, server(options.pg, Path(folder)) as (base, pid, kind):
        rows = asyncio.run(room(base, pid, options.participants, options.nexts, options.signals))
    print(f"\nA workshop room over {kind}\n")
    width = max(len(row[0]) for row in rows)
    result_width = max(len(row[1]) for row in rows)
    for what, result, verdict in rows:
        print(f"{what:<{width}}  {result:<{result_width}}  {verdict}")


if __name__ == "__main__":
    main()
