"""Shared fixtures: the shipped library, and running the real `psoas` command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from psoas.practice.library import Library, default_library

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def library() -> Library:
    return default_library()


def run_psoas(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, without a terminal on stdin."""
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        env=env,
        check=False,
    )
