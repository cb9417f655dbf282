"""A facilitator's workshops in the store, on SQLite and PostgreSQL: join codes, ownership, the
editor's refusals, templates, the room's state machine (two controls at once each count once),
acknowledging signals, the roster and the group's figures (counts only)."""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from psoas.practice.library import Library
from psoas.practice.session_plan import plan_steps
from psoas.practice.workshop import EditRefused, make_workshop_request
from psoas.store.database import Database
from psoas.store.models import Participant, ParticipantCheckin, Person, Workshop, WorkshopSignal
from psoas.store.workshop_console import acknowledge, group_figures, roster, signal_feed
from psoas.store.workshop_room import needing_attention
from psoas.store.workshops import (
    EXTEND_MOST,
    JOIN_ALPHABET,
    Edit,
    NameTaken,
    RoomRefused,
    control,
    create_workshop,
    edit_workshop,
    get_template,
    get_workshop,
    list_templates,
    list_workshops,
    save_template,
    workshop_from_template,
)

REQUEST = make_workshop_request(60, "beginner", ["general"], seed=4)


def person(database: Database, name: str = "Facilitator") -> int:
    with database.transaction() as session:
        someone = Person(name=name)
        session.add(someone)
        session.flush()
        return someone.id


def workshop(database: Database, library: Library, facilitator: int, title: str = "Tuesday group") -> int:
    with database.transaction() as session:
        return create_workshop(session, facilitator, title, REQUEST, library).id


def codes(*given: str) -> Callable[[], str]:
    """A code maker that hands out the given codes in turn."""
    them: Iterator[str] = iter(given)
    return lambda: next(them)


def steps_of(database: Database, workshop_id: int) -> list[str]:
    with database.transaction() as session:
        return [s["exercise"] for s in plan_steps(session.get_one(Workshop, workshop_id).plan)]


def test_it_makes_a_waiting_workshop_with_a_six_symbol_code(database: Database, library: Library) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        made = session.get_one(Workshop, workshop_id)
        assert made.state == "waiting"
        assert made.step_index == 0
        assert len(made.join_code) == 6
        assert set(made.join_code) <= set(JOIN_ALPHABET)
        assert made.request == REQUEST.to_json()
        assert plan_steps(made.plan), "the plan has steps"


def test_it_tries_another_code_when_one_is_taken(database: Database, library: Library) -> None:
    facilitator = person(database)
    with database.transaction() as session:
        first = create_workshop(session, facilitator, "One", REQUEST, library, make_code=codes("ABC234"))
    with database.transaction() as session:
        second = create_workshop(
            session, facilitator, "Two", REQUEST, library, make_code=codes("ABC234", "XYZ789")
        )
    assert (first.join_code, second.join_code) == ("ABC234", "XYZ789")


def test_two_workshops_made_at_once_never_share_a_code(database: Database, library: Library) -> None:
    facilitator = person(database)
    together = threading.Barrier(2)

    def make(title: str) -> str:
        together.wait()
        with database.transaction() as session:
            return create_workshop(
                session, facilitator, title, REQUEST, library, make_code=codes("SAME22", f"{title}99")
            ).join_code

    with ThreadPoolExecutor(2) as pool:
        made = sorted(pool.map(make, ["AAAA", "BBBB"]))
    assert made[0] != made[1]
    assert "SAME22" in made


def test_it_finds_only_the_facilitators_own_workshops(database: Database, library: Library) -> None:
    mine, theirs = person(database), person(database, "Someone else")
    first = workshop(database, library, mine, "First")
    second = workshop(database, library, mine, "Second")
    other = workshop(database, library, theirs, "Theirs")
    with database.transaction() as session:
        assert [w.id for w in list_workshops(session, mine)] == [second, first]
        assert get_workshop(session, mine, other) is None
        assert get_workshop(session, theirs, other) is not None
        assert get_workshop(session, mine, 2**40) is None  # no column holds it: nothing, not an error


def test_it_edits_a_waiting_plan_and_refuses_an_edit_that_breaks_a_rule(
    database: Database, library: Library
) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    before = steps_of(database, workshop_id)
    with database.transaction() as session:
        edit_workshop(
            session, get_workshop(session, facilitator, workshop_id), Edit("move", 0, to=1), library
        )
    assert steps_of(database, workshop_id) == [before[1], before[0], *before[2:]]
    # The first step of the next phase is out of the arrive phase's reach.
    with database.transaction() as session:
        found = get_workshop(session, facilitator, workshop_id)
        assert found is not None
        phases = found.plan["phases"]
        outside = len(phases[0]["steps"])
        with pytest.raises(EditRefused, match="phase"):
            edit_workshop(session, found, Edit("move", 0, to=outside), library)
        tremor = next(
            i for i, s in enumerate(plan_steps(found.plan)) if s["exercise"] == "tre-tremor-position"
        )
        with pytest.raises(EditRefused):
            edit_workshop(session, found, Edit("resize", tremor, seconds=3600), library)
    assert steps_of(database, workshop_id)[0] == before[1]


def test_the_plan_stays_as_it_is_once_the_room_starts(database: Database, library: Library) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        control(session, session.get_one(Workshop, workshop_id), "start")
    with database.transaction() as session, pytest.raises(RoomRefused, match="before the workshop starts"):
        edit_workshop(session, session.get_one(Workshop, workshop_id), Edit("move", 0, to=1), library)


def test_templates_are_saved_listed_and_started_again(database: Database, library: Library) -> None:
    facilitator, other = person(database), person(database, "Other")
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        template = save_template(session, session.get_one(Workshop, workshop_id), "Weekly 60")
        template_id = template.id
    with database.transaction() as session, pytest.raises(NameTaken, match="Weekly 60"):
        save_template(session, session.get_one(Workshop, workshop_id), "Weekly 60")
    with database.transaction() as session:
        assert [t.name for t in list_templates(session, facilitator)] == ["Weekly 60"]
        assert list_templates(session, other) == []
        assert get_template(session, other, template_id) is None
        found = get_template(session, facilitator, template_id)
        assert found is not None
        again = workshop_from_template(session, found, "Next Tuesday", library)
        original = session.get_one(Workshop, workshop_id)
        assert again.plan == original.plan
        assert again.join_code != original.join_code
        assert again.state == "waiting"
        assert again.facilitator_id == facilitator


def test_a_template_that_no_longer_keeps_the_rules_starts_nothing(
    database: Database, library: Library
) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        template = save_template(session, session.get_one(Workshop, workshop_id), "Old one")
        plan = dict(template.plan)
        # How to stop taken out: the tremor would come with no way to stop it taught first.
        plan["phases"] = [
            {**p, "steps": [s for s in p["steps"] if s["exercise"] != "how-to-stop-tremoring"]}
            for p in plan["phases"]
        ]
        template.plan = plan
    with database.transaction() as session:
        found = get_template(session, facilitator, template.id)
        assert found is not None
        with pytest.raises(EditRefused, match="safety rule"):
            workshop_from_template(session, found, "Unsafe", library)
    with database.transaction() as session:
        assert len(list_workshops(session, facilitator)) == 1


def act(database: Database, workshop_id: int, action: str, seconds: int = 60) -> Workshop:
    with database.transaction() as session:
        found = session.scalars(select(Workshop).where(Workshop.id == workshop_id)).one()
        return control(session, found, action, seconds)


def test_the_room_moves_through_its_states_and_refuses_what_cannot_happen(
    database: Database, library: Library
) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    for action, message in [
        ("pause", "not started"),
        ("next", "Start the workshop first"),
        ("resume", "not started"),
    ]:
        with pytest.raises(RoomRefused, match=message):
            act(database, workshop_id, action)
    started = act(database, workshop_id, "start")
    assert (started.state, started.step_index, started.started_at is not None) == ("running", 0, True)
    with pytest.raises(RoomRefused, match="already started"):
        act(database, workshop_id, "start")
    with pytest.raises(RoomRefused, match="first step"):
        act(database, workshop_id, "back")
    assert act(database, workshop_id, "next").step_index == 1
    paused = act(database, workshop_id, "pause")
    assert paused.state == "paused"
    assert paused.step_started_at is None
    assert paused.step_elapsed_s >= 0
    with pytest.raises(RoomRefused, match="already paused"):
        act(database, workshop_id, "pause")
    assert act(database, workshop_id, "extend").step_extra_s == 60
    assert act(database, workshop_id, "extend", EXTEND_MOST - 60).step_extra_s == EXTEND_MOST
    with pytest.raises(RoomRefused, match="10 minutes at most"):
        act(database, workshop_id, "extend")
    resumed = act(database, workshop_id, "resume")
    assert resumed.state == "running"
    assert resumed.step_started_at is not None
    moved = act(database, workshop_id, "back")
    assert (moved.step_index, moved.step_extra_s, moved.step_elapsed_s) == (0, 0, 0.0)
    last = len(steps_of(database, workshop_id)) - 1
    with database.transaction() as session:
        session.get_one(Workshop, workshop_id).step_index = last
    with pytest.raises(RoomRefused, match="last step"):
        act(database, workshop_id, "next")
    ended = act(database, workshop_id, "end")
    assert ended.state == "ended"
    assert ended.ended_at is not None
    for action in ("start", "resume", "next", "end"):
        with pytest.raises(RoomRefused, match="has ended"):
            act(database, workshop_id, action)


def test_two_nexts_at_once_move_the_room_one_step_each(database: Database, library: Library) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    act(database, workshop_id, "start")
    together = threading.Barrier(4)

    def next_step(_: int) -> int:
        together.wait()
        with database.transaction() as session:
            found = get_workshop(session, facilitator, workshop_id, lock=True)
            assert found is not None
            return control(session, found, "next").step_index

    with ThreadPoolExecutor(4) as pool:
        reached = sorted(pool.map(next_step, range(4)))
    assert reached == [1, 2, 3, 4]
    with database.transaction() as session:
        assert session.get_one(Workshop, workshop_id).step_index == 4


def seat(
    session: object, workshop_id: int, nickname: str, conditions: list[str] | None = None
) -> Participant:
    participant = Participant(
        workshop_id=workshop_id,
        token_digest=nickname.ljust(64, "0"),
        nickname=nickname,
        conditions=conditions or [],
    )
    session.add(participant)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return participant


def test_acknowledging_a_signal_takes_the_person_off_the_needing_list(
    database: Database, library: Library
) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    other_id = workshop(database, library, facilitator, "Another")
    with database.transaction() as session:
        ana = seat(session, workshop_id, "Ana")
        signal = WorkshopSignal(workshop_id=workshop_id, participant_id=ana.id, kind="moment", step_index=3)
        session.add(signal)
        session.flush()
        signal_id = signal.id
    with database.transaction() as session:
        assert needing_attention(session, workshop_id) == [ana.id]
        assert acknowledge(session, session.get_one(Workshop, other_id), signal_id) is None
        seen = acknowledge(session, session.get_one(Workshop, workshop_id), signal_id)
        assert seen is not None
        assert seen.acknowledged_at is not None
        first_seen = seen.acknowledged_at
    with database.transaction() as session:
        assert needing_attention(session, workshop_id) == []
        again = acknowledge(session, session.get_one(Workshop, workshop_id), signal_id)
        assert again is not None
        assert again.acknowledged_at == first_seen
        feed = signal_feed(session, session.get_one(Workshop, workshop_id))
        assert [(f.nickname, f.words, f.acknowledged_at is not None) for f in feed] == [
            ("Ana", "needs a moment", True)
        ]


def test_the_roster_puts_who_needs_attention_first_and_shows_only_attention_flags(
    database: Database, library: Library
) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        ana = seat(session, workshop_id, "Ana")
        seat(session, workshop_id, "Seat 4", ["pregnancy"])
        ben = seat(session, workshop_id, "Ben")
        session.add(WorkshopSignal(workshop_id=workshop_id, participant_id=ben.id, kind="stop"))
        session.add(
            ParticipantCheckin(
                participant_id=ana.id, moment="before", tension=5, pain=2, distress=3, breath=6
            )
        )
    with database.transaction() as session:
        seats = roster(session, session.get_one(Workshop, workshop_id), library)
    assert [s.nickname for s in seats] == ["Ben", "Seat 4", "Ana"]
    assert seats[0].needs_attention
    assert not seats[1].needs_attention
    assert seats[1].attention, "a condition raises an attention flag"
    assert "pregnancy" not in " ".join(seats[1].attention), "the condition itself is never named"
    assert seats[2].checked_in == ("before",)
    assert seats[0].checked_in == ()


def test_the_group_figures_are_counts_with_nobody_in_them(database: Database, library: Library) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        people = [seat(session, workshop_id, name) for name in ("Ana", "Ben", "Cleo")]
        for participant, (before, after) in zip(people, [(6, 3), (8, 4), (5, 5)], strict=True):
            for moment, tension in (("before", before), ("after", after)):
                session.add(
                    ParticipantCheckin(
                        participant_id=participant.id,
                        moment=moment,
                        tension=tension,
                        pain=1,
                        distress=2,
                        breath=7,
                    )
                )
        for participant, kind in (
            (people[0], "stop"),
            (people[0], "stop"),
            (people[1], "moment"),
            (people[2], "ok"),
        ):
            session.add(WorkshopSignal(workshop_id=workshop_id, participant_id=participant.id, kind=kind))
    with database.transaction() as session:
        figures = group_figures(session, session.get_one(Workshop, workshop_id))
    tension = figures["checkins"]["before"]["tension"]
    assert tension["answered"] == 3
    assert tension["median"] == 6
    assert (tension["lowest"], tension["highest"]) == (5, 8)
    assert tension["counts"][5] == tension["counts"][6] == tension["counts"][8] == 1
    assert sum(tension["counts"]) == 3
    assert figures["checkins"]["after"]["tension"]["median"] == 4
    assert (figures["stops"], figures["stopped_people"], figures["moments"], figures["moment_people"]) == (
        2,
        1,
        1,
        1,
    )
    assert figures["joined"] == 3
    assert not {"Ana", "Ben", "Cleo"} & set(str(figures).split("'"))


def test_a_rating_fewer_than_three_gave_is_withheld(database: Database, library: Library) -> None:
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    with database.transaction() as session:
        for name, tension in (("Ana", 9), ("Ben", 2)):
            participant = seat(session, workshop_id, name)
            session.add(
                ParticipantCheckin(
                    participant_id=participant.id,
                    moment="before",
                    tension=tension,
                    pain=1,
                    distress=2,
                    breath=7,
                )
            )
    with database.transaction() as session:
        figures = group_figures(session, session.get_one(Workshop, workshop_id))
    assert figures["checkins"]["before"]["tension"] == {
        "answered": 2,
        "counts": None,
        "median": None,
        "lowest": None,
        "highest": None,
    }


def test_figures_grow_in_groups_of_three_so_no_ones_answer_shows_as_it_arrives(
    database: Database, library: Library
) -> None:
    """A facilitator watching the console sees who checks in; figures that changed with each answer
    would show that person's own ratings (a security review showed it)."""
    facilitator = person(database)
    workshop_id = workshop(database, library, facilitator)
    shown = []
    for name, tension in (("Ana", 2), ("Ben", 3), ("Cleo", 4), ("Zed", 9)):
        with database.transaction() as session:
            participant = seat(session, workshop_id, name)
            session.add(
                ParticipantCheckin(
                    participant_id=participant.id,
                    moment="after",
                    tension=tension,
                    pain=1,
                    distress=2,
                    breath=7,
                )
            )
        with database.transaction() as session:
            figures = group_figures(session, session.get_one(Workshop, workshop_id))
            shown.append(figures["checkins"]["after"]["tension"])
    assert shown[2] == shown[3] | {"answered": 3}, "Zed's answer changed the figures on its own"
    assert (shown[3]["answered"], shown[3]["shown"], shown[3]["highest"]) == (4, 3, 4)
