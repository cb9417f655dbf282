"""Requests per second and latency of the web app under 20 concurrent clients on loopback.

Starts `psoas serve` on a fresh SQLite database and drives it with wrk (Debian's package; a
Python client would saturate a core before the server does). For each endpoint: requests per
second, p50 and p95 latency, the ratio to a bare endpoint of the same server (`/api/version`,
which touches nothing; the ceiling) and the server's CPU time per request. The server is one
process bound to one core, so CPU per request is what sets its rate. Last, the planning the plan
API does, timed in this process: it bounds the best ratio the plan API could reach. Run with
`make bench`.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from psoas.json_text import json_bytes
from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import psoas_process

CONNECTIONS = 20
SECONDS = 8
# wrk calls `done` once at the end; it prints the figures on one line we can parse.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("psoas-figures %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status))
end
"""

CASES = [
    ("bare: GET /api/version", "GET", "/api/version", None),
    ("GET / (Home)", "GET", "/", None),
    ("GET /plan (Plan page)", "GET", "/plan?minutes=30&seed=1", None),
    ("POST /api/plans", "POST", "/api/plans", {"minutes": 30, "focus": ["hips"]}),
]


def script(method: str, body: object) -> str:
    """A wrk Lua script for the request; POST bodies get a new seed each time, as real use does."""
    if method == "GET":
        return REPORT
    template = json.dumps(body)[:-1] + ', "seed": %d}'
    return REPORT + (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"counter = 0\nrequest = function()\n  counter = counter + 1\n"
        f"  return wrk.format(nil, nil, nil, string.format('{template}', counter))\nend\n"
    )


def cpu_seconds(process_id: int) -> float:
    """User and system CPU time a process has used so far (Linux's /proc, as wrk is Debian's)."""
    fields = Path(f"/proc/{process_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(
    base: str, server: int, method: str, path: str, body: object, folder: Path
) -> tuple[float, float, float, float]:
    """Requests per second, p50 and p95 in milliseconds, and the server's CPU ms per request."""
    lua = folder / "case.lua"
    lua.write_text(script(method, body))
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(lua), f"{base}{path}"]
    cpu_before = cpu_seconds(server)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_used = cpu_seconds(server) - cpu_before
    line = next(row for row in output.splitlines() if row.startswith("psoas-figures"))
    requests, duration_us, p50_us, p95_us, errors = (int(x) for x in line.split()[1:])
    if errors:
        raise RuntimeError(f"{method} {path}: {errors} error answers")
    return requests / (duration_us / 1e6), p50_us / 1000, p95_us / 1000, cpu_used * 1000 / requests


def planning_ms(seconds: float = 2.0) -> float:
    """Milliseconds to plan the benchmark's request and encode it as JSON, in this process."""
    library = default_library()
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        request = make_request(library, minutes=30, focus=["hips"], seed=count)
        json_bytes(plan(request).to_json())
        count += 1
    return (time.perf_counter() - start) * 1000 / count


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/web.py needs wrk: `make bench` installs it from Debian's packages")
    with (
        tempfile.TemporaryDirectory() as name,
        psoas_process(f"sqlite:///{name}/b.sqlite3", Path(name)) as (base, server),
    ):
        httpx.post(f"{base}/intake", data={"level": "beginner", "focus": "hips", "props": "pillow"})
        print(f"wrk: {CONNECTIONS} connections, {SECONDS} s per endpoint; one uvicorn worker; SQLite")
        print(f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of bare':>8} {'CPU ms':>8}")
        ceiling = bare_cpu = plan_cpu = 0.0
        for label, method, path, body in CASES:
            rate, p50, p95, cpu = run(base, server.pid, method, path, body, Path(name))
            ceiling, bare_cpu = ceiling or rate, bare_cpu or cpu
            plan_cpu = cpu if path == "/api/plans" else plan_cpu
            print(f"{label:28} {rate:>8.0f} {p50:>8.1f} {p95:>8.1f} {rate / ceiling:>8.0%} {cpu:>8.2f}")
    planning = planning_ms()
    # At one core, half the bare rate means at most twice the bare request's CPU: whatever the
    # plan API does beyond a bare request must fit in one bare request's time.
    print(
        f"\nCPU ms per request beyond the bare one: {plan_cpu - bare_cpu:.2f} for the plan API; "
        f"half the bare rate allows {bare_cpu:.2f}.\n"
        f"Planning and encoding the same request alone, in process: {planning:.2f} ms."
    )


if __name__ == "__main__":
    main()
