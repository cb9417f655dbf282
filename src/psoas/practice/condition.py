"""A screening condition: what a health condition changes about the practice, and why."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from psoas.figures.body import Figure
from psoas.practice.exercise import KebabId, Sentence
from psoas.practice.vocabulary import Position, TremorPolicy


class Exclusion(BaseModel):
    """An exercise a condition leaves out, with the reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercise: KebabId
    reason: Sentence


class Modification(BaseModel):
    """An exercise a condition keeps but changes, with how and why.

    When the change alters the position (on the side instead of on the back, high on the wall
    instead of low), `cues` and `come_out` say the changed way in full: they are spoken instead of
    the exercise's own, so no spoken cue contradicts the adjustment said before them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercise: KebabId
    how: Sentence
    reason: Sentence
    cues: tuple[Sentence, ...] = ()
    come_out: Sentence | None = None
    # The changed position as drawn; a change of position has its own figure.
    figure: Figure | None = None
    # Or: one of the exercise's own other ways (`[[ways]]` in its file), said and drawn there.
    way: KebabId | None = None

    @model_validator(mode="after")
    def _whole_cue_set(self) -> "Modification":
        if self.way is not None and (self.cues or self.come_out or self.figure):
            raise ValueError("name the exercise's way, or say the changed way here; not both")
        if bool(self.cues) != (self.come_out is not None):
            raise ValueError("a changed position needs both its own cues and its own come_out")
        if self.cues and len(self.cues) < 2:
            raise ValueError("a changed position needs at least two cues")
        return self


class Condition(BaseModel):
    """One screening condition, as read from its data file and validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    name: Sentence
    question: Sentence
    # Where the intake asks it: with the body and its health, or with the mind and what was lived.
    about: Literal["body", "mind"]
    tremor: TremorPolicy
    tremor_cap_minutes: int | None = Field(default=None, ge=1, le=30)
    avoid_positions: tuple[Position, ...] = ()
    excludes: tuple[Exclusion, ...] = ()
    modifies: tuple[Modification, ...] = ()
    reason: Sentence
    advice: Sentence
    # Every safety rule stands on at least one primary source: a clinical guideline, a study,
    # or the published guidance of a health service, professional body or patient organisation.
    # Providers' pages, blogs and videos may add to that, never replace it.
    primary_sources: tuple[Sentence, ...] = Field(min_length=1)
    other_sources: tuple[Sentence, ...] = ()
