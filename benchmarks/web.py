"""Requests per second and latency of the web app under 20 concurrent clients on loopback.

Starts `psoas serve` on a fresh SQLite database and drives it with wrk (Debian's package; a
Python client would saturate a core before the server does). For each endpoint: requests per
second, p50 and p95 latency, and the ratio to a bare endpoint of the same server
(`/api/version`, which touches nothing), the ceiling. Run with `make bench`.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import psoas_server

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


def run(base: str, method: str, path: str, body: object, folder: Path) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 in milliseconds."""
    lua = folder / "case.lua"
    lua.write_text(script(method, body))
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(lua), f"{base}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("psoas-figures"))
    requests, duration_us, p50_us, p95_us, errors = (int(x) for x in line.split()[1:])
    if errors:
        raise RuntimeError(f"{method} {path}: {errors} error answers")
    return requests / (duration_us / 1e6), p50_us / 1000, p95_us / 1000


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/web.py needs wrk: `make bench` installs it from Debian's packages")
    with (
        tempfile.TemporaryDirectory() as name,
        psoas_server(f"sqlite:///{name}/b.sqlite3", Path(name)) as base,
    ):
        httpx.post(f"{base}/intake", data={"level": "beginner", "focus": "hips", "props": "pillow"})
        print(f"wrk: {CONNECTIONS} connections, {SECONDS} s per endpoint; one uvicorn worker; SQLite")
        print(f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of bare':>8}")
        ceiling = None
        for label, method, path, body in CASES:
            rate, p50, p95 = run(base, method, path, body, Path(name))
            ceiling = ceiling or rate
            print(f"{label:28} {rate:>8.0f} {p50:>8.1f} {p95:>8.1f} {rate / ceiling:>8.0%}")


if __name__ == "__main__":
    main()
