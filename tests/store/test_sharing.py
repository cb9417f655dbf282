"""Sharing in the store, on SQLite and PostgreSQL: per kind, revocable, shared again cleanly, and
the audit log written for each view."""

import threading

import pytest
from sqlalchemy import select

from psoas.store.accounts import create_account
from psoas.store.database import Database
from psoas.store.export import delete_everything
from psoas.store.models import Share
from psoas.store.sharing import record_view, revoke, share, shared_kinds, views_of

PASSWORD = "a calm long password"


def two_people(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        create_account(session, "host", PASSWORD, "owner")
        fay = create_account(session, "fay", PASSWORD, "facilitator")
        pia = create_account(session, "pia", PASSWORD, "participant")
        return pia.person_id, fay.person_id


def test_sharing_is_per_kind_revocable_and_granted_again_clears_the_revoke(database: Database) -> None:
    pia, fay = two_people(database)
    with database.transaction() as session:
        share(session, pia, fay, "checkins")
        share(session, pia, fay, "recordings")
    with database.transaction() as session:
        assert shared_kinds(session, pia, fay) == ["checkins", "recordings"]
        assert shared_kinds(session, fay, pia) == []  # one way only
        revoke(session, pia, fay, "recordings")
    with database.transaction() as session:
        assert shared_kinds(session, pia, fay) == ["checkins"]
        revoked = session.scalars(select(Share).where(Share.kind == "recordings")).one()
        assert revoked.revoked_at is not None
        share(session, pia, fay, "recordings")
    with database.transaction() as session:
        rows = session.scalars(select(Share).where(Share.kind == "recordings")).all()
        assert len(rows) == 1
        assert rows[0].revoked_at is None


def test_an_unknown_kind_is_refused(database: Database) -> None:
    pia, fay = two_people(database)
    with (
        pytest.raises(ValueError, match="checkins, questionnaires, recordings"),
        database.transaction() as session,
    ):
        share(session, pia, fay, "notes")


def test_two_shares_at_once_both_succeed_and_leave_one_row(
    migrated_database_url: str, database: Database
) -> None:
    pia, fay = two_people(database)
    start, failures = threading.Barrier(2), []

    def tap() -> None:
        other = Database(migrated_database_url)
        try:
            start.wait()
            with other.transaction() as session:
                share(session, pia, fay, "questionnaires")
        except Exception as error:
            failures.append(error)
        finally:
            other.engine.dispose()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with database.transaction() as session:
        assert len(session.scalars(select(Share)).all()) == 1


def test_every_view_is_in_the_persons_audit_log_with_who_looked(database: Database) -> None:
    pia, fay = two_people(database)
    with database.transaction() as session:
        record_view(session, pia, fay, "checkins")
        record_view(session, pia, fay, "questionnaires")
    with database.transaction() as session:
        log = views_of(session, pia)
        assert [(view.kind, name) for view, name in log] == [("questionnaires", "fay"), ("checkins", "fay")]
        assert views_of(session, fay) == []


def test_the_audit_log_is_kept_when_the_viewer_deletes_their_data(database: Database) -> None:
    pia, fay = two_people(database)
    with database.transaction() as session:
        record_view(session, pia, fay, "checkins")
    with database.transaction() as session:
        delete_everything(session, fay)
    with database.transaction() as session:
        log = views_of(session, pia)
        assert [(view.kind, name, view.viewer_id) for view, name in log] == [("checkins", "fay", None)]
