"""What a person asks the planner for, and the checks that turn raw input into a valid request."""

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from psoas.practice.library import Library
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS, Focus, Level, Prop

# One person's session. A workshop's room plan has its own limits (practice/workshop.py), which
# leave these as they are.
MIN_MINUTES = 10
MAX_MINUTES = 120
# Seeds are stored and sent as JSON numbers, which readers and databases agree on up to 64 bits.
SEEDS = range(-(2**63), 2**63)

Word = TypeVar("Word", bound=str)
T = TypeVar("T")


class InvalidRequest(ValueError):
    """Request values out of range or unknown: `problems` holds a message for each bad field, naming
    the value and what is valid; `field` is the first of them."""

    def __init__(self, field: str, message: str, more: Mapping[str, str] | None = None) -> None:
        self.field = field
        self.problems = {field: message, **(more or {})}
        super().__init__("; ".join(self.problems.values()))


class Problems:
    """Collects every bad value of a request, so one answer can name them all (the workshop's
    request is checked with it too)."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, message)

    def check(self, read: Callable[[], T]) -> T | None:
        """The value `read` returns, or None with its problem noted."""
        try:
            return read()
        except InvalidRequest as error:
            for field, message in error.problems.items():
                self.add(field, message)
            return None

    def raise_any(self) -> None:
        if self.found:
            (field, message), *more = self.found.items()
            raise InvalidRequest(field, message, dict(more))


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


def one_of(field: str, noun: str, value: str, valid: Sequence[Word]) -> Word:
    """The valid word equal to `value`, or InvalidRequest on `field` listing the valid ones."""
    for word in valid:
        if word == value:
            return word
    raise InvalidRequest(field, f"unknown {noun} {value!r}; valid: {', '.join(valid)}")


def all_of(field: str, noun: str, values: Iterable[str], valid: Sequence[Word]) -> tuple[Word, ...]:
    """Each of `values` as a valid word, once each, in the order given."""
    chosen = [one_of(field, noun, v, valid) for v in values]
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
    """Check raw values against the vocabulary and the library; raise InvalidRequest naming every bad one."""
    problems = Problems()
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        problems.add("minutes", f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES}, got {minutes}")
    if seed not in SEEDS:
        problems.add("seed", f"seed must be a whole number that fits in 64 bits, got {seed}")
    if tremor_cap_minutes is not None and tremor_cap_minutes < 0:
        problems.add("tremor_cap_minutes", "tremor_cap_minutes cannot be negative")
    exercise_ids = sorted(library.exercises)
    avoided = problems.check(lambda: all_of("avoid", "exercise", avoid, exercise_ids)) or ()
    for exercise_id in avoided:
        if library.exercise(exercise_id).kind == "safety":
            problems.add("avoid", f"{exercise_id!r} cannot be avoided: it keeps the tremor safe to stop")
    chosen_level = problems.check(lambda: one_of("level", "level", level, LEVELS))
    focus_words = problems.check(lambda: all_of("focus", "focus", focus, FOCUSES))
    chosen_conditions = problems.check(
        lambda: all_of("conditions", "condition", conditions, sorted(library.conditions))
    )
    chosen_props = problems.check(lambda: all_of("props", "prop", props, PROPS))
    preferred = problems.check(lambda: all_of("prefer", "exercise", prefer, exercise_ids))
    for exercise_id in sorted(set(preferred or ()) & set(avoided)):
        problems.add("prefer", f"{exercise_id!r} is both preferred and avoided; keep it in one list")
    problems.raise_any()
    return PlanRequest(
        minutes=minutes,
        level=chosen_level or "beginner",
        focus=focus_words or ("general",),
        conditions=chosen_conditions or (),
        props=chosen_props or (),
        with_facilitator=with_facilitator,
        seed=seed,
        prefer=preferred or (),
        avoid=avoided,
        tremor_cap_minutes=tremor_cap_minutes,
    )


def request_from_json(library: Library, data: Mapping[str, Any], **changes: Any) -> PlanRequest:
    """A stored plan's request, checked again against today's library, with `changes` applied
    (raises InvalidRequest when the library no longer has something the request named)."""
    fields = {**data, **changes}
    return make_request(
        library,
        minutes=int(fields.get("minutes", 0)),
        level=str(fields.get("level", "beginner")),
        focus=fields.get("focus") or ("general",),
        conditions=fields.get("conditions") or (),
        props=fields.get("props") or (),
        with_facilitator=bool(fields.get("with_facilitator", False)),
        seed=int(fields.get("seed", 0)),
        prefer=fields.get("prefer") or (),
        avoid=fields.get("avoid") or (),
        tremor_cap_minutes=fields.get("tremor_cap_minutes"),
    )
