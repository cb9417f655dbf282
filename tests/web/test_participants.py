"""A participant's phone and the room screen over real HTTP, on SQLite and PostgreSQL: joining,
the intake, check-ins, signals, the event streams, and every refusal (a seat of one workshop acts
in no other; the room screen and its stream never carry a name or a condition; wrong codes are
limited per address).

Each test connects from an address of its own in 127.0.0.0/8, so the wrong codes one test tries
never count against another's (the limit is per client address)."""

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from psoas.store.models import Participant, ParticipantCheckin, Workshop, WorkshopSignal
from tests.workshop_rows import make_workshop, move_room

RATINGS = {"tension": "6", "pain": "2", "distress": "3", "breath": "7"}
_ADDRESSES = itertools.count(2)


@contextmanager
def phone(base: str) -> Iterator[httpx.Client]:
    """A client of its own, from an address of its own, that follows no redirect by itself."""
    number = next(_ADDRESSES)
    address = f"127.0.{number // 250}.{number % 250 + 2}"
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=base, transport=transport, timeout=10, follow_redirects=False) as client:
        yield client


def new_workshop(engine: Engine, state: str = "waiting") -> tuple[int, str]:
    with Session(engine) as session, session.begin():
        workshop = make_workshop(session, state=state)
        return workshop.id, workshop.join_code


def seat(client: httpx.Client, code: str, nickname: str, conditions: tuple[str, ...] = ()) -> None:
    """Join and answer the intake, as a phone does."""
    answer = client.post(f"/w/{code}", data={"nickname": nickname})
    assert answer.status_code == 303, answer.text
    form: dict[str, Any] = {"condition": list(conditions)} if conditions else {"none": "yes"}
    answer = client.post(f"/w/{code}/intake", data=form)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/w/{code}/before"


def events(response: httpx.Response) -> Iterator[tuple[str, dict[str, Any]]]:
    """(the raw line, the event) for each event of an open SSE response."""
    for line in response.iter_lines():
        if line.startswith("data: "):
            yield line, json.loads(line[len("data: ") :])


def test_a_phone_joins_with_the_code_then_a_nickname_the_intake_and_the_before_check_in(
    server: str, engine: Engine
) -> None:
    workshop_id, code = new_workshop(engine)
    with phone(server) as client:
        assert "Enter the code" in client.get("/join").text
        spaced = f" {code[:3].lower()} {code[3:].lower()} "
        answer = client.post("/join", data={"code": spaced})
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/w/{code}"
        page = client.get(f"/w/{code}")
        assert "Nickname or seat number" in page.text
        answer = client.post(f"/w/{code}", data={"nickname": "  Seat 7 "})
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"]
        assert "psoas_seat=" in cookie
        assert "HttpOnly" in cookie
        assert "Path=/w/" in cookie
        assert "SameSite=lax" in cookie
        token = client.cookies["psoas_seat"]
        intake = client.get(f"/w/{code}")
        assert "Is any of this true for you today?" in intake.text
        assert "Pregnancy" in intake.text
        assert "None of these" in intake.text
        assert "never what it is" in intake.text
        seat_answer = client.post(f"/w/{code}/intake", data={"condition": ["pregnancy"]})
        assert seat_answer.headers["location"] == f"/w/{code}/before"
        assert "How are you right now?" in client.get(f"/w/{code}/before").text
        answer = client.post(f"/w/{code}/checkin", data={"moment": "before", **RATINGS})
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/w/{code}/me"
        me = client.get(f"/w/{code}/me")
        assert me.status_code == 200
        for words in ("I'm OK", "I need a moment", "Stop &amp; ground", "in, Seat 7"):
            assert words in me.text
        # A reload keeps the place: the seat goes straight to the phone's screen.
        again = client.get(f"/w/{code}")
        assert again.status_code == 303
        assert again.headers["location"] == f"/w/{code}/me"
        # The check-in is done: its page sends the phone on.
        assert client.get(f"/w/{code}/before").status_code == 303
    with Session(engine) as session:
        stored = session.scalars(select(Participant).where(Participant.workshop_id == workshop_id)).one()
        assert stored.nickname == "Seat 7"
        assert stored.conditions == ["pregnancy"]
        assert token not in stored.token_digest
        assert len(stored.token_digest) == 64
        assert session.scalars(
            select(ParticipantCheckin).where(ParticipantCheckin.participant_id == stored.id)
        ).one()


def test_a_taken_nickname_is_told_with_another_to_try(server: str, engine: Engine) -> None:
    _, code = new_workshop(engine)
    with phone(server) as first, phone(server) as second:
        seat(first, code, "Anna")
        answer = second.post(f"/w/{code}", data={"nickname": "anna"})
        assert answer.status_code == 422
        assert "already taken" in answer.text
        assert "anna 2" in answer.text
        assert "psoas_seat" not in answer.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    ("path", "form", "expected"),
    [
        ("", {"nickname": ""}, "1 to 40"),
        ("", {"nickname": "x" * 41}, "at most 40"),
        ("", {"nickname": "A\x07"}, "control characters"),
        ("/intake", {}, "or “None of these”"),
        ("/intake", {"none": "yes", "condition": "pregnancy"}, "one or the other"),
        ("/intake", {"condition": "unicorn"}, "Unknown choice: unicorn"),
        (
            "/checkin",
            {"moment": "before", **RATINGS, "pain": "11"},
            "pain: choose a whole number from 0 to 10",
        ),
        ("/checkin", {"moment": "during", **RATINGS}, "moment: &#39;before&#39; or &#39;after&#39;"),
        ("/signal", {"kind": "help"}, "kind: choose"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    server: str, engine: Engine, path: str, form: dict[str, str], expected: str
) -> None:
    _, code = new_workshop(engine)
    with phone(server) as client:
        if path:
            client.post(f"/w/{code}", data={"nickname": "Mia"})
        if path in ("/checkin", "/signal"):
            client.post(f"/w/{code}/intake", data={"none": "yes"})
        answer = client.post(f"/w/{code}{path}", data=form)
        assert answer.status_code == 422, answer.text
        assert expected.replace("&#39;", "'") in answer.text.replace("&#39;", "'")


def test_a_check_in_sent_twice_is_stored_once_and_other_answers_are_refused(
    server: str, engine: Engine
) -> None:
    _, code = new_workshop(engine)
    with phone(server) as client:
        seat(client, code, "Mia")
        headers = {"Accept": "application/json"}
        body = {"moment": "after", "tension": 2, "pain": 1, "distress": 0, "breath": 9}
        first = client.post(f"/w/{code}/checkin", json=body, headers=headers)
        again = client.post(f"/w/{code}/checkin", json=body, headers=headers)
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        other = client.post(f"/w/{code}/checkin", json={**body, "pain": 4}, headers=headers)
        assert other.status_code == 409
        assert "already saved" in other.json()["detail"]
        not_an_object = client.post(f"/w/{code}/checkin", json=[1, 2], headers=headers)
        assert not_an_object.status_code == 422
        assert "JSON object" in not_an_object.json()["detail"]


def test_high_distress_at_a_check_in_offers_grounding_and_support_first(server: str, engine: Engine) -> None:
    _, code = new_workshop(engine)
    with phone(server) as calm, phone(server) as hard:
        for client, nickname, distress in ((calm, "Ana", 3), (hard, "Ben", 8)):
            seat(client, code, nickname)
            body = {"moment": "before", "tension": 5, "pain": 2, "distress": distress, "breath": 5}
            answer = client.post(f"/w/{code}/checkin", data=body)
            assert answer.status_code == 303
            page = client.get(answer.headers["location"])
            assert page.status_code == 200
            offered = 'id="high-distress"' in page.text
            assert offered == (distress >= 8), nickname
        assert "Stop &amp; ground</strong> below" in page.text
        assert "findahelpline.com" in page.text


def test_a_seat_of_one_workshop_cannot_act_in_another(server: str, engine: Engine) -> None:
    _, code = new_workshop(engine, state="running")
    other_id, other = new_workshop(engine, state="running")
    with phone(server) as client:
        seat(client, code, "Mia")
        headers = {"Accept": "application/json"}
        refused = client.post(f"/w/{other}/signal", data={"kind": "moment"}, headers=headers)
        assert refused.status_code == 403
        assert client.post(f"/w/{other}/checkin", data={"moment": "before", **RATINGS}).status_code == 403
        assert client.get(f"/w/{other}/events").status_code == 403
        # Its pages send the phone to join that workshop, as anyone would.
        me = client.get(f"/w/{other}/me")
        assert me.status_code == 303
        assert me.headers["location"] == f"/w/{other}"
    with phone(server) as stranger:
        assert stranger.post(f"/w/{code}/signal", data={"kind": "stop"}).status_code == 403
        assert stranger.get(f"/w/{code}/events").status_code == 403
    with Session(engine) as session:
        assert (
            session.scalars(select(WorkshopSignal).where(WorkshopSignal.workshop_id == other_id)).all() == []
        )


def test_the_room_screen_and_its_stream_never_carry_a_name_or_a_condition(
    server: str, engine: Engine
) -> None:
    workshop_id, code = new_workshop(engine, state="running")
    nickname, condition_name = "Zebediah Quill", "Pregnancy"
    with phone(server) as room, phone(server) as client:
        page = room.get(f"/room/{code}")
        assert page.status_code == 200
        assert code in page.text
        assert f'Join at <strong class="room-address">{server}/join' in page.text
        assert 'class="segno"' in page.text  # the QR code, inline
        with room.stream("GET", f"/room/{code}/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            seen = []
            received = events(stream)
            line, first = next(received)
            seen.append(line)
            assert first["type"] == "room"
            assert first["joined"] == 0
            seat(client, code, nickname, ("pregnancy",))
            sent = client.post(
                f"/w/{code}/signal", data={"kind": "moment"}, headers={"Accept": "application/json"}
            )
            assert sent.status_code == 200
            for line, event in received:
                seen.append(line)
                if event.get("needing_moment") == 1:
                    break
        text = "\n".join(seen)
        assert '"joined":1' in text
        for secret in (nickname, "Zebediah", condition_name, "pregnancy"):
            assert secret not in text
            assert secret not in room.get(f"/room/{code}").text
    with Session(engine) as session:
        signal = session.scalars(
            select(WorkshopSignal).where(WorkshopSignal.workshop_id == workshop_id)
        ).one()
        assert signal.kind == "moment"


def test_the_phone_hears_the_room_move(server: str, engine: Engine) -> None:
    workshop_id, code = new_workshop(engine, state="running")
    with phone(server) as client, phone(server) as other:
        seat(client, code, "Mia")
        with client.stream("GET", f"/w/{code}/events") as stream:
            received = events(stream)
            _, first = next(received)
            assert first["type"] == "room"
            assert first["step"] == 0
            with Session(engine) as session, session.begin():
                move_room(session, workshop_id, step=2)
            # Until the facilitator's controls land, a join publishes the room's state as it now is.
            seat(other, code, "Ben")
            for _, event in received:
                if event.get("step") == 2:
                    assert event["joined"] == 2
                    break


def test_wrong_codes_are_limited_per_address(server: str, engine: Engine) -> None:
    _, code = new_workshop(engine)
    with phone(server) as guesser, phone(server) as neighbour:
        for attempt in range(10):
            wrong = guesser.post("/join", data={"code": f"ZZZZ{attempt:02d}"})
            assert wrong.status_code == 404
            assert "There is no open workshop with the code" in wrong.text
        refused = guesser.post("/join", data={"code": "ZZZZ99"})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert "Too many codes" in refused.text
        # Even the right code, from that address, for the rest of the minute: no guess is confirmed.
        assert guesser.post("/join", data={"code": code}).status_code == 429
        assert guesser.get(f"/room/{code}").status_code == 429
        assert neighbour.post("/join", data={"code": code}).status_code == 303


def test_wrong_codes_never_stop_a_seated_phone_from_signalling(server: str, engine: Engine) -> None:
    """A shared network: someone at the same address mistypes codes; the phone already seated
    there still reaches the facilitator, with Stop & ground above all."""
    _, code = new_workshop(engine, state="running")
    with phone(server) as seated:
        seat(seated, code, "Mia")
        for attempt in range(11):
            seated.post("/join", data={"code": f"ZZZZ{attempt:02d}"})
        assert seated.post("/join", data={"code": "ZZZZ99"}).status_code == 429
        headers = {"Accept": "application/json"}
        stop = seated.post(f"/w/{code}/signal", data={"kind": "stop"}, headers=headers)
        assert stop.status_code == 200, stop.text
        assert seated.get(f"/w/{code}/me").status_code == 200
        with seated.stream("GET", f"/w/{code}/events") as stream:
            assert stream.status_code == 200


def test_an_ended_workshop_takes_no_one_new_and_keeps_its_seats(server: str, engine: Engine) -> None:
    workshop_id, code = new_workshop(engine, state="running")
    with phone(server) as seated, phone(server) as late:
        seat(seated, code, "Mia")
        with Session(engine) as session, session.begin():
            move_room(session, workshop_id, state="ended")
        assert late.post("/join", data={"code": code}).status_code == 404
        assert late.get(f"/w/{code}").status_code == 410
        assert late.post(f"/w/{code}", data={"nickname": "Ben"}).status_code == 404
        assert "How are you now?" in seated.get(f"/w/{code}/after").text
        assert seated.get(f"/w/{code}/me").status_code == 200
    with Session(engine) as session:
        assert session.get_one(Workshop, workshop_id).state == "ended"


def test_the_phone_is_told_quietly_when_the_facilitator_has_seen_its_signal(
    server: str, engine: Engine
) -> None:
    workshop_id, code = new_workshop(engine, state="running")
    with phone(server) as client:
        seat(client, code, "Mia")
        sent = client.post(f"/w/{code}/signal", data={"kind": "stop"}, headers={"Accept": "application/json"})
        assert '"acknowledged": false' in client.get(f"/w/{code}/me").text
        with Session(engine) as session, session.begin():
            signal = session.get_one(WorkshopSignal, sent.json()["signal"])
            assert signal.workshop_id == workshop_id
            signal.acknowledged_at = signal.at
        assert '"acknowledged": true' in client.get(f"/w/{code}/me").text
