"""Does the cost of a page grow with the data behind it? Each page and endpoint timed on an empty
database and on one holding 10,000 sessions, side by side (aim: within 2x), then a mixed soak at 20
connections (aim: no errors, p95 of the last minute within 2x of the first, server memory growing
less than 20 %).

Starts `psoas serve` on fresh SQLite databases. The 10,000 sessions (with their plans and check-ins,
over about three years) are written straight into the database, as years of practice would have
left them. Run with `make bench`, or `python benchmarks/growth.py --soak 60` for a shorter soak.
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import psoas_process

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.store.database import Database, upgrade
from psoas.store.models import Checkin, Person, PracticeSession, StoredPlan

SESSIONS = 10_000
PAGE = 50
TIMED = 10  # requests per endpoint in a round; the median of the rounds' medians is reported
ROUNDS = 5
CONNECTIONS = 20
PAGES = [
    "/",
    "/history",
    "/report",
    "/program",
    "/plan?minutes=30&seed=1",
    "/questionnaires",
    "/api/sessions",
    "/api/sessions?limit=50",
]


def fill(url: str, sessions: int) -> None:
    """The local person with `sessions` sessions, each with its plan and two check-ins."""
    database = Database(url)
    upgrade(database.engine)
    one_plan = plan(make_request(default_library(), minutes=30, seed=1)).to_json()
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    rng = random.Random(1)
    with database.connection() as connection:
        person_id = connection.execute(
            insert(Person).values(name="", local_key="local").returning(Person.id)
        ).scalar_one()
        if not sessions:
            return
        plan_row = {"person_id": person_id, "request": one_plan["request"], "plan": one_plan}
        plan_rows = [plan_row | {"total_seconds": one_plan["total_seconds"]}] * sessions
        plan_ids = (
            connection.execute(
                insert(StoredPlan).returning(StoredPlan.id, sort_by_parameter_order=True), plan_rows
            )
            .scalars()
            .all()
        )
        session_rows = [
            {
                "person_id": person_id,
                "plan_id": plan_id,
                "planned_seconds": one_plan["total_seconds"],  # kept with the session, as psoas does
                "started_at": start + timedelta(minutes=150 * n),
                "finished_at": start + timedelta(minutes=150 * n + 30),
                "completed": True,
                "grounded": False,
            }
            for n, plan_id in enumerate(plan_ids)
        ]
        session_ids = (
            connection.execute(
                insert(PracticeSession).returning(PracticeSession.id, sort_by_parameter_order=True),
                session_rows,
            )
            .scalars()
            .all()
        )
        checkins = [
            {
                "person_id": person_id,
                "session_id": session_id,
                "moment": moment,
                "tension": rng.randint(0, 10),
                "pain": rng.randint(0, 10),
                "distress": rng.randint(0, 7),
                "breath": rng.randint(0, 10),
            }
            for session_id in session_ids
            for moment in ("before", "after")
        ]
        connection.execute(insert(Checkin), checkins)
    database.engine.dispose()


def cpu_seconds(pid: int) -> float:
    """CPU time the process's threads have run, in seconds (from /proc's schedstat, in ns: the
    clock ticks of /proc/PID/stat are 10 ms, as long as ten requests)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):  # a thread that ended meanwhile
            continue
    return total / 1e9


def timed(client: httpx.Client, base: str, path: str, pid: int) -> tuple[float, float]:
    """The median time of TIMED requests for the path (ms), and the server's CPU per request (ms)."""
    times = []
    cpu = cpu_seconds(pid)
    for _ in range(TIMED):
        began = time.perf_counter()
        answer = client.get(f"{base}{path}", headers={"Accept": "text/html"})
        times.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return statistics.median(times), (cpu_seconds(pid) - cpu) * 1000 / TIMED


def timings(sizes: list[int]) -> tuple[dict[int, dict[str, float]], dict[int, dict[str, float]]]:
    """Per database size and page: the median time and the server's CPU per request. Each round
    times every page on every database in turn, so that a machine busier for a while (it is often
    shared) weighs on the three alike rather than on whichever was timed then."""
    with ExitStack() as stack:
        servers = {}
        for sessions in sizes:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{folder}/psoas.sqlite3"
            fill(url, sessions)
            base, process = stack.enter_context(psoas_process(url, Path(folder)))
            client = stack.enter_context(httpx.Client(timeout=60))
            intake = {"level": "beginner", "focus": ["general"], "support_available": True}
            client.put(f"{base}/api/intake", json=intake)
            servers[sessions] = (client, base, process.pid)
        walls: dict[int, dict[str, list[float]]] = {n: {path: [] for path in PAGES} for n in sizes}
        cpus: dict[int, dict[str, list[float]]] = {n: {path: [] for path in PAGES} for n in sizes}
        for _ in range(ROUNDS):
            for path in PAGES:
                for sessions, (client, base, pid) in servers.items():
                    wall, cpu = timed(client, base, path, pid)
                    walls[sessions][path].append(wall)
                    cpus[sessions][path].append(cpu)

    def medians(found: dict[int, dict[str, list[float]]]) -> dict[int, dict[str, float]]:
        return {n: {path: statistics.median(t) for path, t in pages.items()} for n, pages in found.items()}

    return medians(walls), medians(cpus)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def soak(seconds: int) -> None:
    """20 connections of mixed reading and writing; p95 per minute, errors and server memory."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/psoas.sqlite3"
        fill(url, SESSIONS)
        with psoas_process(url, Path(folder)) as (base, process):
            httpx.put(f"{base}/api/intake", json={"level": "beginner", "support_available": True})
            latencies: list[tuple[float, float]] = []  # (when, ms)
            errors = [0]
            stop = time.monotonic() + seconds
            began = time.monotonic()

            def client_loop(n: int) -> None:
                rng = random.Random(n)
                with httpx.Client(timeout=30) as client:
                    while time.monotonic() < stop:
                        t0 = time.perf_counter()
                        try:
                            if rng.random() < 0.3:
                                made = client.post(f"{base}/api/plans", json={"minutes": 20})
                                ok = made.status_code == 201
                                if ok:
                                    body = {"plan_id": made.json()["id"]}
                                    ok = client.post(f"{base}/api/sessions", json=body).status_code == 201
                            else:
                                page = rng.choice(["/", "/history", "/report", "/api/sessions?limit=50"])
                                ok = client.get(f"{base}{page}").status_code == 200
                        except httpx.HTTPError:
                            ok = False
                        latencies.append((time.monotonic() - began, (time.perf_counter() - t0) * 1000))
                        errors[0] += not ok

            rss_start = rss_kb(process.pid)
            threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CONNECTIONS)]
            for thread in threads:
                thread.start()
            # Memory once the first minute has warmed what the server keeps (templates, the
            # planner's and the figures' bounded caches), as well as cold at the start.
            time.sleep(min(60.0, seconds / 2))
            rss_warm = rss_kb(process.pid)
            for thread in threads:
                thread.join()
            rss_end = rss_kb(process.pid)

    def p95(lo: float, hi: float) -> float:
        window = sorted(ms for when, ms in latencies if lo <= when < hi)
        return window[int(0.95 * (len(window) - 1))] if window else float("nan")

    minute = min(60.0, seconds / 2)
    first, last = p95(0, minute), p95(seconds - minute, seconds)
    print(f"\nSoak: {seconds} s, {CONNECTIONS} connections, {len(latencies):,} requests, {errors[0]} errors")
    print(
        f"  p95 first {minute:.0f} s: {first:.0f} ms; last {minute:.0f} s: {last:.0f} ms; "
        f"ratio {last / first:.2f} (aim: at most 2)"
    )
    print(
        f"  server memory: {rss_start / 1024:.0f} MB cold at the start, {rss_warm / 1024:.0f} MB after "
        f"{minute:.0f} s, {rss_end / 1024:.0f} MB at the end: {(rss_end - rss_start) / rss_start:+.0%} from "
        f"cold, {(rss_end - rss_warm) / rss_warm:+.0%} from warm (aim: under +20 %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soak", type=int, default=300, help="seconds of mixed load (0 to skip)")
    parser.add_argument("--soak-only", action="store_true", help="skip the page timings")
    arguments = parser.parse_args()
    soak_seconds = arguments.soak
    if arguments.soak_only:
        soak(soak_seconds)
        return
    # An empty database shows nothing; a page of sessions (50, History's and the API's page) is
    # what every later database shows too, so the second ratio is the growth that data alone adds.
    walls, cpus = timings([0, PAGE, SESSIONS])
    for title, found in (("time per request", walls), ("server CPU per request", cpus)):
        empty, page, full = found[0], found[PAGE], found[SESSIONS]
        print(
            f"{'page or endpoint':<26}{'empty':>8}{f'{PAGE} sessions':>13}{f'{SESSIONS:,} sessions':>17}"
            f"{'vs empty':>10}{f'vs {PAGE}':>8}   ({title}, ms; aim: within 2x)"
        )
        for path in PAGES:
            print(
                f"{path:<26}{empty[path]:>8.1f}{page[path]:>13.1f}{full[path]:>17.1f}"
                f"{full[path] / empty[path]:>10.2f}{full[path] / page[path]:>8.2f}"
            )
    if soak_seconds:
        soak(soak_seconds)


if __name__ == "__main__":
    main()
