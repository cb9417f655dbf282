"""What a person asks the planner for, and the checks that turn raw input into a valid request."""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from psoas.practice.library import Library
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS, Focus, Level, Prop

MIN_MINUTES = 10
MAX_MINUTES = 120
# Seeds are stored and sent as JSON numbers, which readers and databases agree on up to 64 bits.
SEEDS = range(-(2**63), 2**63)

Word = TypeVar("Word", bound=str)


class InvalidRequest(ValueError):
    """A request value that is out of range or unknown; the message names it and what is valid."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class PlanRequest:
    """A checked request for one session. Build it with `make_request` from untrusted input."""

    minutes: int
    level: Level = "beginner"
    focus: tuple[Focus, ...] = ("general",)
    conditions: tuple[str, ...] = ()
    props: tuple[Prop, ...] = ()
    with_facilitator: bool = False
    seed: int = 0
    prefer: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    tremor_cap_minutes: int | None = field(default=None)

    @property
    def seconds(self) -> int:
        """The requested length in seconds."""
        return self.minutes * 60

    def to_json(self) -> dict[str, object]:
        """The request as plain JSON data."""
        return {
            "minutes": self.minutes,
            "level": self.level,
            "focus": list(self.focus),
            "conditions": list(self.conditions),
            "props": list(self.props),
            "with_facilitator": self.with_facilitator,
            "seed": self.seed,
            "prefer": list(self.prefer),
            "avoid": list(self.avoid),
            "tremor_cap_minutes": self.tremor_cap_minutes,
        }


def new_seed() -> int:
    """A fresh seed for a plan nobody asked to reproduce."""
    return random.SystemRandom().randrange(1_000_000)


def _one_of(field: str, noun: str, value: str, valid: Sequence[Word]) -> Word:
    for word in valid:
        if word == value:
            return word
    raise InvalidRequest(field, f"unknown {noun} {value!r}; valid: {', '.join(valid)}")


def _all_of(field: str, noun: str, values: Iterable[str], valid: Sequence[Word]) -> tuple[Word, ...]:
    chosen = [_one_of(field, noun, v, valid) for v in values]
    return tuple(dict.fromkeys(chosen))


def make_request(
    library: Library,
    *,
    minutes: int,
    level: str = "beginner",
    focus: Iterable[str] = ("general",),
    conditions: Iterable[str] = (),
    props: Iterable[str] = (),
    with_facilitator: bool = False,
    seed: int = 0,
    prefer: Iterable[str] = (),
    avoid: Iterable[str] = (),
    tremor_cap_minutes: int | None = None,
) -> PlanRequest:
    """Check raw values against the vocabulary and the library; raise InvalidRequest on the first bad one."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidRequest(
            "minutes", f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES}, got {minutes}"
        )
    if seed not in SEEDS:
        raise InvalidRequest("seed", f"seed must be a whole number that fits in 64 bits, got {seed}")
    if tremor_cap_minutes is not None and tremor_cap_minutes < 0:
        raise InvalidRequest("tremor_cap_minutes", "tremor_cap_minutes cannot be negative")
    exercise_ids = sorted(library.exercises)
    avoided = _all_of("avoid", "exercise", avoid, exercise_ids)
    for exercise_id in avoided:
        if library.exercise(exercise_id).kind == "safety":
            raise InvalidRequest(
                "avoid", f"{exercise_id!r} cannot be avoided: it keeps the tremor safe to stop"
            )
    focus_words = _all_of("focus", "focus", focus, FOCUSES) or ("general",)
    return PlanRequest(
        minutes=minutes,
        level=_one_of("level", "level", level, LEVELS),
        focus=focus_words,
        conditions=_all_of("conditions", "condition", conditions, sorted(library.conditions)),
        props=_all_of("props", "prop", props, PROPS),
        with_facilitator=with_facilitator,
        seed=seed,
        prefer=_all_of("prefer", "exercise", prefer, exercise_ids),
        avoid=avoided,
        tremor_cap_minutes=tremor_cap_minutes,
    )
