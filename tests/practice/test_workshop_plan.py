"""A workshop's request and the room's plan: checked input, every safety rule held at every
length a workshop may have, and the plan read back from its JSON unchanged."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.practice.library import Library, default_library
from psoas.practice.request import InvalidRequest, make_request
from psoas.practice.screening import LEVEL_TREMOR_CAP_MINUTES
from psoas.practice.session_plan import PlanShapeError
from psoas.practice.tre import HOW_TO_STOP, PRACTISE_STOPPING, TREMOR_POSITIONS
from psoas.practice.vocabulary import FOCUSES, LEVELS
from psoas.practice.workshop import (
    WORKSHOP_MINUTES_LEAST,
    WORKSHOP_MINUTES_MOST,
    WorkshopRequest,
    make_workshop_request,
    plan_from_json,
    plan_workshop,
    safety_problems,
)

LIBRARY = default_library()
PROPERTY = settings(max_examples=150, deadline=None)


@st.composite
def workshop_requests(draw: st.DrawFn) -> WorkshopRequest:
    return make_workshop_request(
        minutes=draw(st.integers(WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST)),
        level=draw(st.sampled_from(LEVELS)),
        focus=draw(st.lists(st.sampled_from(FOCUSES), max_size=3)),
        seed=draw(st.integers(0, 2**31)),
    )


def test_every_bad_field_is_named_with_what_is_valid() -> None:
    with pytest.raises(InvalidRequest) as caught:
        make_workshop_request(minutes=30, level="expert", focus=["legs"], seed=2**64)
    problems = caught.value.problems
    assert set(problems) == {"minutes", "level", "focus", "seed"}
    assert problems["minutes"] == "minutes must be between 45 and 180, got 30"
    assert "valid: beginner, intermediate, experienced" in problems["level"]
    assert "'legs'" in problems["focus"]
    assert "general" in problems["focus"]


def test_a_workshop_may_last_longer_than_one_persons_session() -> None:
    assert make_workshop_request(180, "beginner", ["hips"]).minutes == 180
    with pytest.raises(InvalidRequest):
        make_workshop_request(181, "beginner", [])
    # One person's limits stay as they were.
    with pytest.raises(InvalidRequest, match="between 10 and 120"):
        make_request(LIBRARY, minutes=180)


def test_no_focus_means_general() -> None:
    request = make_workshop_request(60, "intermediate", [], seed=4)
    assert request.focus == ("general",)
    assert request.to_json() == {"minutes": 60, "level": "intermediate", "focus": ["general"], "seed": 4}


@PROPERTY
@given(workshop_requests())
def test_every_room_plan_keeps_every_safety_rule(request: WorkshopRequest) -> None:
    room = plan_workshop(request, LIBRARY)
    assert safety_problems(room, LIBRARY) == []
    assert room.request.with_facilitator
    assert room.request.conditions == ()
    assert abs(room.total_seconds - request.minutes * 60) <= 30


@PROPERTY
@given(workshop_requests())
def test_every_room_plan_teaches_stopping_then_tremors_within_the_levels_cap(
    request: WorkshopRequest,
) -> None:
    room = plan_workshop(request, LIBRARY)
    ids = [step.exercise for _, step in room.steps()]
    first_tremor = next(i for i, e in enumerate(ids) if e in TREMOR_POSITIONS)
    assert ids.index(HOW_TO_STOP) < first_tremor < ids.index(PRACTISE_STOPPING)
    tremor = room.phase("tremor")
    assert tremor is not None
    assert tremor.tremor_seconds <= LEVEL_TREMOR_CAP_MINUTES[request.level] * 60
    rest = sum(p.seconds for p in room.phases if p.phase in ("restore", "integrate"))
    assert rest >= 300


def test_the_same_request_gives_the_same_plan(library: Library) -> None:
    request = make_workshop_request(90, "beginner", ["back"], seed=11)
    assert plan_workshop(request, library) == plan_workshop(request, library)


@settings(max_examples=40, deadline=None)
@given(workshop_requests())
def test_a_plan_reads_back_from_its_json_unchanged(request: WorkshopRequest) -> None:
    room = plan_workshop(request, LIBRARY)
    stored = json.loads(json.dumps(room.to_json()))
    assert plan_from_json(stored) == room


def test_json_that_is_not_a_plan_is_refused_saying_where(library: Library) -> None:
    stored = plan_workshop(make_workshop_request(45, "beginner", []), library).to_json()
    with pytest.raises(PlanShapeError, match="schema"):
        plan_from_json({**stored, "schema": 2})
    broken = json.loads(json.dumps(stored))
    broken["phases"][1]["steps"][0]["kind"] = "dance"
    with pytest.raises(PlanShapeError, match=r"phases\[1\]\.steps\[0\]\.kind"):
        plan_from_json(broken)
    with pytest.raises(PlanShapeError):
        plan_from_json({"schema": 1, "phases": [{"phase": "arrive"}]})


def test_the_rooms_notes_speak_of_the_group() -> None:
    room = plan_workshop(make_workshop_request(60, "beginner", ["general"]), default_library())
    assert any("for a beginner group" in note for note in room.notes)
    assert not any("your level" in note for note in room.notes)
