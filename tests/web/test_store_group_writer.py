"""The group writer, against SQLite and PostgreSQL: each caller gets its own result, failures fail
the whole commit and store nothing, and closing commits what was waiting."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from psoas.store.database import Database, upgrade
from psoas.store.group_writer import GroupWriter
from psoas.store.models import StoredPlan
from psoas.store.people import local_person_id
from psoas.store.practice_log import save_plans


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    upgrade(database.engine)
    yield database
    database.engine.dispose()


class PlanWrites:
    """A `write` for the writer that remembers how many plans each commit held."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def __call__(self, connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
        self.sizes.append(len(plans))
        ids = save_plans(connection, local_person_id(connection), plans)
        if any(p["request"].get("fail") for p in plans):
            raise ValueError("a plan asked to fail")
        return ids


def a_plan(number: int, fail: bool = False) -> dict[str, Any]:
    return {"request": {"seed": number, "fail": fail}, "total_seconds": number}


def stored_seeds(database: Database, ids: list[int]) -> dict[int, int]:
    query = select(StoredPlan.id, StoredPlan.request).where(StoredPlan.id.in_(ids))
    with database.engine.connect() as connection:
        return {row.id: row.request["seed"] for row in connection.execute(query)}


def test_many_threads_each_get_the_id_of_their_own_plan(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    with ThreadPoolExecutor(24) as pool:
        ids = list(pool.map(writer.save, [a_plan(n) for n in range(300)]))
    writer.close()
    assert len(set(ids)) == 300
    assert stored_seeds(database, ids) == {plan_id: n for n, plan_id in enumerate(ids)}
    assert sum(writes.sizes) == 300
    assert max(writes.sizes) > 1, "plans that waited together should have shared a commit"


def test_a_failed_commit_fails_every_plan_in_it_and_stores_none_of_them(database: Database) -> None:
    writer = GroupWriter(database, PlanWrites())
    plans = [a_plan(1000 + n, fail=n % 50 == 7) for n in range(200)]
    with ThreadPoolExecutor(24) as pool:
        futures = [pool.submit(writer.save, plan) for plan in plans]
    outcomes = [f.exception() or f.result() for f in futures]
    later = writer.save(a_plan(2000))  # the writer carries on after a failure
    writer.close()
    failed = [n for n, outcome in enumerate(outcomes) if isinstance(outcome, Exception)]
    saved = {plan_id: 1000 + n for n, plan_id in enumerate(outcomes) if isinstance(plan_id, int)}
    assert {n for n in range(200) if n % 50 == 7} <= set(failed)
    assert all(str(outcomes[n]) == "a plan asked to fail" for n in failed)
    assert stored_seeds(database, list(saved)) == saved
    assert len(saved) + len(failed) == 200
    assert stored_seeds(database, [later]) == {later: 2000}


def test_a_database_error_reaches_the_caller_and_nothing_is_stored(database: Database) -> None:
    def write_for_nobody(connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
        return save_plans(connection, 987_654_321, plans)  # no such person: a foreign key error

    writer = GroupWriter(database, write_for_nobody)
    with pytest.raises(IntegrityError):
        writer.save(a_plan(3000))
    writer.close()
    query = select(StoredPlan.id).where(StoredPlan.person_id == 987_654_321)
    with database.engine.connect() as connection:
        assert connection.execute(query).all() == []


def test_closing_commits_what_waits_and_refuses_the_rest(database: Database) -> None:
    writer = GroupWriter(database, PlanWrites())
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(writer.save, a_plan(4000 + n)) for n in range(40)]
        writer.close()
    # Every save ends: stored under its own id, or refused because the writer had closed.
    outcomes = [f.exception() or f.result() for f in futures]
    saved = {plan_id: 4000 + n for n, plan_id in enumerate(outcomes) if isinstance(plan_id, int)}
    refused = [o for o in outcomes if isinstance(o, RuntimeError) and "closed" in str(o)]
    assert len(saved) + len(refused) == 40
    assert stored_seeds(database, list(saved)) == saved
    with pytest.raises(RuntimeError, match="closed"):
        writer.save(a_plan(5000))
