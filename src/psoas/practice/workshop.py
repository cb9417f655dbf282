"""A workshop: what a facilitator asks for, and the room's plan made from it.

The whole workshop API lives here for the store and the web to import: the editor
(`workshop_editor`), its rules (`workshop_rules`) and each participant's own plan
(`workshop_seat`) are their own modules, re-exported below.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from psoas.practice.library import Library
from psoas.practice.planner import plan
from psoas.practice.request import SEEDS, InvalidRequest, PlanRequest, Problems, all_of, one_of
from psoas.practice.session_plan import PlanShapeError, SessionPlan, plan_from_json
from psoas.practice.vocabulary import FOCUSES, LEVELS, Focus, Level
from psoas.practice.workshop_editor import EditRefused, move_step, resize_step, swap_choices, swap_step
from psoas.practice.workshop_rules import WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST, safety_problems
from psoas.practice.workshop_seat import SeatPlan, seat_plan

__all__ = [
    "WORKSHOP_MINUTES_LEAST",
    "WORKSHOP_MINUTES_MOST",
    "EditRefused",
    "InvalidRequest",
    "PlanShapeError",
    "SeatPlan",
    "WorkshopRequest",
    "make_workshop_request",
    "move_step",
    "plan_from_json",
    "plan_workshop",
    "resize_step",
    "safety_problems",
    "seat_plan",
    "swap_choices",
    "swap_step",
]

# A group needs longer than one person: arriving together, learning the brakes as a group and a
# longer rest after the tremor. Three hours is a long workshop; past that, people tire of lying down.


@dataclass(frozen=True)
class WorkshopRequest:
    """A checked request for a room's plan. Build it with `make_workshop_request` from untrusted input."""

    minutes: int
    level: Level
    focus: tuple[Focus, ...] = ("general",)
    seed: int = 0

    def to_json(self) -> dict[str, object]:
        """The request as plain JSON data."""
        return {"minutes": self.minutes, "level": self.level, "focus": list(self.focus), "seed": self.seed}


def make_workshop_request(minutes: int, level: str, focus: Iterable[str], seed: int = 0) -> WorkshopRequest:
    """Check raw values; raise InvalidRequest naming every bad field with what is valid."""
    problems = Problems()
    if not WORKSHOP_MINUTES_LEAST <= minutes <= WORKSHOP_MINUTES_MOST:
        problems.add(
            "minutes",
            f"minutes must be between {WORKSHOP_MINUTES_LEAST} and {WORKSHOP_MINUTES_MOST}, got {minutes}",
        )
    if seed not in SEEDS:
        problems.add("seed", f"seed must be a whole number that fits in 64 bits, got {seed}")
    chosen_level = problems.check(lambda: one_of("level", "level", level, LEVELS))
    focus_words = problems.check(lambda: all_of("focus", "focus", focus, FOCUSES))
    problems.raise_any()
    assert chosen_level is not None  # raise_any has raised otherwise
    return WorkshopRequest(minutes, chosen_level, focus_words or ("general",), seed)


def room_request(request: WorkshopRequest) -> PlanRequest:
    """The planner's request for the room: a facilitator present, and nobody's conditions, since
    each participant's own plan takes care of theirs.

    Built directly rather than through `make_request`, whose 10 to 120 minutes are one person's
    limits and stay so; `make_workshop_request` has checked every value against the workshop's.
    """
    return PlanRequest(
        minutes=request.minutes,
        level=request.level,
        focus=request.focus,
        with_facilitator=True,
        seed=request.seed,
    )


def plan_workshop(request: WorkshopRequest, library: Library) -> SessionPlan:
    """The room's plan: the planner's arc, same request and seed giving the same plan, its notes
    said of the group (the planner speaks to one person)."""
    planned = plan(room_request(request), library)
    one_person = f"at your level ({request.level})"
    notes = tuple(note.replace(one_person, f"for a {request.level} group") for note in planned.notes)
    return replace(planned, notes=notes)
