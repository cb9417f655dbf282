"""Deleting a recording (page and API) and refusing the same file twice on one session, against
SQLite and PostgreSQL: each checked in the database afterwards."""

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from psoas.store.models import PracticeSession, SensorRecording

from .test_api_recordings import rr_text, upload
from .test_api_sessions import new_session


def stored(engine: Engine, recording_id: int) -> bool:
    with Session(engine) as session:
        return session.get(SensorRecording, recording_id) is not None


def attached(server: str) -> tuple[int, int]:
    session_id = new_session(server)
    response = upload(server, session_id, "polar.txt", rr_text())
    assert response.status_code == 201, response.text
    return session_id, int(response.json()["id"])


def test_the_api_deletes_a_recording_and_keeps_its_session(server: str, engine: Engine) -> None:
    session_id, recording_id = attached(server)
    assert httpx.delete(f"{server}/api/recordings/{recording_id}").status_code == 204
    assert not stored(engine, recording_id)
    assert httpx.get(f"{server}/api/recordings/{recording_id}").status_code == 404
    with Session(engine) as session:
        assert session.get(PracticeSession, session_id) is not None


def test_the_api_404s_a_recording_that_is_not_there(server: str) -> None:
    assert httpx.delete(f"{server}/api/recordings/424242").status_code == 404


def test_the_page_deletes_only_once_confirmed(server: str, engine: Engine) -> None:
    session_id, recording_id = attached(server)
    action = f"{server}/history/{session_id}/recordings/{recording_id}/delete"
    unconfirmed = httpx.post(action, data={})
    assert unconfirmed.status_code == 422
    assert "Tick “Yes, delete this recording” to delete it; nothing was deleted." in unconfirmed.text
    assert stored(engine, recording_id)
    confirmed = httpx.post(action, data={"confirm": "yes"})
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == f"/history/{session_id}?deleted=recording"
    assert not stored(engine, recording_id)
    page = httpx.get(f"{server}{confirmed.headers['location']}")
    assert "The recording was deleted." in page.text
    assert "polar.txt" not in page.text


def test_the_page_404s_a_recording_of_another_session(server: str, engine: Engine) -> None:
    _, recording_id = attached(server)
    other = new_session(server)
    response = httpx.post(
        f"{server}/history/{other}/recordings/{recording_id}/delete", data={"confirm": "yes"}
    )
    assert response.status_code == 404
    assert stored(engine, recording_id)


def test_a_delete_from_another_site_is_refused_and_the_recording_kept(server: str, engine: Engine) -> None:
    session_id, recording_id = attached(server)
    evil = {"Origin": "https://evil.example"}
    page = httpx.post(
        f"{server}/history/{session_id}/recordings/{recording_id}/delete",
        data={"confirm": "yes"},
        headers=evil,
    )
    api = httpx.delete(f"{server}/api/recordings/{recording_id}", headers=evil)
    assert (page.status_code, api.status_code) == (403, 403)
    assert stored(engine, recording_id)


def count_in(engine: Engine, session_id: int) -> int:
    with Session(engine) as session:
        query = select(SensorRecording).where(SensorRecording.session_id == session_id)
        return len(session.scalars(query).all())


def test_the_same_file_twice_on_a_session_is_refused_saying_so(server: str, engine: Engine) -> None:
    session_id, first = attached(server)
    again = upload(server, session_id, "polar.txt", rr_text())
    assert again.status_code == 409
    assert again.json()["detail"][0]["msg"] == (
        "polar.txt: this file is already attached to this session; expected a different recording "
        "(delete the attached one first to analyse it again)"
    )
    renamed = upload(server, session_id, "copy.txt", rr_text())
    assert "already attached to this session (as polar.txt)" in renamed.json()["detail"][0]["msg"]
    assert count_in(engine, session_id) == 1
    # Another session may have the same file; and once deleted, it may be attached again.
    assert upload(server, new_session(server), "polar.txt", rr_text()).status_code == 201
    assert httpx.delete(f"{server}/api/recordings/{first}").status_code == 204
    assert upload(server, session_id, "polar.txt", rr_text()).status_code == 201


def test_the_page_says_why_the_same_file_was_refused(server: str) -> None:
    session_id, _ = attached(server)
    response = httpx.post(
        f"{server}/history/{session_id}/recordings",
        files={"file": ("polar.txt", rr_text(), "text/plain")},
    )
    assert response.status_code == 409
    assert "polar.txt: this file is already attached to this session" in response.text


def test_the_same_file_sent_twice_at_once_is_stored_once(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: upload(server, session_id, "polar.txt", rr_text()), range(4)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert count_in(engine, session_id) == 1
