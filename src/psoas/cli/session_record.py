"""Keeping a session played in the terminal in the same database the web app uses: the plan, the
session, how the person felt before and after, and what happened step by step. History and the
report then show it beside sessions played in the browser."""

from collections.abc import Callable, Sequence
from typing import Any

import click
import typer
from rich.console import Console

from psoas.cli.database_setup import migrate, where
from psoas.config import Config
from psoas.practice.step_log import StepRecord
from psoas.store.database import Database
from psoas.store.people import local_person_id
from psoas.store.practice_log import (
    RATINGS,
    CheckinValues,
    add_checkin,
    finish_practice,
    get_practice,
    save_plan,
    start_practice,
)

QUESTIONS = {
    "tension": "Tension in your body",
    "pain": "Pain",
    "distress": "Distress or upset",
    "breath": "Ease of breathing (10 is easy and full)",
}


class SessionRecord:
    """One terminal session kept in the database, written as it goes."""

    def __init__(self, config: Config, plan_json: dict[str, Any]) -> None:
        migrate(config)
        self.database = Database(config.database_url)
        self.place = where(config.database_url)
        with self.database.transaction() as session:
            person_id = local_person_id(session.connection())
            plan_id = save_plan(session.connection(), person_id, plan_json)
            self.session_id = start_practice(session, person_id, plan_id).id
            self.person_id = person_id

    def check_in(self, moment: str, values: dict[str, int]) -> None:
        """Keep a check-in the person gave."""
        with self.database.transaction() as session:
            practice = get_practice(session, self.person_id, self.session_id)
            if practice is not None:
                checkin = CheckinValues(
                    moment, values["tension"], values["pain"], values["distress"], values["breath"]
                )
                add_checkin(session, practice, checkin)

    def finish(
        self, completed: bool, grounded: bool, stopped_at_step: int | None, log: Sequence[StepRecord]
    ) -> None:
        """Keep how the session ended and its step log."""
        with self.database.transaction() as session:
            practice = get_practice(session, self.person_id, self.session_id)
            if practice is not None:
                finish_practice(session, practice, completed, stopped_at_step, grounded, log)

    def close(self) -> None:
        self.database.engine.dispose()


def _prompt(question: str) -> str:
    # A terminal closed at the question is a check-in skipped, not an error.
    try:
        return str(typer.prompt(question, default="", show_default=False))
    except (click.exceptions.Abort, EOFError):
        return ""


def ask_ratings(console: Console, moment: str, ask: Callable[[str], str] = _prompt) -> dict[str, int] | None:
    """The four ratings from the keyboard, 0 to 10; an empty answer to the first skips the check-in."""
    console.print(
        f"How are you {'right now' if moment == 'before' else 'now'}? 0 is none at all, 10 the most."
    )
    console.print("Press Enter at the first question to skip the check-in.")
    values: dict[str, int] = {}
    for name in RATINGS:
        while True:
            answer = ask(QUESTIONS[name]).strip()
            if not answer and not values:
                return None
            if answer.isdigit() and 0 <= int(answer) <= 10:
                values[name] = int(answer)
                break
            refused = f"{answer[:20]!r} is not a rating: type a whole number from 0 to 10."
            console.print(refused, highlight=False)
    return values
