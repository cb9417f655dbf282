"""STAND-IN, to be replaced by the domain branch (helper "domain" builds the real module).

Only what the participant pages call, with the brief's signatures: `plan_from_json` reads a stored
plan back, and `seat_plan` returns the room's plan unchanged, with no attention and no notes.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from psoas.practice.exercise import BreathPattern
from psoas.practice.library import Library, default_library
from psoas.practice.request import request_from_json
from psoas.practice.session_plan import PhasePlan, SessionPlan, Step


@dataclass(frozen=True)
class SeatPlan:
    plan: SessionPlan
    attention: tuple[str, ...]
    notes: tuple[str, ...]


def _step(data: Mapping[str, Any]) -> Step:
    breath = data.get("breath")
    return Step(
        exercise=data["exercise"],
        name=data["name"],
        kind=data["kind"],
        seconds=int(data["seconds"]),
        side=data.get("side"),
        reason=data.get("reason", ""),
        cues=tuple(data.get("cues", ())),
        come_out=data.get("come_out", ""),
        adjustments=tuple(data.get("adjustments", ())),
        breath=BreathPattern(**breath) if breath else None,
    )


def plan_from_json(data: Mapping[str, Any]) -> SessionPlan:
    return SessionPlan(
        request=request_from_json(default_library(), data.get("request", {})),
        phases=tuple(
            PhasePlan(phase=phase["phase"], steps=tuple(_step(step) for step in phase["steps"]))
            for phase in data["phases"]
        ),
        notes=tuple(data.get("notes", ())),
    )


def seat_plan(room: SessionPlan, conditions: tuple[str, ...], library: Library) -> SeatPlan:
    return SeatPlan(plan=room, attention=(), notes=())
