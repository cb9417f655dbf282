"""What starting the web app loads: the signal analyses wait until a recording is sent."""

import subprocess
import sys


def test_starting_the_web_app_leaves_scipy_unloaded() -> None:
    # SciPy takes most of a second to import, and `psoas serve` (and every browser test's server)
    # would pay it at each start although most people never upload a recording.
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, psoas.web.app; print(sorted(m for m in sys.modules if m.startswith('scipy')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "[]"
