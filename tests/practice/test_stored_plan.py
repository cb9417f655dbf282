"""Reading a plan back from its stored JSON: its steps in order, how far a session went, and which
stretches of a recording were the arrive and the integrate phase."""

import json

from psoas.practice.library import Library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.practice.session_plan import plan_steps, reached_seconds, start_and_end_windows


def stored(library: Library, minutes: int = 40) -> dict[str, object]:
    """A plan as the store keeps it: its JSON, written and read back."""
    session = plan(make_request(library, minutes=minutes, seed=7))
    return dict(json.loads(json.dumps(session.to_json())))


def test_the_steps_come_in_the_order_they_are_done(library: Library) -> None:
    session = plan(make_request(library, minutes=40, seed=7))
    steps = plan_steps(stored(library))
    assert [(s["exercise"], s["side"]) for s in steps] == [(s.exercise, s.side) for _, s in session.steps()]


def test_reached_seconds_counts_the_steps_before_the_one_stopped_at(library: Library) -> None:
    data = stored(library)
    seconds = [int(s["seconds"]) for s in plan_steps(data)]
    assert reached_seconds(data, completed=True, ended=True, stopped_at_step=None) == data["total_seconds"]
    assert reached_seconds(data, completed=False, ended=False, stopped_at_step=None) is None
    assert reached_seconds(data, completed=False, ended=True, stopped_at_step=None) == 0
    assert reached_seconds(data, completed=False, ended=True, stopped_at_step=3) == sum(seconds[:3])


def test_the_windows_come_from_the_plan_and_the_recordings_start() -> None:
    phases = [
        {"phase": name, "seconds": seconds, "steps": []}
        for name, seconds in (("arrive", 300), ("fatigue", 600), ("tremor", 900), ("integrate", 300))
    ]
    assert start_and_end_windows({"phases": phases}) == ((0, 300), (1800, 2100))
    assert start_and_end_windows({"phases": phases}, offset_s=60) == ((-60, 240), (1740, 2040))
    assert start_and_end_windows({"phases": phases[1:]}) is None


def test_a_real_plan_starts_with_arrive_and_ends_with_integrate(library: Library) -> None:
    data = stored(library)
    windows = start_and_end_windows(data)
    assert windows is not None
    (start, arrive_end), (integrate_start, end) = windows
    assert start == 0
    assert end == data["total_seconds"]
    assert arrive_end < integrate_start
