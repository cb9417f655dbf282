"""The group writer, against SQLite and PostgreSQL: items waiting together share a commit, each
caller gets its own result, a bad item fails alone, a withdrawn item is never stored, and closing
commits what was waiting."""

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError, OperationalError

from psoas.store.database import Database
from psoas.store.group_writer import GroupWriter
from psoas.store.models import StoredPlan
from psoas.store.people import local_person_id
from psoas.store.practice_log import save_plans


class Abort(BaseException):
    """Not an Exception: the kind of error that would end a thread that catches only those."""


class PlanWrites:
    """A `write` for the writer: stores plans, remembers each group, and fails as a plan asks.

    While `gate` is closed the first write waits, so the plans submitted meanwhile queue up.
    """

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
        self.groups.append([p["request"]["seed"] for p in plans])
        self.gate.wait(timeout=30)
        ids = save_plans(connection, local_person_id(connection), plans)
        failures = {p["request"].get("fail") for p in plans}
        if "value" in failures:
            raise ValueError("a plan asked to fail")
        if "database" in failures:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        if "abort" in failures:
            raise Abort()
        return ids


def a_plan(number: int, fail: str | None = None) -> dict[str, Any]:
    return {"request": {"seed": number, "fail": fail}, "total_seconds": number}


def stored_seeds(database: Database, ids: list[int]) -> dict[int, int]:
    query = select(StoredPlan.id, StoredPlan.request).where(StoredPlan.id.in_(ids))
    with database.engine.connect() as connection:
        return {row.id: row.request["seed"] for row in connection.execute(query)}


def stored_count(database: Database, seed: int) -> int:
    query = select(StoredPlan.id).where(StoredPlan.request["seed"].as_integer() == seed)
    with database.engine.connect() as connection:
        return len(connection.execute(query).all())


def hold_the_writer(writes: PlanWrites, writer: GroupWriter[Any, int], seed: int = -1) -> Future[int]:
    """Submit a plan whose write waits at the gate; return once the writer is busy with it."""
    writes.gate.clear()
    held = writer.submit(a_plan(seed))
    while not writes.groups:
        threading.Event().wait(0.01)
    return held


def queued_behind_a_held_write(
    writes: PlanWrites, writer: GroupWriter[Any, int], plans: list[dict[str, Any]]
) -> list[Future[int]]:
    """Submit `plans` while the writer is held, so they queue up together; then let it go."""
    first = hold_the_writer(writes, writer)
    futures = [writer.submit(plan) for plan in plans]
    writes.gate.set()
    first.result(timeout=30)
    return futures


def test_plans_that_wait_together_share_one_commit_and_get_their_own_ids(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    futures = queued_behind_a_held_write(writes, writer, [a_plan(n) for n in range(10, 30)])
    ids = [f.result(timeout=30) for f in futures]
    writer.close()
    assert writes.groups == [[-1], list(range(10, 30))]
    assert stored_seeds(database, ids) == {plan_id: 10 + n for n, plan_id in enumerate(ids)}


def test_many_threads_each_get_the_id_of_their_own_plan(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    with ThreadPoolExecutor(24) as pool:
        ids = list(pool.map(writer.save, [a_plan(n) for n in range(100, 400)]))
    writer.close()
    assert len(set(ids)) == 300
    assert stored_seeds(database, ids) == {plan_id: 100 + n for n, plan_id in enumerate(ids)}
    assert sorted(seed for group in writes.groups for seed in group) == list(range(100, 400))


def test_a_plan_that_fails_fails_alone_and_is_not_stored(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    plans = [a_plan(500), a_plan(501, fail="value"), a_plan(502), a_plan(503, fail="abort")]
    futures = queued_behind_a_held_write(writes, writer, plans)
    later = writer.save(a_plan(504))  # the writer carries on, even after an error that is not an Exception
    writer.close()
    with pytest.raises(ValueError, match="a plan asked to fail"):
        futures[1].result()
    with pytest.raises(Abort):
        futures[3].result()
    saved = {futures[0].result(): 500, futures[2].result(): 502, later: 504}
    assert stored_seeds(database, list(saved)) == saved
    assert stored_count(database, 501) == 0
    assert stored_count(database, 503) == 0
    # Together first, then each alone once the group failed.
    assert writes.groups[1:] == [[500, 501, 502, 503], [500], [501], [502], [503], [504]]


def test_a_database_failure_fails_the_whole_group_without_retrying_each(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    plans = [a_plan(600), a_plan(601, fail="database"), a_plan(602)]
    futures = queued_behind_a_held_write(writes, writer, plans)
    writer.close()
    for future in futures:
        with pytest.raises(OperationalError, match="database is locked"):
            future.result()
    assert writes.groups[1:] == [[600, 601, 602]]
    assert [stored_count(database, seed) for seed in (600, 601, 602)] == [0, 0, 0]


def test_a_real_database_error_reaches_the_caller_and_nothing_is_stored(database: Database) -> None:
    def write_for_nobody(connection: Connection, plans: list[dict[str, Any]]) -> list[int]:
        return save_plans(connection, 987_654_321, plans)  # no such person: a foreign key error

    writer = GroupWriter(database, write_for_nobody)
    with pytest.raises(IntegrityError):
        writer.save(a_plan(700))
    writer.close()
    assert stored_count(database, 700) == 0


def test_a_save_that_gives_up_is_withdrawn_and_never_stored(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes, wait_seconds=0.3)
    held = hold_the_writer(writes, writer, 800)
    with pytest.raises(TimeoutError, match="nothing was saved"):
        writer.save(a_plan(801))
    writes.gate.set()
    held.result(timeout=30)
    writer.close()
    assert stored_count(database, 800) == 1
    assert stored_count(database, 801) == 0
    assert [801] not in writes.groups


def test_closing_commits_what_waits_and_refuses_the_rest(database: Database) -> None:
    writes = PlanWrites()
    writer = GroupWriter(database, writes)
    futures = queued_behind_a_held_write(writes, writer, [a_plan(900 + n) for n in range(40)])
    writer.close()
    ids = [f.result(timeout=0) for f in futures]
    assert stored_seeds(database, ids) == {plan_id: 900 + n for n, plan_id in enumerate(ids)}
    with pytest.raises(RuntimeError, match="closed"):
        writer.save(a_plan(950))
