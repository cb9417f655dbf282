"""A page of sessions read in one joined query gives the records `practice_records` gives, and a
page of summaries the same figures, for every kind of session a page can hold, on both databases."""

from datetime import UTC, datetime, timedelta
from typing import Any

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import make_request
from psoas.store.database import Database
from psoas.store.people import local_person_id
from psoas.store.practice_log import (
    RATINGS,
    CheckinValues,
    add_checkin,
    finish_practice,
    list_practices,
    practice_records,
    records_page,
    save_plan,
    start_practice,
    summary_page,
)
from psoas.store.utc_time import iso

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
        summaries = summary_page(session, person_id, 6, None)
        assert summaries is not None
        assert not summaries.more
        for summary, record in zip(summaries.summaries, expected, strict=True):
            assert_summarises(summary, record)
        assert summary_page(session, person_id, 4, 10_000) is None


def assert_summarises(summary: dict[str, Any], record: dict[str, Any]) -> None:
    """The summary holds the record's figures, its moments as datetimes, its check-ins' ratings."""
    moments = ("started_at", "finished_at", "checkins")
    assert {k: v for k, v in summary.items() if k not in moments} == {
        k: record[k] for k in summary if k not in moments
    }
    assert iso(summary["started_at"]) == record["started_at"]
    assert (summary["finished_at"] and iso(summary["finished_at"])) == record["finished_at"]
    for moment, ratings in summary["checkins"].items():
        answers = record["checkins"][moment]
        assert ratings == (answers and {name: answers[name] for name in RATINGS})
