"""The JSON bodies the API accepts, validated field by field."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Rating = Field(ge=0, le=10, description="0 (none) to 10 (most)")


class PlanBody(BaseModel):
    """A planner request, as `psoas plan` takes it."""

    model_config = ConfigDict(extra="forbid")

    minutes: int
    level: str = "beginner"
    focus: list[str] = Field(default_factory=lambda: ["general"])
    conditions: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list)
    with_facilitator: bool = False
    seed: int | None = None
    prefer: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    tremor_cap_minutes: int | None = Field(default=None, ge=0, le=30)


class SessionBody(BaseModel):
    """Start practising a stored plan."""

    model_config = ConfigDict(extra="forbid")

    plan_id: int


class CheckinBody(BaseModel):
    """How the person feels before or after a session."""

    model_config = ConfigDict(extra="forbid")

    moment: Literal["before", "after"]
    tension: int = Rating
    pain: int = Rating
    distress: int = Rating
    breath: int = Rating
    note: str | None = Field(default=None, max_length=2000)
    emotions_came_up: bool | None = None


class FinishBody(BaseModel):
    """How the session ended."""

    model_config = ConfigDict(extra="forbid")

    completed: bool
    stopped_at_step: int | None = Field(default=None, ge=0)
    grounded: bool = False


class PreferenceBody(BaseModel):
    """'More like this', 'not for me', or clear the mark (null)."""

    model_config = ConfigDict(extra="forbid")

    exercise: str
    choice: Literal["prefer", "avoid"] | None


class QuestionnaireBody(BaseModel):
    """Answers in form order (null for a missing one) and, optionally, the day it was filled in."""

    model_config = ConfigDict(extra="forbid")

    answers: list[int | None] = Field(max_length=200)
    taken_on: date | None = None
    cutpoint: int | None = None
