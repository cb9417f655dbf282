"""How a session record reads on a page: the minutes it reached and how it ended.

Python, not Jinja macros: History, Home and the report show them on every row, and a macro call
per cell cost a page of 50 rows about half a millisecond.
"""

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from psoas.practice.timing import clock

# A dash read aloud as "not ended" (an en dash, U+2013, as every table of sessions shows it).
_NOT_ENDED = '<span aria-hidden="true">\u2013</span><span class="visually-hidden">not ended,</span>'


def _minutes(seconds: float) -> int:
    # Jinja's round then int, as the pages always showed them: half to even.
    return int(round(seconds / 60, 0))


def minutes_reached(record: Mapping[str, Any]) -> Markup:
    """Minutes of the plan reached and, when the session did not run to the end, of how many planned."""
    planned = _minutes(record["planned_seconds"])
    if record["practised_seconds"] is not None:
        return Markup(f"{_minutes(record['practised_seconds'])} of {planned}")
    if record["completed"]:
        return Markup(str(planned))
    if record["reached_seconds"] is not None:
        return Markup(f"{_minutes(record['reached_seconds'])} of {planned}")
    return Markup(f"{_NOT_ENDED} of {planned}")


def how_it_ended(record: Mapping[str, Any]) -> str:
    """How the session ended. "Not now" at the check-in ends a session before any step: a check-in,
    not practice."""
    if record["completed"] and not record["counts_as_practice"]:
        return f"pressed through, {clock(record['practised_seconds'] or 0)} practised"
    if record["completed"]:
        return "completed"
    if record["grounded"]:
        return "stopped to ground"
    if record["finished_at"] and record["stopped_at_step"] is None and not record["practised_seconds"]:
        return "checked in only, not practised"
    if record["finished_at"]:
        return "stopped"
    return "not finished"
