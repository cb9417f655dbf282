"""The terminal player, run for real: straight through without a terminal, and steered by keys in one."""

import json
import os
import pty
import select
import subprocess
import sys
import time

import pytest

from psoas.store.database import Database
from psoas.store.models import Checkin, PracticeSession
from tests.conftest import run_psoas


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`psoas play` keeps what it plays: here, in a folder of the test's own, never the home folder."""
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    return tmp_path


def kept_sessions(folder) -> list[PracticeSession]:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{folder / 'psoas.sqlite3'}")
    try:
        with database.transaction() as session:
            found = list(session.query(PracticeSession).all())
            session.expunge_all()
            return found
    finally:
        database.engine.dispose()


def test_without_a_terminal_it_plays_every_step_in_order() -> None:
    plan = json.loads(run_psoas("plan", "-m", "20", "--seed", "8", "--json").stdout)
    result = run_psoas("play", "-m", "20", "--seed", "8", "--speed", "5000")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    position = 0
    for phase in plan["phases"]:
        for step in phase["steps"]:
            side = f" ({step['side']})" if step["side"] else ""
            found = out.find(f"] {step['name']}{side} ·", position)
            assert found > position, step["name"]
            position = found
    assert "Session complete" in out


def test_it_says_how_to_stop_before_the_tremor_starts() -> None:
    out = run_psoas("play", "-m", "20", "--seed", "8", "--speed", "5000").stdout
    played = out[out.index("Total ") :]
    reminder = played.index("To stop the tremor at any moment")
    assert played.index("] How to stop the tremor") < reminder
    assert reminder < played.index("tremor] The tremor position")


def test_an_adjustment_comes_before_the_cues_and_every_step_says_how_to_come_out() -> None:
    args = ("-m", "40", "--seed", "3", "--condition", "pregnancy")
    plan = json.loads(run_psoas("plan", *args, "--json").stdout)
    final_rest = next(s for p in plan["phases"] for s in p["steps"] if s["exercise"] == "final-rest")
    out = run_psoas("play", *args, "--speed", "5000").stdout
    played = out[out.index("] Final rest") :]
    adjustment = played.index("For you: Pregnancy: Rest on your left side")
    first_cue = played.index(final_rest["cues"][0])
    assert adjustment < first_cue < played.index("Coming out: " + final_rest["come_out"][:40])
    assert "Lie on your back" not in played
    steps = sum(len(p["steps"]) for p in plan["phases"])
    assert out.count("Coming out: ") >= steps  # the grounding steps too, if any


def test_it_refuses_a_speed_out_of_range() -> None:
    result = run_psoas("play", "-m", "20", "--speed", "0")
    assert result.returncode == 2
    assert "speed must be between 0.1 and 10000, got 0" in result.stderr


class Terminal:
    """`psoas play` in a real pseudo-terminal: keys go in, the screen text comes out."""

    def __init__(self, *args: str) -> None:
        self.main, secondary = pty.openpty()
        env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "psoas", "play", *args],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            close_fds=True,
        )
        os.close(secondary)
        self.screen = ""

    def wait_for(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never appeared; last output: {self.screen[-600:]!r}"
            ready, _, _ = select.select([self.main], [], [], min(remaining, 0.2))
            if ready:
                try:
                    self.screen += os.read(self.main, 65536).decode("utf-8", errors="replace")
                except OSError:
                    break
        assert text in self.screen

    def press(self, key: str) -> None:
        os.write(self.main, key.encode())

    def finish(self, timeout: float = 20) -> int:
        code = self.process.wait(timeout=timeout)
        os.close(self.main)
        return code


def test_in_a_terminal_g_stops_and_grounds_then_closes_gently() -> None:
    terminal = Terminal("-m", "20", "--seed", "8", "--no-record")
    terminal.wait_for("step 1 of")
    terminal.press("g")
    terminal.wait_for("Stop & ground")
    terminal.wait_for("stop & ground")
    for _ in range(4):
        terminal.press("n")
        time.sleep(0.3)
    terminal.wait_for("That is a skill, not a failure")
    terminal.wait_for("Where to find help:")  # the support resources, not only "your crisis line"
    assert terminal.finish() == 0


def test_in_a_terminal_space_pauses_and_n_moves_on() -> None:
    terminal = Terminal("-m", "20", "--seed", "8", "--no-record")
    terminal.wait_for("step 1 of")
    terminal.press(" ")
    terminal.wait_for("paused")
    terminal.press(" ")
    terminal.press("n")
    terminal.wait_for("step 2 of")
    terminal.press("q")
    terminal.wait_for("Session ended early")
    assert terminal.finish() == 0


def test_in_a_terminal_the_tremor_waits_until_you_know_how_to_stop() -> None:
    terminal = Terminal("-m", "12", "--seed", "8", "--speed", "500", "--no-record")
    terminal.wait_for("Press y when you know how to stop", timeout=30)
    time.sleep(0.5)
    assert "The tremor position" not in terminal.screen.split("Press y when you know how to stop")[-1]
    terminal.press("y")
    terminal.wait_for("Session complete", timeout=30)
    assert terminal.finish() == 0


def test_without_a_terminal_the_session_is_kept_with_what_happened(own_data_folder) -> None:  # type: ignore[no-untyped-def]
    result = run_psoas("play", "-m", "12", "--seed", "8", "--speed", "5000")
    assert result.returncode == 0, result.stderr
    assert "Kept as session 1 in " in result.stdout
    (kept,) = kept_sessions(own_data_folder)
    assert kept.completed is True
    assert kept.step_log is not None
    assert [e["ending"] for e in kept.step_log] == ["done"] * len(kept.step_log)
    assert kept.practised_seconds is not None
    assert kept.practised_seconds >= 11 * 60
    assert kept.tremor_seconds


def test_no_record_keeps_nothing(own_data_folder) -> None:  # type: ignore[no-untyped-def]
    result = run_psoas("play", "-m", "12", "--seed", "8", "--speed", "5000", "--no-record")
    assert result.returncode == 0, result.stderr
    assert "Kept as" not in result.stdout
    assert not (own_data_folder / "psoas.sqlite3").exists()


def test_in_a_terminal_the_check_ins_are_asked_and_kept(own_data_folder) -> None:  # type: ignore[no-untyped-def]
    terminal = Terminal("-m", "12", "--seed", "8", "--speed", "500")
    terminal.wait_for("Tension in your body")
    for answer in ("11", "4", "3", "2", "6"):  # 11 is refused and asked again
        terminal.press(answer + "\r")
        time.sleep(0.2)
    terminal.wait_for("is not a rating: type a whole number from 0 to 10")
    terminal.wait_for("Press y when you know how to stop", timeout=30)
    terminal.press("y")
    terminal.wait_for("How are you now?", timeout=30)
    terminal.press("\r")  # Enter at the first question: no after check-in
    terminal.wait_for("Kept as session 1")
    assert terminal.finish() == 0
    assert len(kept_sessions(own_data_folder)) == 1
    database = Database(f"sqlite:///{own_data_folder / 'psoas.sqlite3'}")
    with database.transaction() as session:
        checkins = {c.moment: (c.tension, c.pain, c.distress, c.breath) for c in session.query(Checkin).all()}
    database.engine.dispose()
    assert checkins == {"before": (4, 3, 2, 6)}


def test_a_terminal_that_goes_away_ends_the_session_instead_of_spinning(own_data_folder) -> None:  # type: ignore[no-untyped-def]
    terminal = Terminal("-m", "12", "--seed", "8")
    terminal.wait_for("Tension in your body")
    terminal.press("\r")  # no check-in
    terminal.wait_for("step 1 of")
    os.close(terminal.main)  # the window is closed
    # It used to read "nothing" at once, forever, at a full core; now it ends and keeps the stop
    # (what it then prints has nowhere to go, so the exit status says nothing here).
    terminal.process.wait(timeout=20)
    (kept,) = kept_sessions(own_data_folder)
    assert kept.completed is False
    assert kept.stopped_at_step == 0
    assert kept.step_log is not None
    assert kept.step_log[0]["ending"] == "skipped"


def test_stop_and_ground_in_the_terminal_marks_no_phase_of_the_plan() -> None:
    terminal = Terminal("-m", "20", "--seed", "8", "--no-record")
    terminal.wait_for("step 1 of")
    terminal.press("g")
    terminal.wait_for("● stop & ground")
    assert "● integrate" not in terminal.screen.split("Stop & ground")[-1]
    terminal.press("q")
    assert terminal.finish() == 0


def test_the_played_session_is_kept_on_either_database(fresh_database_url: str) -> None:
    result = run_psoas(
        "play", "-m", "12", "--seed", "8", "--speed", "5000", env={"PSOAS_DATABASE_URL": fresh_database_url}
    )
    assert result.returncode == 0, result.stderr
    database = Database(fresh_database_url)
    try:
        with database.transaction() as session:
            (kept,) = session.query(PracticeSession).all()
            assert kept.completed is True
            assert kept.practised_seconds is not None
    finally:
        database.engine.dispose()
