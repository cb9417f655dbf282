"""A request body far larger than any form or API call needs is refused before it is read:
an answer naming the limit, and nothing stored. Recording uploads keep their own, larger limit."""

import json
from collections.abc import Iterator

import httpx
from sqlalchemy import Engine

from psoas.web.body_size import MAX_BODY_BYTES
from tests.web.test_api_plans import count_plans

# Valid JSON the plan API would otherwise take: the same focus three hundred thousand times.
HUGE_PLAN = json.dumps({"minutes": 30, "focus": ["general"] * 300_000}).encode()


def test_the_limit_leaves_room_for_every_real_body() -> None:
    assert len(HUGE_PLAN) > MAX_BODY_BYTES >= 64 * 1024


def test_it_refuses_a_huge_body_by_its_content_length(server: str, engine: Engine) -> None:
    before = count_plans(engine)
    answer = httpx.post(
        f"{server}/api/plans", content=HUGE_PLAN, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json() == {
        "detail": f"the request body is {len(HUGE_PLAN):,} bytes; at most {MAX_BODY_BYTES:,} are accepted"
    }
    assert count_plans(engine) == before


def test_it_refuses_a_huge_body_sent_without_a_length(server: str, engine: Engine) -> None:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(HUGE_PLAN), 64 * 1024):
            yield HUGE_PLAN[start : start + 64 * 1024]

    before = count_plans(engine)
    answer = httpx.post(f"{server}/api/plans", content=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert f"at most {MAX_BODY_BYTES:,} are accepted" in answer.json()["detail"]
    assert count_plans(engine) == before


def test_it_refuses_a_huge_form_too(server: str) -> None:
    answer = httpx.post(f"{server}/settings", data={"support_text": "x" * (MAX_BODY_BYTES + 1)})
    assert answer.status_code == 413


def test_it_takes_a_body_within_the_limit(server: str) -> None:
    answer = httpx.post(f"{server}/api/plans", json={"minutes": 30, "focus": ["general"] * 1000})
    assert answer.status_code == 201
