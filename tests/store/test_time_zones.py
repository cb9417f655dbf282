"""Moments compared inside the database mean the same on SQLite and PostgreSQL, whatever zone the
moment a query names is given in: SQLite keeps timestamps as text without a zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from psoas.store.database import Database
from psoas.store.models import PracticeSession
from psoas.store.people import local_person_id
from psoas.store.practice_log import count_practised_since, list_practices, save_plan
from psoas.store.utc_time import as_utc

# A Sunday noon in UTC: already Monday far east of Greenwich, still early Sunday far west of it.
SUNDAY_NOON = datetime(2025, 3, 2, 12, tzinfo=UTC)
FAR_EAST = ZoneInfo("Pacific/Kiritimati")  # UTC+14
FAR_WEST = ZoneInfo("Etc/GMT+12")  # UTC-12


def test_sessions_since_a_moment_given_in_another_zone_are_counted_alike(database: Database) -> None:
    with database.transaction() as session:
        person_id = local_person_id(session.connection())
        plan_id = save_plan(session.connection(), person_id, {"request": {}, "total_seconds": 600})
        session.add(
            PracticeSession(person_id=person_id, plan_id=plan_id, started_at=SUNDAY_NOON, completed=True)
        )
    with database.transaction() as session:
        # Monday 00:00 at UTC+14 is Sunday 10:00 UTC: the session two hours later is in that week.
        monday_east = datetime(2025, 3, 3, tzinfo=FAR_EAST)
        assert count_practised_since(session, person_id, monday_east) == 1
        # Sunday 03:00 at UTC-12 is Sunday 15:00 UTC: the session three hours earlier is not after it.
        sunday_west = datetime(2025, 3, 2, 3, tzinfo=FAR_WEST)
        assert count_practised_since(session, person_id, sunday_west) == 0
        started = list_practices(session, person_id)[0].started_at
        assert as_utc(started) == SUNDAY_NOON
