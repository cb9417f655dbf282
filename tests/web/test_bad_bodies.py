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
