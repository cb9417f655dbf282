"""A retry after a lost answer finds the first result: plans and sessions sent with the same
Idempotency-Key are made once, on SQLite and PostgreSQL, even when the copies arrive at once."""

import uuid

import httpx
from sqlalchemy import Engine, func, select

from psoas.store.models import PracticeSession, StoredPlan
from tests.web.test_concurrent_writes import CLIENTS, at_once


def count(engine: Engine, model: type[StoredPlan] | type[PracticeSession], key: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).where(model.idempotency_key == key)).scalar_one()


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def test_a_plan_sent_again_with_its_key_is_the_first_plan(server: str, engine: Engine) -> None:
    key = str(uuid.uuid4())
    body = {"minutes": 20}  # no seed: planned again, it would differ
    first = httpx.post(f"{server}/api/plans", json=body, headers=keyed(key))
    again = httpx.post(f"{server}/api/plans", json=body, headers=keyed(key))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert count(engine, StoredPlan, key) == 1


def test_copies_sent_at_once_make_one_plan_and_one_session(server: str, engine: Engine) -> None:
    key = str(uuid.uuid4())
    answers = at_once([("POST", f"{server}/api/plans", {"minutes": 15})] * CLIENTS, headers=keyed(key))
    assert [a.status_code for a in answers] == [201] * CLIENTS
    assert len({a.json()["id"] for a in answers}) == 1
    assert count(engine, StoredPlan, key) == 1
    body = {"plan_id": answers[0].json()["id"]}
    started = at_once([("POST", f"{server}/api/sessions", body)] * CLIENTS, headers=keyed(key))
    assert [a.status_code for a in started] == [201] * CLIENTS
    assert len({a.json()["id"] for a in started}) == 1
    assert count(engine, PracticeSession, key) == 1


def test_a_key_sent_with_another_request_is_refused_and_nothing_is_made(server: str, engine: Engine) -> None:
    key = str(uuid.uuid4())
    assert httpx.post(f"{server}/api/plans", json={"minutes": 20}, headers=keyed(key)).status_code == 201
    other = httpx.post(f"{server}/api/plans", json={"minutes": 30}, headers=keyed(key))
    assert other.status_code == 422
    problem = other.json()["detail"][0]
    assert problem["loc"] == ["header", "Idempotency-Key"]
    assert "first came with a different request" in problem["msg"]
    assert count(engine, StoredPlan, key) == 1


def test_without_a_key_each_request_makes_its_own(server: str) -> None:
    ids = {httpx.post(f"{server}/api/plans", json={"minutes": 20, "seed": 3}).json()["id"] for _ in range(2)}
    assert len(ids) == 2


def test_a_key_that_is_not_visible_ascii_or_too_long_is_named(server: str) -> None:
    for bad in ("with space", "x" * 256):
        answer = httpx.post(f"{server}/api/plans", json={"minutes": 20}, headers=keyed(bad))
        assert answer.status_code == 422, bad
        assert answer.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
