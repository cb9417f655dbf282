"""STAND-IN, to be replaced by the domain branch: the workshop domain API with the signatures of
/work/brief23.md, built on the existing planner so the facilitator's pages can be written now.
It keeps only one safety rule (how to stop comes before any tremor); the domain branch keeps all."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from psoas.practice.exercise import BreathPattern, Exercise
from psoas.practice.library import Library
from psoas.practice.planner import plan
from psoas.practice.request import InvalidRequest, PlanRequest
from psoas.practice.session_plan import PhasePlan, SessionPlan, Step
from psoas.practice.tre import HOW_TO_STOP, TREMOR_POSITIONS
from psoas.practice.vocabulary import FOCUSES, LEVELS, Focus, Level

WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST = 45, 180


@dataclass(frozen=True)
class WorkshopRequest:
    """What a facilitator asks for."""

    minutes: int
    level: Level
    focus: tuple[Focus, ...] = ("general",)
    seed: int = 0

    def to_json(self) -> dict[str, object]:
        return {"minutes": self.minutes, "level": self.level, "focus": list(self.focus), "seed": self.seed}


def make_workshop_request(minutes: int, level: str, focus: Iterable[str], seed: int = 0) -> WorkshopRequest:
    problems: dict[str, str] = {}
    if not WORKSHOP_MINUTES_LEAST <= minutes <= WORKSHOP_MINUTES_MOST:
        problems["minutes"] = (
            f"minutes must be between {WORKSHOP_MINUTES_LEAST} and {WORKSHOP_MINUTES_MOST}, got {minutes}"
        )
    if level not in LEVELS:
        problems["level"] = f"unknown level {level!r}; valid: {', '.join(LEVELS)}"
    focus = tuple(dict.fromkeys(focus)) or ("general",)
    for word in focus:
        if word not in FOCUSES:
            problems["focus"] = f"unknown focus {word!r}; valid: {', '.join(FOCUSES)}"
    if problems:
        (field, message), *more = problems.items()
        raise InvalidRequest(field, message, dict(more))
    return WorkshopRequest(minutes, level, focus, seed)  # type: ignore[arg-type]


def plan_workshop(request: WorkshopRequest, library: Library) -> SessionPlan:
    planned = PlanRequest(
        minutes=min(request.minutes, 120),
        level=request.level,
        focus=request.focus,
        with_facilitator=True,
        seed=request.seed,
    )
    return plan(planned, library)


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
        breath=BreathPattern.model_validate(breath) if breath else None,
    )


def plan_from_json(data: Mapping[str, Any]) -> SessionPlan:
    asked = dict(data["request"])
    request = PlanRequest(
        minutes=int(asked["minutes"]),
        level=asked.get("level", "beginner"),
        focus=tuple(asked.get("focus", ("general",))),
        conditions=tuple(asked.get("conditions", ())),
        props=tuple(asked.get("props", ())),
        with_facilitator=bool(asked.get("with_facilitator", False)),
        seed=int(asked.get("seed", 0)),
        prefer=tuple(asked.get("prefer", ())),
        avoid=tuple(asked.get("avoid", ())),
        tremor_cap_minutes=asked.get("tremor_cap_minutes"),
    )
    phases = tuple(PhasePlan(p["phase"], tuple(_step(s) for s in p["steps"])) for p in data["phases"])
    return SessionPlan(request=request, phases=phases, notes=tuple(data.get("notes", ())))


class EditRefused(ValueError):
    """An edit that would break a safety rule; str(error) is the reason."""


def _where(plan: SessionPlan, index: int) -> tuple[int, int]:
    flat = 0
    for p, phase in enumerate(plan.phases):
        if index < flat + len(phase.steps):
            return p, index - flat
        flat += len(phase.steps)
    raise EditRefused(f"there is no step {index + 1} in this plan")


def _with_steps(plan: SessionPlan, p: int, steps: list[Step], library: Library) -> SessionPlan:
    phases = list(plan.phases)
    phases[p] = PhasePlan(phases[p].phase, tuple(steps))
    edited = replace(plan, phases=tuple(phases))
    problems = safety_problems(edited, library)
    if problems and not safety_problems(plan, library):
        raise EditRefused(problems[0])
    return edited


def move_step(plan: SessionPlan, index: int, to: int, library: Library) -> SessionPlan:
    p, i = _where(plan, index)
    first = index - i
    steps = list(plan.phases[p].steps)
    if not 0 <= to - first < len(steps):
        raise EditRefused("a step moves only within its own phase")
    steps.insert(to - first, steps.pop(i))
    return _with_steps(plan, p, steps, library)


def swap_step(plan: SessionPlan, index: int, exercise_id: str, library: Library) -> SessionPlan:
    p, i = _where(plan, index)
    if exercise_id not in {e.id for e in swap_choices(plan, index, library)}:
        raise EditRefused(f"{exercise_id!r} cannot take this step's place")
    exercise = library.exercise(exercise_id)
    old = plan.phases[p].steps[i]
    seconds = max(exercise.duration.min, min(old.seconds, exercise.duration.max))
    new = Step(
        exercise=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        seconds=seconds,
        side=(old.side or "left") if exercise.per_side else None,
        reason="Chosen by the facilitator.",
        cues=exercise.cues,
        come_out=exercise.come_out,
        breath=exercise.breath,
    )
    steps = list(plan.phases[p].steps)
    steps[i] = new
    return _with_steps(plan, p, steps, library)


def resize_step(plan: SessionPlan, index: int, seconds: int, library: Library) -> SessionPlan:
    p, i = _where(plan, index)
    step = plan.phases[p].steps[i]
    duration = library.exercise(step.exercise).duration
    if not duration.min <= seconds <= duration.max:
        raise EditRefused(f"{step.name} lasts from {duration.min} to {duration.max} seconds")
    steps = list(plan.phases[p].steps)
    steps[i] = step._replace(seconds=seconds)
    return _with_steps(plan, p, steps, library)


def swap_choices(plan: SessionPlan, index: int, library: Library) -> list[Exercise]:
    p, i = _where(plan, index)
    step = plan.phases[p].steps[i]
    if step.kind == "safety" or step.exercise in TREMOR_POSITIONS:
        return []
    used = {s.exercise for _, s in plan.steps()}
    return [
        e
        for e in library.for_phase(plan.phases[p].phase)
        if e.id not in used and e.kind != "safety" and e.id not in TREMOR_POSITIONS
    ]


def safety_problems(plan: SessionPlan, library: Library) -> list[str]:
    ids = [step.exercise for _, step in plan.steps()]
    tremors = [n for n, e in enumerate(ids) if e in TREMOR_POSITIONS]
    if tremors and (HOW_TO_STOP not in ids or ids.index(HOW_TO_STOP) > tremors[0]):
        return ["How to stop tremoring comes before any tremor."]
    return []


@dataclass(frozen=True)
class SeatPlan:
    plan: SessionPlan
    attention: tuple[str, ...]
    notes: tuple[str, ...]


def seat_plan(room: SessionPlan, conditions: tuple[str, ...], library: Library) -> SeatPlan:
    attention = ("facilitator-only condition",) if conditions else ()
    return SeatPlan(room, attention, ())
