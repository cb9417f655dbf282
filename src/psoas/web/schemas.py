"""The JSON bodies the API accepts, validated field by field.

Numbers and yes/no answers are strict: `true` is not a rating of 1, nor "3" a rating of 3, nor
"yes" a completed session. A client that sends those has a bug worth hearing about.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationInfo, field_validator

from psoas.practice.step_log import PainPlace

Rating = Field(ge=0, le=10, description="0 (none) to 10 (most)")


class PlanBody(BaseModel):
    """A planner request, as `psoas plan` takes it."""

    model_config = ConfigDict(extra="forbid")

    minutes: StrictInt
    level: str = "beginner"
    focus: list[str] = Field(default_factory=lambda: ["general"])
    conditions: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list)
    with_facilitator: StrictBool = False
    seed: StrictInt | None = None
    prefer: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    tremor_cap_minutes: StrictInt | None = Field(default=None, ge=0, le=30)


class SessionBody(BaseModel):
    """Start practising a stored plan."""

    model_config = ConfigDict(extra="forbid")

    plan_id: StrictInt


class CheckinBody(BaseModel):
    """How the person feels before or after a session."""

    model_config = ConfigDict(extra="forbid")

    moment: Literal["before", "after"]
    tension: StrictInt = Rating
    pain: StrictInt = Rating
    distress: StrictInt = Rating
    breath: StrictInt = Rating
    note: str | None = Field(default=None, max_length=2000)
    emotions_came_up: StrictBool | None = None

    @field_validator("note")
    @classmethod
    def _storable(cls, note: str | None) -> str | None:
        # PostgreSQL cannot hold it in text and SQLite would: refused here, the same on both.
        if note is not None and "\x00" in note:
            raise ValueError("the note has a NUL character (\\u0000), which cannot be stored; remove it")
        return note

    @field_validator("emotions_came_up")
    @classmethod
    def _after_only(cls, came_up: bool | None, info: ValidationInfo) -> bool | None:
        if came_up is not None and info.data.get("moment") == "before":
            raise ValueError("only the after check-in asks whether emotions came up; leave it out before")
        return came_up


# A day's session at most: no log entry may claim more.
DAY = 24 * 60 * 60


class StepLogEntry(BaseModel):
    """One step as the player ran it: which, how long, how it ended, pauses, fatigue, pain."""

    model_config = ConfigDict(extra="forbid")

    step: StrictInt = Field(ge=0, le=1000)
    exercise: str = Field(min_length=1, max_length=80)
    planned_seconds: StrictInt = Field(ge=0, le=DAY)
    seconds: StrictInt = Field(ge=0, le=DAY)
    ending: Literal["done", "skipped", "back", "grounded"]
    paused_seconds: StrictInt = Field(default=0, ge=0, le=DAY)
    fatigue: StrictInt | None = Field(default=None, ge=1, le=10)
    hurts: StrictBool = False
    hurts_where: PainPlace | None = None


class FinishBody(BaseModel):
    """How the session ended, and what the player logged of it."""

    model_config = ConfigDict(extra="forbid")

    completed: StrictBool
    stopped_at_step: StrictInt | None = Field(default=None, ge=0)
    grounded: StrictBool = False
    # A step begun again after Back gets an entry each time; a plan has at most a few dozen steps.
    log: list[StepLogEntry] | None = Field(default=None, max_length=500)

    @field_validator("stopped_at_step")
    @classmethod
    def _only_when_stopped(cls, step: int | None, info: ValidationInfo) -> int | None:
        if step is not None and info.data.get("completed") is True:
            raise ValueError("a completed session has no step it stopped at; send null or leave it out")
        return step

    @field_validator("grounded")
    @classmethod
    def _not_when_completed(cls, grounded: bool, info: ValidationInfo) -> bool:
        # Stop & ground ends a session early; counted as grounded, a completed one would make
        # Home shorten the next session for a stop that never happened.
        if grounded and info.data.get("completed") is True:
            raise ValueError("a session stopped to ground was not completed; send completed: false")
        return grounded


# A bound on every list: the vocabularies are a few dozen words, and a body of a million ids
# should be refused, not checked one by one.
MAX_WORDS = 100


class IntakeBody(BaseModel):
    """The intake as the Intake page asks it: experience, conditions, props, focus and support."""

    model_config = ConfigDict(extra="forbid")

    level: str
    conditions: list[str] = Field(default_factory=list, max_length=MAX_WORDS)
    props: list[str] = Field(default_factory=list, max_length=MAX_WORDS)
    focus: list[str] = Field(default_factory=list, max_length=MAX_WORDS)
    support_available: StrictBool = False
    with_facilitator: StrictBool = False

    @field_validator("with_facilitator")
    @classmethod
    def _asked_per_session(cls, value: bool) -> bool:
        if value:
            raise ValueError(
                "a facilitator is asked per session, not kept with the intake: "
                "send PUT /api/sessions/{id}/facilitator before the session begins"
            )
        return value


class FacilitatorBody(BaseModel):
    """Whether a trained TRE facilitator is with the person for this session."""

    model_config = ConfigDict(extra="forbid")

    present: StrictBool


class PreferenceBody(BaseModel):
    """'More like this', 'not for me', or clear the mark (null)."""

    model_config = ConfigDict(extra="forbid")

    exercise: str
    choice: Literal["prefer", "avoid"] | None


class QuestionnaireBody(BaseModel):
    """Answers in form order (null for a missing one) and, optionally, the day it was filled in."""

    model_config = ConfigDict(extra="forbid")

    answers: list[StrictInt | None] = Field(max_length=200)
    taken_on: date | None = None
    cutpoint: StrictInt | None = None


class Problem(BaseModel):
    """An error about the request as a whole rather than one field: what is missing, or in conflict."""

    detail: str
