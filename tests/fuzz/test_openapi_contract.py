"""The OpenAPI document is the contract: schemathesis, in every phase (examples, coverage, fuzzing,
and stateful along the document's links: plan, session, check-ins, ending), sends generated
requests over real HTTP to `psoas serve` on SQLite and on PostgreSQL, and every check must pass.

Bounded so that each database takes about 15 s; `make fuzz` raises PSOAS_FUZZ_EXAMPLES and draws
a new seed each run (PSOAS_FUZZ_SEED repeats one).
"""

import os
import subprocess
import sys
from pathlib import Path

from psoas.store.database import Database

HERE = Path(__file__).parent
LONG = "PSOAS_FUZZ_EXAMPLES" in os.environ  # `make fuzz`
EXAMPLES = int(os.environ.get("PSOAS_FUZZ_EXAMPLES", "10"))
# Fixed in the suite, so that a failure there happens again on the next run; drawn by `make fuzz`.
SEED = os.environ.get("PSOAS_FUZZ_SEED", "" if LONG else "1")


def test_the_running_app_keeps_its_openapi_contract(fresh_app: tuple[str, Database], tmp_path: Path) -> None:
    base, _ = fresh_app
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "--no-color",
        "run",
        f"{base}/openapi.json",
        "--max-examples",
        str(EXAMPLES),
        "--workers",
        "1",
        "--output-truncate",
        "true",
        # A request that hangs the server is a failure, not a stuck suite.
        "--request-timeout",
        "10",
        *(["--seed", SEED] if SEED else []),
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(HERE / "hooks.py")}
    # In a folder of its own: schemathesis keeps a cache and examples where it runs.
    run = subprocess.run(
        command,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=None if LONG else 180,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-30000:] + run.stderr[-5000:]
