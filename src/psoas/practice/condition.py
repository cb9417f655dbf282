"""A screening condition: what a health condition changes about the practice, and why."""

from pydantic import BaseModel, ConfigDict, Field

from psoas.practice.exercise import KebabId, Sentence
from psoas.practice.vocabulary import Position, TremorPolicy


class Exclusion(BaseModel):
    """An exercise a condition leaves out, with the reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercise: KebabId
    reason: Sentence


class Modification(BaseModel):
    """An exercise a condition keeps but changes, with how and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercise: KebabId
    how: Sentence
    reason: Sentence


class Condition(BaseModel):
    """One screening condition, as read from its data file and validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    name: Sentence
    question: Sentence
    tremor: TremorPolicy
    tremor_cap_minutes: int | None = Field(default=None, ge=1, le=30)
    avoid_positions: tuple[Position, ...] = ()
    excludes: tuple[Exclusion, ...] = ()
    modifies: tuple[Modification, ...] = ()
    reason: Sentence
    advice: Sentence
    sources: tuple[Sentence, ...] = Field(min_length=1)
