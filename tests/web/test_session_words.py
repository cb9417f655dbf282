"""How a session reads on History, Home and the report: the minutes it reached and how it ended,
for every way a session ends; and the pages' Jinja environment finds a record's fields as Jinja
itself would."""

from typing import Any

import jinja2
import pytest

from psoas.web.session_words import how_it_ended, minutes_reached
from psoas.web.templating import templates

NOT_ENDED = '<span aria-hidden="true">\u2013</span><span class="visually-hidden">not ended,</span>'


def record(**fields: Any) -> dict[str, Any]:
    base = {
        "planned_seconds": 1200,
        "practised_seconds": None,
        "reached_seconds": None,
        "completed": None,
        "counts_as_practice": False,
        "grounded": False,
        "finished_at": None,
        "stopped_at_step": None,
    }
    return base | fields


@pytest.mark.parametrize(
    ("fields", "minutes", "ended"),
    [
        (
            {"completed": True, "counts_as_practice": True, "finished_at": "x", "reached_seconds": 1200},
            "20",
            "completed",
        ),
        (
            {"completed": True, "practised_seconds": 17, "finished_at": "x"},
            "0 of 20",
            "pressed through, 0:17 practised",
        ),
        (
            {
                "completed": False,
                "grounded": True,
                "finished_at": "x",
                "stopped_at_step": 1,
                "reached_seconds": 110,
            },
            "2 of 20",
            "stopped to ground",
        ),
        (
            {"completed": False, "finished_at": "x", "reached_seconds": 0},
            "0 of 20",
            "checked in only, not practised",
        ),
        (
            {"completed": False, "finished_at": "x", "stopped_at_step": 3, "reached_seconds": 235},
            "4 of 20",
            "stopped",
        ),
        (
            {
                "completed": False,
                "finished_at": "x",
                "stopped_at_step": 4,
                "practised_seconds": 325,
                "counts_as_practice": True,
            },
            "5 of 20",
            "stopped",
        ),
        ({}, f"{NOT_ENDED} of 20", "not finished"),
        # Half a minute rounds to even, as the pages always rounded it.
        ({"planned_seconds": 150, "practised_seconds": 90}, "2 of 2", "not finished"),
    ],
)
def test_it_tells_each_ending(fields: dict[str, Any], minutes: str, ended: str) -> None:
    assert str(minutes_reached(record(**fields))) == minutes
    assert how_it_ended(record(**fields)) == ended


def test_the_minutes_are_markup_and_the_ending_is_escaped_as_text() -> None:
    page = templates.env.from_string("{{ s|minutes_reached }}|{{ s|how_it_ended }}")
    assert page.render(s=record()) == f"{NOT_ENDED} of 20|not finished"


class Thing:
    name = "an attribute"


@pytest.mark.parametrize(
    "expression",
    [
        "{{ d.name }}",
        "{{ d.missing is defined }}",
        "{{ d.items()|list }}",  # a dict's own methods stay methods
        "{{ d.get('name') }}",
        "{{ d.keys is callable }}",
        "{{ d.nested.value }}",
        "{{ d['name'] }}",
        "{{ t.name }}",
        "{{ t.missing is defined }}",
        "{{ n.name is defined }}",
    ],
)
def test_the_environment_finds_what_jinja_finds(expression: str) -> None:
    # A key named as a dict's method: Jinja finds the method, and so must the pages.
    context = {"d": {"name": "a key", "nested": {"value": 3}, "items": "a key"}, "t": Thing(), "n": None}
    plain = jinja2.Environment(autoescape=True).from_string(expression).render(context)
    assert templates.env.from_string(expression).render(context) == plain
