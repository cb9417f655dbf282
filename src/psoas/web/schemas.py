"""The JSON bodies the API accepts, validated field by field, and what /docs says of them.

Numbers and yes/no answers are strict: `true` is not a rating of 1, nor "3" a rating of 3, nor
"yes" a completed session. A client that sends those has a bug worth hearing about. A whole number
written with a zero fraction (`4.0`) is the number 4, as JSON and JSON Schema both say: the body
reader (`json_body`) reads it so.

Words the planner checks itself (levels, focuses, exercise ids) are declared as enums in the
OpenAPI document, read from the vocabulary and the content library when the document is built,
while the planner keeps its own messages, which name every bad value and what is valid.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from psoas.practice.library import default_library
from psoas.practice.request import MAX_MINUTES, MIN_MINUTES, SEEDS
from psoas.practice.step_log import PainPlace
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS


def _one_of(words: Callable[[], Iterable[str]]) -> Callable[[dict[str, Any]], None]:
    """Declare a string field's valid words, read when the OpenAPI document is built."""

    def declare(schema: dict[str, Any]) -> None:
        schema["enum"] = list(words())

    return declare


def _list_of(words: Callable[[], Iterable[str]]) -> Callable[[dict[str, Any]], None]:
    """Declare the valid words of a list field's items."""

    def declare(schema: dict[str, Any]) -> None:
        schema["items"] = {"type": "string", "enum": list(words())}

    return declare


def exercise_ids() -> list[str]:
    return sorted(default_library().exercises)


def avoidable_ids() -> list[str]:
    """Every exercise but the safety steps, which keep the tremor safe to stop."""
    return [e for e in exercise_ids() if default_library().exercise(e).kind != "safety"]


def condition_ids() -> list[str]:
    return sorted(default_library().conditions)


Rating = Field(ge=0, le=10, description="0 (none) to 10 (most)")


class PlanBody(BaseModel):
    """A planner request, as `psoas plan` takes it. An exercise cannot be both preferred and avoided."""

    model_config = ConfigDict(extra="forbid")

    minutes: StrictInt = Field(json_schema_extra={"minimum": MIN_MINUTES, "maximum": MAX_MINUTES})
    level: str = Field(default="beginner", json_schema_extra=_one_of(lambda: LEVELS))
    focus: list[str] = Field(default_factory=lambda: ["general"], json_schema_extra=_list_of(lambda: FOCUSES))
    conditions: list[str] = Field(default_factory=list, json_schema_extra=_list_of(condition_ids))
    props: list[str] = Field(default_factory=list, json_schema_extra=_list_of(lambda: PROPS))
    with_facilitator: StrictBool = False
    # The range on the number itself, not beside the null: read beside it, fuzzers ignore it.
    seed: (
        Annotated[
            StrictInt, WithJsonSchema({"type": "integer", "minimum": SEEDS.start, "maximum": SEEDS.stop - 1})
        ]
        | None
    ) = None
    prefer: list[str] = Field(default_factory=list, json_schema_extra=_list_of(exercise_ids))
    avoid: list[str] = Field(default_factory=list, json_schema_extra=_list_of(avoidable_ids))
    tremor_cap_minutes: StrictInt | None = Field(default=None, ge=0, le=30)


class SessionBody(BaseModel):
    """Start practising a stored plan."""

    model_config = ConfigDict(extra="forbid")

    plan_id: StrictInt


class CheckinBody(BaseModel):
    """How the person feels before or after a session; only the after one asks whether emotions came up."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"properties": {"moment": {"const": "after"}}},
                {"properties": {"moment": {"const": "before"}, "emotions_came_up": {"type": "null"}}},
            ]
        },
    )

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
    started_at: AwareDatetime | None = Field(default=None, description="When the step began, with its zone.")
    ended_at: AwareDatetime | None = Field(default=None, description="When it was left (a Stop & ground's).")


class FinishBody(BaseModel):
    """How the session ended, and what the player logged of it. A completed session names no step
    it stopped at and was not stopped to ground; a step must be one of the plan's."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"properties": {"completed": {"const": False}}},
                {
                    "properties": {
                        "completed": {"const": True},
                        "stopped_at_step": {"type": "null"},
                        "grounded": {"const": False},
                    }
                },
            ]
        },
    )

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

    level: str = Field(json_schema_extra=_one_of(lambda: LEVELS))
    conditions: list[str] = Field(
        default_factory=list, max_length=MAX_WORDS, json_schema_extra=_list_of(condition_ids)
    )
    props: list[str] = Field(
        default_factory=list, max_length=MAX_WORDS, json_schema_extra=_list_of(lambda: PROPS)
    )
    focus: list[str] = Field(
        default_factory=list, max_length=MAX_WORDS, json_schema_extra=_list_of(lambda: FOCUSES)
    )
    support_available: StrictBool = False
    # Only false, or left out: kept so that an older client sending false is not refused.
    with_facilitator: StrictBool = Field(
        default=False,
        description="Asked per session (PUT /api/sessions/{id}/facilitator); true is refused",
        json_schema_extra={"const": False},
    )

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


def _safety_steps_not_avoided(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"properties": {"choice": {"enum": ["prefer", None]}}},
        {"properties": {"choice": {"const": "avoid"}, "exercise": {"enum": avoidable_ids()}}},
    ]


class PreferenceBody(BaseModel):
    """'More like this', 'not for me', or clear the mark (null). The safety steps, which keep the
    tremor safe to stop, cannot be avoided."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_safety_steps_not_avoided)

    exercise: str = Field(json_schema_extra=_one_of(exercise_ids))
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
