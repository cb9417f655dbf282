"""Loading and checking the practice content: exercises and screening conditions as TOML files."""

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from psoas.figures.scene import figure_problems
from psoas.practice.condition import Condition
from psoas.practice.exercise import Exercise
from psoas.practice.tre import HOW_TO_STOP
from psoas.practice.vocabulary import PHASES, POSITION_WORDS, Phase

CONTENT_DIR = Path(__file__).parent / "content"

Model = TypeVar("Model", bound=BaseModel)


class ContentError(Exception):
    """Content files that cannot be used; the message lists every problem with file and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("The practice content has problems:\n" + "\n".join(f"- {p}" for p in problems))


# Compared and hashed by identity: a loaded library never changes, so what is worked out from it
# (a person's screening, each phase's candidates) can be kept per library.
@dataclass(frozen=True, eq=False)
class Library:
    """Every exercise and condition, checked against each other."""

    exercises: Mapping[str, Exercise]
    conditions: Mapping[str, Condition]

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id (KeyError if there is none)."""
        return self.exercises[exercise_id]

    def for_phase(self, phase: Phase) -> tuple[Exercise, ...]:
        """Every exercise that may serve the phase, in id order."""
        return self._by_phase.get(phase, ())

    @cached_property
    def _by_phase(self) -> dict[Phase, tuple[Exercise, ...]]:
        # The planner asks this four times a plan; the answer never changes for a loaded library.
        ordered = sorted(self.exercises.values(), key=lambda e: e.id)
        return {phase: tuple(e for e in ordered if e.serves(phase)) for phase in PHASES}

    def exclusion_reason(self, exercise: Exercise, condition: Condition) -> str | None:
        """Why the condition leaves this exercise out, or None when it may be used."""
        # The condition's own words first: they say why, where the exercise's list only says that.
        for exclusion in condition.excludes:
            if exclusion.exercise == exercise.id:
                return exclusion.reason
        if condition.id in exercise.contraindications:
            return f"{exercise.name} is not advised with {condition.name.lower()}."
        modified = any(m.exercise == exercise.id for m in condition.modifies)
        if exercise.position in condition.avoid_positions and not modified:
            return f"{condition.name}: {POSITION_WORDS[exercise.position]} is avoided."
        return None

    def contraindications(self, exercise: Exercise) -> list[str]:
        """Ids of every condition that leaves this exercise out, however the data says so."""
        return sorted(
            c.id for c in self.conditions.values() if self.exclusion_reason(exercise, c) is not None
        )


def _read_models(folder: Path, model: type[Model], problems: list[str]) -> list[Model]:
    items: list[Model] = []
    for path in sorted(folder.glob("*.toml")):
        name = f"{folder.name}/{path.name}"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problems.append(f"{name}: not valid TOML ({error})")
            continue
        try:
            item = model.model_validate(data)
        except ValidationError as error:
            problems.extend(f"{name}: {_describe(e)}" for e in error.errors())
            continue
        if getattr(item, "id", None) != path.stem:
            problems.append(f"{name}: id {getattr(item, 'id', None)!r} must equal the file name")
            continue
        items.append(item)
    return items


def _describe(error: Mapping[str, object]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()))  # type: ignore[attr-defined]
    message = str(error.get("msg", "invalid"))
    return f"{location or 'file'}: {message}" + _given(error)


def _given(error: Mapping[str, object]) -> str:
    if error.get("type") == "missing":
        return ""
    value = error.get("input")
    if isinstance(value, dict | list):
        return ""
    return f" (got {value!r})"


def _cross_check(exercises: Iterable[Exercise], conditions: Iterable[Condition]) -> list[str]:
    exercise_ids = {e.id for e in exercises}
    condition_ids = {c.id for c in conditions}
    problems = [
        f"exercises/{e.id}.toml: contraindication {c!r} is not a condition id"
        for e in exercises
        for c in e.contraindications
        if c not in condition_ids
    ]
    for condition in conditions:
        named = [x.exercise for x in condition.excludes] + [m.exercise for m in condition.modifies]
        problems.extend(
            f"conditions/{condition.id}.toml: exercise {x!r} does not exist"
            for x in named
            if x not in exercise_ids
        )
    problems.extend(_figure_problems(exercises, conditions))
    problems.extend(_unspoken_position_changes(exercises, conditions))
    problems.extend(_unsaid_replacements(conditions))
    problems.extend(_unknown_ways(exercises, conditions))
    problems.extend(_safety_changed_twice(exercises, conditions))
    if HOW_TO_STOP not in exercise_ids:
        problems.append(f"exercises: the entry {HOW_TO_STOP!r} is missing; every tremor needs it")
    return problems


def _figure_problems(exercises: Iterable[Exercise], conditions: Iterable[Condition]) -> list[str]:
    """Every exercise is drawn, and a change of position is drawn its own way; each figure is one a
    body could take: joints in range, resting parts on what they rest on, nothing through a floor,
    prop or wall."""
    problems = []
    for exercise in exercises:
        name = f"exercises/{exercise.id}.toml"
        if exercise.figure is None:
            problems.append(f"{name}: figure: missing; every exercise is shown as well as told")
            continue
        problems.extend(f"{name}: figure: {p}" for p in figure_problems(exercise.figure))
        for way in exercise.ways:
            problems.extend(f"{name}: ways.{way.id}.figure: {p}" for p in figure_problems(way.figure))
    for condition in conditions:
        for change in condition.modifies:
            name = f"conditions/{condition.id}.toml: {change.exercise!r}"
            if change.cues and change.figure is None:
                problems.append(f"{name}: a changed position needs its own figure")
            if change.figure is not None:
                problems.extend(f"{name}: figure: {p}" for p in figure_problems(change.figure))
    return problems


def _unspoken_position_changes(exercises: Iterable[Exercise], conditions: Iterable[Condition]) -> list[str]:
    """A condition that avoids a position yet keeps an exercise done in it must say the changed way
    in full: otherwise the exercise's own cues would tell the person to take the avoided position."""
    by_id = {e.id: e for e in exercises}
    return [
        f"conditions/{condition.id}.toml: {change.exercise!r} is done "
        f"{POSITION_WORDS[by_id[change.exercise].position]}, which this condition avoids; "
        "give the changed way its own cues and come_out"
        for condition in conditions
        for change in condition.modifies
        if change.exercise in by_id
        and by_id[change.exercise].position in condition.avoid_positions
        and not change.cues
        and change.way is None
    ]


def _unsaid_replacements(conditions: Iterable[Condition]) -> list[str]:
    """An adjustment that does something "instead of" what the cues say contradicts them: the
    person would hear the adjustment, then be told the other thing. It must say its way in full
    (its own cues, or one of the exercise's ways); an option ("if it presses, rest on your side")
    is worded as one."""
    return [
        f"conditions/{condition.id}.toml: {change.exercise!r} is done another way ({change.how!r}); "
        "give that way its own cues and come_out, or name one of the exercise's ways"
        for condition in conditions
        for change in condition.modifies
        if "instead of" in change.how.lower() and not change.cues and change.way is None
    ]


def _unknown_ways(exercises: Iterable[Exercise], conditions: Iterable[Condition]) -> list[str]:
    by_id = {e.id: e for e in exercises}
    return [
        f"conditions/{condition.id}.toml: {change.exercise!r} has no way {change.way!r}; "
        f"its ways: {', '.join(w.id for w in by_id[change.exercise].ways) or 'none'}"
        for condition in conditions
        for change in condition.modifies
        if change.way is not None
        and change.exercise in by_id
        and by_id[change.exercise].way(change.way) is None
    ]


def _safety_changed_twice(exercises: Iterable[Exercise], conditions: Iterable[Condition]) -> list[str]:
    """Two conditions that each say the brakes their own way would have the planner leave the brakes
    out for someone with both; a safety step has one changed way at most."""
    safety = {e.id for e in exercises if e.kind == "safety"}
    changing: dict[str, list[str]] = {}
    for condition in conditions:
        for change in condition.modifies:
            if change.exercise in safety and (change.cues or change.way):
                changing.setdefault(change.exercise, []).append(condition.id)
    return [
        f"conditions: {exercise!r} is a safety step and {', '.join(ids)} each give it their own cues; "
        "say them once, in one condition, so that no one is left without it"
        for exercise, ids in changing.items()
        if len(ids) > 1
    ]


def load_library(content_dir: Path = CONTENT_DIR) -> Library:
    """Read and validate every exercise and condition file under `content_dir`."""
    problems: list[str] = []
    exercises = _read_models(content_dir / "exercises", Exercise, problems)
    conditions = _read_models(content_dir / "conditions", Condition, problems)
    problems.extend(_cross_check(exercises, conditions))
    if problems:
        raise ContentError(problems)
    return Library(
        exercises={e.id: e for e in exercises},
        conditions={c.id: c for c in conditions},
    )


@cache
def default_library() -> Library:
    """The library shipped with psoas, read once per process."""
    return load_library()
