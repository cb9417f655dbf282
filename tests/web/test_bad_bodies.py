"""A body that is not a JSON object at all gets a 422 that says what to send, not a parser's words,
and nothing is stored."""

import httpx
from sqlalchemy import Engine

from tests.web.test_api_plans import count_plans


def test_malformed_json_names_the_place_and_the_problem(server: str, engine: Engine) -> None:
    before = count_plans(engine)
    answer = httpx.post(
        f"{server}/api/plans", content=b'{"minutes": 30,', headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {
            "loc": ["body", 15],
            "msg": "the body is not valid JSON: expecting property name enclosed in double quotes "
            "at character 15",
            "type": "json_invalid",
        }
    ]
    assert count_plans(engine) == before


def test_a_form_sent_to_the_api_is_told_to_send_json(server: str, engine: Engine) -> None:
    before = count_plans(engine)
    answer = httpx.post(f"{server}/api/plans", data={"minutes": "30"})
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "the body must be a JSON object sent with Content-Type: application/json; "
            "this one was sent as application/x-www-form-urlencoded",
            "type": "model_attributes_type",
        }
    ]
    assert count_plans(engine) == before


def test_json_that_is_not_an_object_is_named(server: str) -> None:
    answer = httpx.post(f"{server}/api/sessions", json=[1, 2])
    assert answer.status_code == 422
    expected = "the body must be a JSON object with named fields, not an array"
    assert answer.json()["detail"][0]["msg"] == expected


def test_a_body_that_is_not_utf8_gets_the_documented_422(server: str, engine: Engine) -> None:
    before = count_plans(engine)
    answer = httpx.post(
        f"{server}/api/plans",
        content=b'{"minutes": 30, "level": "begin\xe9r"}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {
            "loc": ["body", 31],
            "msg": "the body is not UTF-8 text: byte 0xe9 at position 31 cannot be read; "
            "send JSON encoded as UTF-8",
            "type": "body_not_utf8",
        }
    ]
    assert count_plans(engine) == before


def test_a_byte_order_mark_before_the_json_is_still_read(server: str) -> None:
    answer = httpx.post(
        f"{server}/api/plans",
        content=b'\xef\xbb\xbf{"minutes": 20, "seed": 1}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 201


def test_json_nested_too_deep_gets_the_documented_422(server: str, engine: Engine) -> None:
    before = count_plans(engine)
    expected = [
        {
            "loc": ["body", 0],
            "msg": "the body's JSON nests arrays and objects more than 32 levels deep; "
            "psoas bodies need at most 4, so send the fields this route documents",
            "type": "json_too_deep",
        }
    ]
    # Deeper than Python's parser can follow, and deep enough for the limit only.
    for depth in (100_000, 33):
        body = '{"minutes": 30, "focus": ' + "[" * depth + "]" * depth + "}"
        answer = httpx.post(f"{server}/api/plans", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 422
        assert answer.json()["detail"] == expected
    assert count_plans(engine) == before
