"""Multi-week programs: rest days, and tremor time that grows gradually from a short start."""

import itertools

import pytest

from psoas.practice.library import Library
from psoas.practice.program import program, weeks_ahead
from psoas.practice.request import InvalidRequest, make_request
from psoas.practice.session_plan import SessionPlan
from psoas.practice.tre import HOW_TO_STOP


def tremoring(session: SessionPlan) -> int:
    tremor = session.phase("tremor")
    return sum(s.seconds for s in tremor.steps if s.exercise != HOW_TO_STOP) if tremor else 0


def test_tremor_time_starts_short_and_grows_gradually(library: Library) -> None:
    request = make_request(library, minutes=60, seed=1)
    result = program(8, 3, request)
    limits = [week.tremor_limit_minutes for week in result.weeks]
    assert limits[0] <= 5
    assert limits == sorted(limits)
    assert limits[-1] > limits[0]
    assert all(b - a <= 2 for a, b in itertools.pairwise(limits))
    assert max(limits) <= 15


def test_each_session_stays_within_its_week_limit(library: Library) -> None:
    result = program(6, 3, make_request(library, minutes=60, level="intermediate", seed=2))
    for week in result.weeks:
        for day in week.days:
            if day.plan is not None:
                assert tremoring(day.plan) <= week.tremor_limit_minutes * 60
    first = [tremoring(d.plan) for d in result.weeks[0].days if d.plan]
    last = [tremoring(d.plan) for d in result.weeks[-1].days if d.plan]
    assert max(first) < min(last)


@pytest.mark.parametrize("sessions", [1, 2, 3, 4])
def test_every_week_has_rest_days_and_no_two_sessions_in_a_row_up_to_three(
    library: Library, sessions: int
) -> None:
    result = program(2, sessions, make_request(library, minutes=20, seed=3))
    for week in result.weeks:
        practised = [d.number for d in week.days if d.plan is not None]
        assert len(week.days) == 7
        assert len(practised) == sessions
        if sessions <= 3:
            assert all(b - a >= 2 for a, b in itertools.pairwise(practised))


def test_a_condition_cap_holds_across_the_program(library: Library) -> None:
    request = make_request(library, minutes=45, conditions=["severe-ptsd"], with_facilitator=True, seed=4)
    result = program(10, 2, request)
    assert max(week.tremor_limit_minutes for week in result.weeks) <= 5


def test_a_program_without_tremor_says_why(library: Library) -> None:
    result = program(2, 2, make_request(library, minutes=30, conditions=["dissociation"], seed=5))
    assert all(week.tremor_limit_minutes == 0 for week in result.weeks)
    assert "facilitator" in result.notes[0]


@pytest.mark.parametrize(
    ("weeks", "sessions", "message"),
    [(0, 3, "weeks must be"), (27, 3, "weeks must be"), (4, 5, "sessions per week must be")],
)
def test_it_refuses_out_of_range_shapes(library: Library, weeks: int, sessions: int, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        program(weeks, sessions, make_request(library, minutes=30))


@pytest.mark.parametrize("cap", [0, 2])
def test_the_requests_own_tremor_cap_holds_across_the_program(library: Library, cap: int) -> None:
    request = make_request(library, minutes=60, seed=1, tremor_cap_minutes=cap)
    result = program(4, 2, request)
    for week in result.weeks:
        assert week.tremor_limit_minutes <= cap
        for day in week.days:
            if day.plan is not None:
                assert tremoring(day.plan) <= cap * 60
    if cap == 0:
        assert result.notes[0].startswith("No tremor in this program")


# --- the weeks ahead, as the app follows them: earned by settled sessions -----------------


def test_the_weeks_ahead_grow_only_with_settled_sessions(library: Library) -> None:
    request = make_request(library, minutes=45, seed=1)
    ahead = weeks_ahead(request, 3, done_this_week=1, settled_sessions=2, library=library)
    coming = [s for s in ahead.sessions if not s.done]
    assert [s.done for s in ahead.sessions] == [True] + [False] * 5
    # 2 settled: 3 minutes; each later session assumes the ones before it end settled.
    assert [s.tremor_limit_minutes for s in coming] == [3, 5, 5, 5, 7]
    assert all(s.limited_seconds <= s.tremor_limit_minutes * 60 for s in coming)
    assert all(0 < s.tremor_seconds < s.limited_seconds for s in coming)
    assert "up to 3 minutes for now" in ahead.notes[0]
    assert "After 1 more settled session it grows to 5 minutes" in ahead.notes[1]


def test_a_gentler_next_session_is_the_one_shown_next(library: Library) -> None:
    request = make_request(library, minutes=45, seed=1)
    ahead = weeks_ahead(request, 2, 0, 9, next_session=(30, 3), library=library)
    first, second = ahead.sessions[0], ahead.sessions[1]
    assert (first.minutes, first.tremor_limit_minutes) == (30, 3)
    assert (second.minutes, second.tremor_limit_minutes) == (45, 9)


def test_without_a_tremor_the_weeks_ahead_say_why(library: Library) -> None:
    request = make_request(library, minutes=30, conditions=["psychosis"], seed=1)
    ahead = weeks_ahead(request, 3, 0, 30, library=library)
    assert all(s.tremor_limit_minutes == 0 and s.tremor_seconds == 0 for s in ahead.sessions)
    assert ahead.notes == (
        "The tremor phase is left out: with psychosis tremoring is not advised. "
        "Its time went to the other phases.",
    )


def test_a_facilitators_tremor_and_a_target_past_four_are_explained(library: Library) -> None:
    request = make_request(library, minutes=30, conditions=["pregnancy"], seed=1)
    ahead = weeks_ahead(request, 6, 0, 0, library=library)
    assert len([s for s in ahead.sessions if s.week == 1]) == 4
    assert ahead.sessions[0].tremor_limit_minutes == 3
    assert any("trained TRE facilitator is with you" in n for n in ahead.notes)
    assert any("plans 4, with rest days" in n for n in ahead.notes)
