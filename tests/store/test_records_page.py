"""A page of sessions read in one joined query gives the records `practice_records` gives, for every
kind of session a page can hold, on both databases."""

from datetime import UTC, datetime, timedelta

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.store.database import Database
from psoas.store.people import local_person_id
from psoas.store.practice_log import (
    CheckinValues,
    add_checkin,
    finish_practice,
    list_practices,
    practice_records,
    records_page,
    save_plan,
    start_practice,
)

START = datetime(2025, 6, 1, 8, tzinfo=UTC)


def test_a_page_s_records_are_practice_records_records(database: Database) -> None:
    plan_json = plan(make_request(default_library(), minutes=20, seed=3)).to_json()
    with database.transaction() as session:
        person_id = local_person_id(session.connection())
        plan_id = save_plan(session.connection(), person_id, plan_json)
        # Each kind of session a page can hold, started a day apart: with both check-ins and
        # completed; before only and stopped part way (its record counts the plan's steps);
        # after only; none, never ended; grounded; and one from before sessions kept their plan's
        # length (read from the plan).
        kinds = []
        for day in range(6):
            practice = start_practice(session, person_id, plan_id)
            practice.started_at = START + timedelta(days=day)
            kinds.append(practice)
        session.flush()
        both, stopped, after_only, _never_ended, grounded, old = kinds
        for practice, moment, rating in ((both, "before", 6), (both, "after", 2), (stopped, "before", 9)):
            values = CheckinValues(moment, rating, 1, rating, 5, note=f"{moment}, {rating}")
            add_checkin(session, practice, values)
        add_checkin(session, after_only, CheckinValues("after", 3, 3, 3, 3, emotions_came_up=True))
        finish_practice(session, both, completed=True, stopped_at_step=None, grounded=False)
        finish_practice(session, stopped, completed=False, stopped_at_step=2, grounded=False)
        finish_practice(session, grounded, completed=False, stopped_at_step=None, grounded=True)
        old.planned_seconds = None
    with database.transaction() as session:
        newest = list_practices(session, person_id)
        expected = practice_records(session, person_id, newest)
        first = records_page(session, person_id, 4, None)
        assert first is not None
        assert first.more
        second = records_page(session, person_id, 4, first.practices[-1].id)
        assert second is not None
        assert not second.more
        assert first.records + second.records == expected
        assert [p.id for p in [*first.practices, *second.practices]] == [p.id for p in newest]
        assert records_page(session, person_id, 4, 10_000) is None
