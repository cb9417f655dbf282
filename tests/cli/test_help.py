"""Help as people read it: a flag is shown as a flag, never as if it took a value."""

import pytest

from tests.conftest import run_psoas

FLAGS = {
    "plan": ("--with-facilitator", "--json"),
    "program": ("--json",),
    "play": ("--with-facilitator",),
    "library": ("--json",),
    "conditions": ("--json",),
    "score": ("--json",),
    "instruments": ("--json",),
    "analyze": ("--json",),
}


@pytest.mark.parametrize("columns", ["80", "160"])
@pytest.mark.parametrize("command", sorted(FLAGS))
def test_flags_show_no_value(command: str, columns: str) -> None:
    result = run_psoas(command, "--help", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    for flag in FLAGS[command]:
        (line,) = [line for line in result.stdout.splitlines() if f" {flag} " in line]
        assert "<bool>" not in line, line
