"""The terminal player: a live countdown per step, the cues, the next step, and keys to steer.

Keys: space pauses and resumes, n goes to the next step, g stops and grounds, q quits. Without a
terminal the player runs straight through and prints each step, for logs and tests.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from psoas.cli.keys import KeySource, TerminalClosed
from psoas.practice.grounding import CLOSING_WORDS
from psoas.practice.session_plan import Step
from psoas.practice.step_log import Ending, StepRecord
from psoas.practice.timing import clock
from psoas.practice.tre import INVITATION, TREMOR_POSITIONS
from psoas.practice.vocabulary import PHASES, Phase

Action = Literal["done", "next", "ground", "quit"]
KEY_HELP = Text.assemble(
    ("g", "bold reverse yellow"),
    (" stop & ground   ", "bold yellow"),
    ("space", "bold"),
    " pause   ",
    ("n", "bold"),
    " next   ",
    ("q", "bold"),
    " quit",
)
STOP_REMINDER = (
    "To stop the tremor at any moment: stretch your legs out long, or roll to your side, open your eyes."
)
TICK = 0.1


@dataclass(frozen=True)
class Outcome:
    """How a played session ended."""

    completed: bool
    grounded: bool
    stopped_at_step: int | None


def come_out_seconds(length: float) -> float:
    """The last stretch of a step, when how to come out of it is said: a quarter, at most 20 s
    (the browser player's rule too)."""
    return min(20.0, length / 4)


def _starts_tremor(step: Step) -> bool:
    return step.exercise == INVITATION or step.exercise in TREMOR_POSITIONS


class TerminalPlayer:
    """Plays a list of (phase, step) pairs against a clock that runs `speed` times faster."""

    def __init__(
        self,
        console: Console,
        keys: KeySource,
        steps: Sequence[tuple[Phase, Step]],
        grounding: Sequence[Step],
        speed: float = 1.0,
        live: bool = False,
        support: str = "",
    ) -> None:
        self.console = console
        # Who to call, said after a Stop & ground: the person's or the host's resources.
        self.support = support
        self._began: datetime | None = None  # when the step on show began
        self.keys = keys
        self.steps = steps
        self.grounding = grounding
        self.speed = speed
        self.live = live
        # What happened, step by step, as the browser player logs it (practice.step_log).
        self.log: list[StepRecord] = []
        self._ran = 0.0
        self._at: int | None = None  # the plan step on show
        self._grounding = False

    def play(self) -> Outcome:
        """Play every step; return how the session ended (stopped where it was, if the terminal
        went away)."""
        try:
            return self._play()
        except (TerminalClosed, OSError):  # read, or written to, a terminal that is gone
            if self._at is not None and (not self.log or self.log[-1].step != self._at):
                step = self.steps[self._at][1]
                self.log.append(
                    StepRecord(self._at, step.exercise, step.seconds, round(self._ran), "skipped")
                )
            return Outcome(completed=False, grounded=False, stopped_at_step=self._at)

    def _play(self) -> Outcome:
        confirmed = False
        for index, (phase, step) in enumerate(self.steps):
            self._at = index
            if _starts_tremor(step) and not confirmed:
                if not self._confirm_stopping():
                    return self._ground(index)
                confirmed = True
            self._began = datetime.now(UTC)
            action = self._play_step(index, phase, step)
            self._note(index, step, action)
            if action == "ground":
                return self._ground(index)
            if action == "quit":
                self.console.print("Session ended early. Take a moment before you get up.")
                return Outcome(completed=False, grounded=False, stopped_at_step=index)
        self.console.print(Text("Session complete. Take your time getting up.", style="bold green"))
        return Outcome(completed=True, grounded=False, stopped_at_step=None)

    def _note(self, index: int, step: Step, action: Action) -> None:
        ending: Ending = "done"
        if action in ("next", "quit"):
            ending = "skipped"
        elif action == "ground":
            ending = "grounded"
        self.log.append(
            StepRecord(
                index,
                step.exercise,
                step.seconds,
                round(self._ran),
                ending,
                started_at=self._began,
                ended_at=datetime.now(UTC),
            )
        )

    def _confirm_stopping(self) -> bool:
        self.console.print(Text(STOP_REMINDER, style="bold"))
        if not self.live:
            return True
        self.console.print("Press y when you know how to stop and want to go on, or g to stop and ground.")
        while True:
            key = self.keys.read(60)
            if key in ("y", "Y", "\n"):
                return True
            if key in ("g", "G"):
                return False

    def _ground(self, index: int) -> Outcome:
        self._grounding = True
        self.console.print(Text("Stop & ground", style="bold yellow"))
        for step in self.grounding:
            if self._play_step(None, None, step) == "quit":
                break
        for line in CLOSING_WORDS:
            self.console.print(line)
        if self.support:
            self.console.print(Text(f"Where to find help: {self.support}", style="bold"))
        return Outcome(completed=False, grounded=True, stopped_at_step=index)

    def _play_step(self, index: int | None, phase: Phase | None, step: Step) -> Action:
        if not self.live:
            self._print_step(index, phase, step)
            self.keys.read(step.seconds / self.speed)
            self._ran = float(step.seconds)
            return "done"
        with Live(console=self.console, refresh_per_second=8, transient=True) as live:
            return self._run_live(live, index, phase, step)

    def _run_live(self, live: Live, index: int | None, phase: Phase | None, step: Step) -> Action:
        remaining = float(step.seconds)
        paused = False
        last = time.monotonic()
        self._ran = 0.0
        while remaining > 0:
            live.update(self._panel(index, phase, step, remaining, paused))
            key = self.keys.read(TICK)
            now = time.monotonic()
            if not paused:
                remaining -= (now - last) * self.speed
                self._ran = float(step.seconds) - max(remaining, 0.0)
            last = now
            if key == " ":
                paused = not paused
            elif key in ("n", "N"):
                return "next"
            elif key in ("g", "G"):
                return "ground"
            elif key in ("q", "Q"):
                return "quit"
        self._ran = float(step.seconds)
        return "done"

    def _print_step(self, index: int | None, phase: Phase | None, step: Step) -> None:
        where = f"{index + 1}/{len(self.steps)} " if index is not None else ""
        side = f" ({step.side})" if step.side else ""
        label = phase if phase is not None else "stop & ground"
        self.console.print(Text(f"[{where}{label}] {step.name}{side} · {clock(step.seconds)}", style="bold"))
        for adjustment in step.adjustments:
            self.console.print(Text(f"  For you: {adjustment}", style="bold yellow"))
        for cue in step.cues:
            self.console.print(f"  {cue}")
        self.console.print(f"  Coming out: {step.come_out}")

    def _panel(
        self, index: int | None, phase: Phase | None, step: Step, remaining: float, paused: bool
    ) -> Panel:
        # Grounding is no phase of the plan: the bar says so rather than marking one.
        phases = "  ".join(f"● {p}" if p == phase else f"○ {p}" for p in PHASES)
        arc = Text(phases if phase is not None else "● stop & ground", style="dim")
        side = f" ({step.side})" if step.side else ""
        elapsed = 1 - remaining / step.seconds
        cue_seconds = step.seconds - come_out_seconds(step.seconds)
        coming_out = step.seconds - remaining >= cue_seconds
        cue_index = min(len(step.cues) - 1, int((step.seconds - remaining) / cue_seconds * len(step.cues)))
        cues = Text()
        for adjustment in step.adjustments:
            cues.append(f"For you: {adjustment}\n", style="bold yellow")
        for i, cue in enumerate(step.cues):
            cues.append(cue + "\n", style="bold" if i == cue_index and not coming_out else "dim")
        cues.append(f"Coming out: {step.come_out}\n", style="bold" if coming_out else "dim")
        count = Text(clock(round(remaining)) + ("  paused" if paused else ""), style="bold cyan")
        done = round(40 * elapsed)
        bar = Text.assemble(("━" * done, "cyan"), ("─" * (40 - done), "dim"))
        parts: list[RenderableType] = [arc, Text(f"{step.name}{side}", style="bold"), count, bar, cues]
        if index is not None and index + 1 < len(self.steps):
            upcoming = self.steps[index + 1][1]
            parts.append(Text(f"Next: {upcoming.name} · {clock(upcoming.seconds)}", style="dim"))
        parts.append(KEY_HELP)
        title = f"step {index + 1} of {len(self.steps)}" if index is not None else "stop & ground"
        return Panel(Group(*parts), title=title)
