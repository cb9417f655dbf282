"""The facilitator's editor: each edit gives a new plan, or is refused naming the rule it breaks;
no sequence of accepted edits ever breaks one."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.practice.library import default_library
from psoas.practice.session_plan import SessionPlan
from psoas.practice.tre import (
    BRAKES_ON_THE_SIDE,
    HOW_TO_STOP,
    INVITATION,
    PRACTISE_STOPPING,
    TREMOR_POSITIONS,
)
from psoas.practice.workshop import (
    EditRefused,
    make_workshop_request,
    move_step,
    plan_workshop,
    resize_step,
    safety_problems,
    swap_choices,
    swap_step,
)

LIBRARY = default_library()
ROOM = plan_workshop(make_workshop_request(60, "beginner", ["general"], seed=5), LIBRARY)


def ids(plan: SessionPlan) -> list[str]:
    return [step.exercise for _, step in plan.steps()]


def at(plan: SessionPlan, exercise: str, nth: int = 0) -> int:
    return [i for i, e in enumerate(ids(plan)) if e == exercise][nth]


def test_the_room_used_here_teaches_stopping_before_the_wall_sit() -> None:
    assert ids(ROOM).index(HOW_TO_STOP) + 1 == ids(ROOM).index("tre-wall-sit")
    assert safety_problems(ROOM, LIBRARY) == []


def test_a_step_moves_within_its_phase() -> None:
    fatigue = [i for i, (phase, _) in enumerate(ROOM.steps()) if phase == "fatigue"]
    first, second = fatigue[0], fatigue[0] + (2 if list(ROOM.steps())[fatigue[0]][1].side else 1)
    moved = move_step(ROOM, second, first, LIBRARY)
    assert ids(moved)[first] == ids(ROOM)[second]
    assert sorted(ids(moved)) == sorted(ids(ROOM))
    assert moved.total_seconds == ROOM.total_seconds


def test_a_step_does_not_leave_its_phase() -> None:
    with pytest.raises(EditRefused, match="stays in the restore phase"):
        move_step(ROOM, at(ROOM, "final-rest") - 1, at(ROOM, "final-rest"), LIBRARY)


def test_how_to_stop_cannot_move_after_what_invites_shaking() -> None:
    with pytest.raises(EditRefused) as refused:
        move_step(ROOM, at(ROOM, HOW_TO_STOP), at(ROOM, "tre-wall-sit"), LIBRARY)
    assert str(refused.value) == "How to stop must come before the tremor is invited"


def test_stopping_is_practised_once_the_tremor_has_begun() -> None:
    with pytest.raises(EditRefused) as refused:
        move_step(ROOM, at(ROOM, PRACTISE_STOPPING), at(ROOM, INVITATION), LIBRARY)
    assert str(refused.value) == "Stopping must be practised once the tremor has begun"


def test_the_tremor_stays_within_the_groups_cap() -> None:
    with pytest.raises(EditRefused) as refused:
        resize_step(ROOM, at(ROOM, TREMOR_POSITIONS[0], 1), 900, LIBRARY)
    assert str(refused.value) == "Tremor is capped at 15 minutes for this group"


def test_the_rest_after_the_tremor_keeps_five_minutes() -> None:
    # Each restful step swapped for the shortest the editor offers, then shortened to its least;
    # from the last step back, since a swap may make two sides one step.
    plan, refusals = ROOM, []
    for index, (phase, _) in reversed(list(enumerate(ROOM.steps()))):
        if phase not in ("restore", "integrate"):
            continue
        choices = swap_choices(plan, index, LIBRARY)
        try:
            if choices:
                plan = swap_step(plan, index, min(choices, key=lambda e: e.duration.min).id, LIBRARY)
            step = [s for _, s in plan.steps()][index]
            plan = resize_step(plan, index, LIBRARY.exercise(step.exercise).duration.min, LIBRARY)
        except EditRefused as refused:
            refusals.append(str(refused))
    assert refusals
    assert set(refusals) == {"Rest after the tremor needs at least 5 minutes"}
    assert safety_problems(plan, LIBRARY) == []


def test_a_step_lasts_within_its_exercises_range() -> None:
    with pytest.raises(EditRefused) as refused:
        resize_step(ROOM, at(ROOM, "final-rest"), 30, LIBRARY)
    assert str(refused.value) == "Final rest lasts from 60 to 1200 seconds"


def test_resizing_either_side_resizes_both() -> None:
    left = next(i for i, (_, s) in enumerate(ROOM.steps()) if s.side == "left")
    exercise = LIBRARY.exercise(ids(ROOM)[left])
    resized = resize_step(ROOM, left + 1, exercise.duration.max, LIBRARY)
    steps = [s for _, s in resized.steps()]
    assert steps[left].seconds == steps[left + 1].seconds == exercise.duration.max
    assert steps[left].reason.endswith("as the facilitator chose.")


def test_the_brakes_are_never_swapped() -> None:
    assert swap_choices(ROOM, at(ROOM, HOW_TO_STOP), LIBRARY) == []
    with pytest.raises(EditRefused, match="it keeps the tremor safe to stop"):
        swap_step(ROOM, at(ROOM, PRACTISE_STOPPING), "extended-exhale", LIBRARY)


def test_a_swap_offers_the_phases_exercises_the_group_may_do() -> None:
    index = at(ROOM, "final-rest")
    choices = swap_choices(ROOM, index, LIBRARY)
    assert choices
    assert all(c.serves("integrate") and c.level == "beginner" and not c.props for c in choices)
    swapped = swap_step(ROOM, index, choices[0].id, LIBRARY)
    step = [s for _, s in swapped.steps()][index]
    assert step.exercise == choices[0].id
    assert step.reason.startswith("Chosen by the facilitator")
    with pytest.raises(EditRefused, match="does not belong in the integrate phase"):
        swap_step(ROOM, index, "warrior-two", LIBRARY)


def test_only_a_tremor_takes_a_tremors_place_and_the_brakes_follow_it() -> None:
    index = at(ROOM, TREMOR_POSITIONS[0])
    assert [c.id for c in swap_choices(ROOM, index, LIBRARY)] == ["tre-tremor-side-lying"]
    with pytest.raises(EditRefused, match="only give way to another tremor position"):
        swap_step(ROOM, index, INVITATION, LIBRARY)
    side = swap_step(ROOM, index, "tre-tremor-side-lying", LIBRARY)
    brakes = LIBRARY.exercise(HOW_TO_STOP).way(BRAKES_ON_THE_SIDE)
    assert brakes is not None
    assert [s for _, s in side.steps()][at(side, HOW_TO_STOP)].cues == brakes.cues


def test_a_step_that_does_not_exist_is_named() -> None:
    with pytest.raises(EditRefused, match="There is no step 999"):
        resize_step(ROOM, 999, 60, LIBRARY)


EDITS = st.lists(
    st.tuples(st.sampled_from(["move", "swap", "resize"]), st.integers(0, 60), st.integers(0, 1200)),
    max_size=12,
)


@settings(max_examples=120, deadline=None)
@given(EDITS)
def test_no_sequence_of_accepted_edits_breaks_a_rule(edits: list[tuple[str, int, int]]) -> None:
    plan, reasons = ROOM, []
    for kind, index, value in edits:
        count = len(ids(plan))
        try:
            if kind == "move":
                plan = move_step(plan, index % count, value % count, LIBRARY)
            elif kind == "resize":
                plan = resize_step(plan, index % count, value, LIBRARY)
            else:
                choices = swap_choices(plan, index % count, LIBRARY)
                if choices:
                    plan = swap_step(plan, index % count, choices[value % len(choices)].id, LIBRARY)
        except EditRefused as refused:
            reasons.append(str(refused))
        assert safety_problems(plan, LIBRARY) == []
    assert all(reasons)  # every refusal says why


def test_an_edit_cannot_take_the_room_past_three_hours() -> None:
    longest = plan_workshop(make_workshop_request(180, "beginner", ["general"], seed=5), LIBRARY)
    assert longest.total_seconds <= 180 * 60
    index = at(longest, "final-rest")
    step = [s for _, s in longest.steps()][index]
    room_left = 180 * 60 - longest.total_seconds
    with pytest.raises(EditRefused) as refused:
        resize_step(longest, index, min(step.seconds + room_left + 60, 1200), LIBRARY)
    assert str(refused.value) == "A workshop lasts at most 3 hours"
