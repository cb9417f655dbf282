"""The facilitator's workshop pages over real HTTP, on SQLite and PostgreSQL: the list and a new
workshop, the editor and its refusals, templates, the console's controls (impossible ones are a
409), acknowledging a signal, the event stream, and another facilitator's workshop as a 404."""

import json
import re
import threading

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from psoas.practice.session_plan import plan_steps
from psoas.store.models import (
    Participant,
    ParticipantCheckin,
    Person,
    Workshop,
    WorkshopSignal,
    WorkshopTemplate,
)

NEW = {"title": "Tuesday group", "minutes": "60", "level": "beginner", "focus": "general"}


def new_workshop(server: str, **changes: str) -> int:
    answer = httpx.post(f"{server}/workshops", data=NEW | changes)
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/workshops/(\d+)", answer.headers["location"])
    assert found
    return int(found.group(1))


def stored(engine: Engine, workshop_id: int) -> Workshop:
    with Session(engine, expire_on_commit=False) as session:
        return session.get_one(Workshop, workshop_id)


def control(server: str, workshop_id: int, action: str, **more: str) -> httpx.Response:
    return httpx.post(f"{server}/workshops/{workshop_id}/control", data={"action": action, **more})


def someone_elses(engine: Engine, server: str) -> tuple[int, int, int]:
    """A workshop, a template and a signal of another facilitator's, stored directly (accounts will
    bring them)."""
    mine = stored(engine, new_workshop(server))
    with Session(engine) as session, session.begin():
        other = Person(name="Another facilitator")
        session.add(other)
        session.flush()
        theirs = Workshop(
            facilitator_id=other.id,
            title="Theirs",
            request=mine.request,
            plan=mine.plan,
            join_code=f"T{other.id:05d}"[-6:],
        )
        template = WorkshopTemplate(person_id=other.id, name="Theirs", request=mine.request, plan=mine.plan)
        session.add_all([theirs, template])
        session.flush()
        participant = Participant(workshop_id=theirs.id, token_digest=f"{theirs.id:064d}", nickname="Private")
        session.add(participant)
        session.flush()
        signal = WorkshopSignal(workshop_id=theirs.id, participant_id=participant.id, kind="stop")
        session.add(signal)
        session.flush()
        return theirs.id, template.id, signal.id


def test_it_lists_workshops_and_plans_a_new_one(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server, title="  Thursday   evening ")
    workshop = stored(engine, workshop_id)
    assert workshop.title == "Thursday evening"
    assert workshop.state == "waiting"
    assert workshop.request["minutes"] == 60
    with Session(engine) as session:
        assert session.get_one(Person, workshop.facilitator_id).local_key is not None
    page = httpx.get(f"{server}/workshops")
    assert page.status_code == 200
    assert "Thursday evening" in page.text
    assert workshop.join_code in page.text
    assert 'href="/workshops"' in httpx.get(server).text, "the menu names Workshops"


def test_a_workshop_without_a_title_is_called_workshop(server: str, engine: Engine) -> None:
    assert stored(engine, new_workshop(server, title=" \x00 ")).title == "Workshop"


def test_it_refuses_a_workshop_out_of_range_and_saves_nothing(server: str, engine: Engine) -> None:
    with Session(engine) as session:
        before = session.scalars(select(Workshop.id)).all()
    for changes, message in [
        ({"minutes": "20"}, "between 45 and 180"),
        ({"minutes": "lots"}, "whole number from 45 to 180"),
        ({"level": "expert"}, "unknown level"),
    ]:
        answer = httpx.post(f"{server}/workshops", data=NEW | changes)
        assert answer.status_code == 422, changes
        assert message in answer.text
    with Session(engine) as session:
        assert session.scalars(select(Workshop.id)).all() == before


def test_the_editor_moves_and_resizes_a_step_and_refuses_an_unsafe_edit_with_its_reason(
    server: str, engine: Engine
) -> None:
    workshop_id = new_workshop(server)
    page = httpx.get(f"{server}/workshops/{workshop_id}")
    assert page.status_code == 200
    workshop = stored(engine, workshop_id)
    assert workshop.join_code in page.text
    assert f'href="/room/{workshop.join_code}"' in page.text
    steps = plan_steps(workshop.plan)
    edit = f"{server}/workshops/{workshop_id}/edit"
    moved = httpx.post(edit, data={"edit": "move", "index": "0", "to": "1"})
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/workshops/{workshop_id}#step-1"
    now = plan_steps(stored(engine, workshop_id).plan)
    assert [now[0]["exercise"], now[1]["exercise"]] == [steps[1]["exercise"], steps[0]["exercise"]]
    longer = httpx.post(edit, data={"edit": "resize", "index": "2", "change": "30"})
    assert longer.status_code == 303
    assert plan_steps(stored(engine, workshop_id).plan)[2]["seconds"] == steps[2]["seconds"] + 30
    # Out of its phase: refused, the reason beside the step, the plan as it was.
    first_phase = len(workshop.plan["phases"][0]["steps"])
    kept = stored(engine, workshop_id).plan
    refused = httpx.post(edit, data={"edit": "move", "index": "0", "to": str(first_phase)})
    assert refused.status_code == 422
    assert re.search(r'id="refused-0">Not changed: [^<]*phase', refused.text)
    assert stored(engine, workshop_id).plan == kept
    assert httpx.post(edit, data={"edit": "move", "index": "x"}).status_code == 422
    assert httpx.post(edit, data={"edit": "turn", "index": "0"}).status_code == 422


def test_the_plan_cannot_change_once_the_room_has_started(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    assert control(server, workshop_id, "start").status_code == 303
    kept = stored(engine, workshop_id).plan
    answer = httpx.post(
        f"{server}/workshops/{workshop_id}/edit", data={"edit": "move", "index": "0", "to": "1"}
    )
    assert answer.status_code == 409
    assert "only before the workshop starts" in answer.text
    assert stored(engine, workshop_id).plan == kept


def test_a_plan_is_saved_as_a_template_and_started_again(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    name = f"Weekly {workshop_id}"
    saved = httpx.post(f"{server}/workshops/{workshop_id}/template", data={"name": name})
    assert saved.status_code == 303
    assert "Saved as the template" in httpx.get(f"{server}{saved.headers['location']}").text
    again = httpx.post(f"{server}/workshops/{workshop_id}/template", data={"name": name})
    assert again.status_code == 409
    assert "already have a template named" in again.text
    with Session(engine) as session:
        template = session.scalars(select(WorkshopTemplate).where(WorkshopTemplate.name == name)).one()
    assert name in httpx.get(f"{server}/workshops").text
    started = httpx.post(f"{server}/workshops/templates/{template.id}/start")
    assert started.status_code == 303
    new_id = int(started.headers["location"].rsplit("/", 1)[1])
    assert stored(engine, new_id).plan == template.plan
    assert stored(engine, new_id).title == name
    assert httpx.post(f"{server}/workshops/templates/{2**40}/start").status_code == 404


def test_the_console_leads_the_room_and_refuses_what_cannot_happen(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    console = httpx.get(f"{server}/workshops/{workshop_id}/console")
    assert console.status_code == 200
    assert "Start the workshop" in console.text
    refused = control(server, workshop_id, "next")
    assert refused.status_code == 409
    assert "Start the workshop first" in refused.text
    assert control(server, workshop_id, "pause").status_code == 409
    for action in ("start", "next", "next", "back", "pause", "extend", "resume"):
        assert control(server, workshop_id, action).status_code == 303, action
    room = stored(engine, workshop_id)
    assert (room.state, room.step_index, room.step_extra_s) == ("running", 1, 60)
    assert control(server, workshop_id, "start").status_code == 409
    assert control(server, workshop_id, "extend", seconds="601").status_code == 409
    assert control(server, workshop_id, "extend", seconds="soon").status_code == 422
    assert control(server, workshop_id, "jump").status_code == 422
    assert control(server, workshop_id, "end").status_code == 303
    ended = httpx.get(f"{server}/workshops/{workshop_id}/console").text
    assert "The group, after the workshop" in ended
    assert control(server, workshop_id, "resume").status_code == 409


def test_two_nexts_at_once_move_the_room_two_steps(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    control(server, workshop_id, "start")
    together = threading.Barrier(2)
    answers: list[int] = []

    def press() -> None:
        together.wait()
        answers.append(control(server, workshop_id, "next").status_code)

    pressers = [threading.Thread(target=press) for _ in range(2)]
    for presser in pressers:
        presser.start()
    for presser in pressers:
        presser.join()
    assert answers == [303, 303]
    assert stored(engine, workshop_id).step_index == 2


def test_acknowledging_a_signal_marks_it_seen(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    with Session(engine) as session, session.begin():
        ana = Participant(
            workshop_id=workshop_id, token_digest=f"a{workshop_id:063d}", nickname="Ana", conditions=[]
        )
        session.add(ana)
        session.flush()
        session.add(
            ParticipantCheckin(
                participant_id=ana.id, moment="before", tension=5, pain=1, distress=4, breath=6
            )
        )
        signal = WorkshopSignal(workshop_id=workshop_id, participant_id=ana.id, kind="moment", step_index=0)
        session.add(signal)
        session.flush()
        signal_id = signal.id
    console = httpx.get(f"{server}/workshops/{workshop_id}/console").text
    assert "needs a moment" in console
    assert "1 needs attention" in console
    assert "checked in: before" in console
    answer = httpx.post(f"{server}/workshops/{workshop_id}/signals/{signal_id}/acknowledge")
    assert answer.status_code == 303
    with Session(engine) as session:
        assert session.get_one(WorkshopSignal, signal_id).acknowledged_at is not None
    live = httpx.get(f"{server}/workshops/{workshop_id}/console/live").text
    assert "needs attention" not in live
    assert ">seen<" in live
    other = new_workshop(server)
    assert httpx.post(f"{server}/workshops/{other}/signals/{signal_id}/acknowledge").status_code == 404


def test_the_event_stream_sends_the_room_and_then_each_change(server: str, engine: Engine) -> None:
    workshop_id = new_workshop(server)
    events: list[dict[str, object]] = []
    with httpx.stream("GET", f"{server}/workshops/{workshop_id}/events", timeout=10) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if not line.startswith("data: "):
                continue
            events.append(json.loads(line.removeprefix("data: ")))
            if len(events) == 1:
                assert control(server, workshop_id, "start").status_code == 303
            else:
                break
    assert [(e["type"], e["state"]) for e in events] == [("room", "waiting"), ("room", "running")]
    assert "Ana" not in json.dumps(events)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/workshops/{w}"),
        ("GET", "/workshops/{w}/console"),
        ("GET", "/workshops/{w}/console/live"),
        ("GET", "/workshops/{w}/events"),
        ("POST", "/workshops/{w}/control"),
        ("POST", "/workshops/{w}/edit"),
        ("POST", "/workshops/{w}/template"),
        ("POST", "/workshops/{w}/signals/{s}/acknowledge"),
        ("POST", "/workshops/templates/{t}/start"),
    ],
)
def test_another_facilitators_workshop_is_not_found(
    server: str, engine: Engine, method: str, path: str
) -> None:
    workshop_id, template_id, signal_id = someone_elses(engine, server)
    before = stored(engine, workshop_id)
    url = server + path.format(w=workshop_id, t=template_id, s=signal_id)
    form = {"action": "start", "edit": "move", "index": "0", "to": "1", "name": "Mine now"}
    answer = httpx.request(method, url, data=form if method == "POST" else None)
    assert answer.status_code == 404
    assert "Private" not in answer.text
    after = stored(engine, workshop_id)
    assert (after.state, after.plan) == (before.state, before.plan)
    with Session(engine) as session:
        assert session.get_one(WorkshopSignal, signal_id).acknowledged_at is None
        assert (
            session.scalars(select(WorkshopTemplate).where(WorkshopTemplate.name == "Mine now")).first()
            is None
        )
