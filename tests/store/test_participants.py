"""Joining, the intake, check-ins and signals, on SQLite and PostgreSQL, with phones at once."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import func, select

from psoas.practice.library import Library
from psoas.store.database import Database
from psoas.store.models import Participant, ParticipantCheckin, Workshop, WorkshopSignal
from psoas.store.participants import (
    MOST_SEATS,
    CheckinConflict,
    JoinRefused,
    add_checkin,
    add_signal,
    clean_nickname,
    join,
    open_workshop,
    save_intake,
    seat_of,
    token_digest,
)
from psoas.store.workshop_room import room_state
from tests.workshop_rows import make_workshop, move_room


def test_codes_are_found_whatever_their_case_and_spaces(database: Database) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session)
        code, workshop_id = workshop.join_code, workshop.id
    with database.transaction() as session:
        for typed in (code, code.lower(), f" {code[:3]} {code[3:]} ", f"{code[:3]}-{code[3:]}"):
            found = open_workshop(session, typed)
            assert found is not None
            assert found.id == workshop_id
        assert open_workshop(session, "") is None
        assert open_workshop(session, "X" * 40) is None
        move_room(session, workshop_id, state="ended")
    with database.transaction() as session:
        assert open_workshop(session, code) is None  # an ended workshop takes no one new


@pytest.mark.parametrize(
    ("typed", "why"),
    [("", "1 to 40"), ("   ", "1 to 40"), ("a" * 41, "at most 40"), ("An\tna", "control"), ("Anna\n", None)],
)
def test_nicknames_are_trimmed_and_checked(typed: str, why: str | None) -> None:
    if why is None:
        assert clean_nickname(typed) == "Anna"
    else:
        with pytest.raises(JoinRefused, match=why):
            clean_nickname(typed)


def test_joining_gives_a_token_of_which_only_the_digest_is_stored(
    database: Database, library: Library
) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session)
        other = make_workshop(session)
        participant, token = join(session, workshop, "  Seat 4 ")
        assert participant.nickname == "Seat 4"
        assert participant.token_digest == token_digest(token) != token
        assert seat_of(session, workshop, token) is participant
        assert seat_of(session, other, token) is None  # a seat of one workshop is none in another
        assert seat_of(session, workshop, "not-a-token") is None
        with pytest.raises(JoinRefused, match=r"already taken.*such as “seat 4 2”"):
            join(session, workshop, "seat 4")
        join(session, other, "Seat 4")  # another workshop's names are its own


def test_the_intake_stores_conditions_and_the_seat_plan(database: Database, library: Library) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session)
        participant, _ = join(session, workshop, "Mia")
        with pytest.raises(ValueError, match="unknown condition: nonsense"):
            save_intake(session, participant, library, ["nonsense"])
        intake = save_intake(session, participant, library, ["pregnancy", "knee-injury"])
        assert participant.conditions == ["knee-injury", "pregnancy"]  # library order
        assert participant.plan is not None
        steps = [s for p in participant.plan["phases"] for s in p["steps"]]
        room = [s for p in workshop.plan["phases"] for s in p["steps"]]
        assert [s["seconds"] for s in steps] == [s["seconds"] for s in room]
        assert intake.conditions == ("knee-injury", "pregnancy")


def test_checkins_are_idempotent_and_refuse_other_answers(database: Database) -> None:
    ratings = {"tension": 6, "pain": 2, "distress": 3, "breath": 7}
    with database.transaction() as session:
        workshop = make_workshop(session)
        participant, _ = join(session, workshop, "Mia")
        first = add_checkin(session, participant, "before", ratings)
        again = add_checkin(session, participant, "before", dict(ratings))
        assert first.id == again.id
        with pytest.raises(CheckinConflict):
            add_checkin(session, participant, "before", {**ratings, "pain": 5})
        with pytest.raises(ValueError, match="moment"):
            add_checkin(session, participant, "during", ratings)
        add_checkin(session, participant, "after", ratings)
        count = session.scalar(select(func.count()).select_from(ParticipantCheckin))
        assert count == 2


def test_signals_carry_the_step_and_count_as_needing_a_moment(database: Database) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session, state="running")
        move_room(session, workshop.id, step=3)
        mia, _ = join(session, workshop, "Mia")
        ben, _ = join(session, workshop, "Ben")
        signal = add_signal(session, mia, "moment")
        assert signal.step_index == 3
        add_signal(session, ben, "stop")
        assert room_state(session, workshop)["needing_moment"] == 2
        add_signal(session, mia, "ok")
        state = room_state(session, workshop)
        assert state["needing_moment"] == 1
        assert state["joined"] == 2
        with pytest.raises(ValueError, match="kind"):
            add_signal(session, mia, "help")
        assert session.scalar(select(func.count()).select_from(WorkshopSignal)) == 3


def test_the_same_signal_again_at_once_is_the_same_signal(database: Database) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session, state="running")
        mia, _ = join(session, workshop, "Mia")
        first = add_signal(session, mia, "stop")
        assert [add_signal(session, mia, "stop").id for _ in range(50)] == [first.id] * 50
        assert add_signal(session, mia, "ok").id != first.id  # another kind is news
        count = (
            select(func.count()).select_from(WorkshopSignal).where(WorkshopSignal.workshop_id == workshop.id)
        )
        assert session.scalar(count) == 2


def test_a_workshop_takes_so_many_seats_and_no_more(database: Database) -> None:
    with database.transaction() as session:
        workshop = make_workshop(session)
        for number in range(MOST_SEATS):
            join(session, workshop, f"Seat {number}")
        with pytest.raises(JoinRefused, match="This workshop is full"):
            join(session, workshop, "One more")


def _join_at_once(database: Database, workshop_id: int, nicknames: list[str]) -> list[str]:
    barrier = Barrier(len(nicknames))

    def one(nickname: str) -> str:
        barrier.wait()
        try:
            with database.transaction() as session:
                workshop = session.get_one(Workshop, workshop_id)
                join(session, workshop, nickname)
            return "seated"
        except JoinRefused as refused:
            return str(refused)

    with ThreadPoolExecutor(len(nicknames)) as pool:
        return list(pool.map(one, nicknames))


def test_twenty_phones_joining_at_once_are_all_seated(database: Database) -> None:
    with database.transaction() as session:
        workshop_id = make_workshop(session).id
    answers = _join_at_once(database, workshop_id, [f"Seat {n}" for n in range(1, 21)])
    assert answers == ["seated"] * 20
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 20


def test_one_nickname_chosen_at_once_seats_one_and_tells_the_other(database: Database) -> None:
    with database.transaction() as session:
        workshop_id = make_workshop(session).id
    answers = _join_at_once(database, workshop_id, ["Anna", "Anna"])
    assert answers.count("seated") == 1
    assert "already taken" in next(answer for answer in answers if answer != "seated")
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 1


def test_a_place_linked_to_a_person_is_in_their_export_without_the_token(database: Database) -> None:
    from psoas.store.export import export_data
    from psoas.store.people import local_person

    ratings = {"tension": 6, "pain": 2, "distress": 3, "breath": 7}
    with database.transaction() as session:
        workshop = make_workshop(session, state="running")
        mia, token = join(session, workshop, "Mia")
        join(session, workshop, "Ben")
        add_checkin(session, mia, "before", ratings)
        add_signal(session, mia, "moment")
        mia.person_id = local_person(session).id
        session.flush()
        exported = export_data(session, mia.person_id)["workshop_participations"]
        assert len(exported) == 1
        assert exported[0]["nickname"] == "Mia"
        assert exported[0]["workshop_title"] == "Tuesday group"
        assert exported[0]["checkins"][0]["tension"] == 6
        assert exported[0]["signals"][0]["kind"] == "moment"
        assert token_digest(token) not in str(exported)


def test_the_last_places_taken_at_once_never_seat_more_than_the_workshop_takes(database: Database) -> None:
    """Ten phones asking for the last five places at once: five are seated and five told the
    workshop is full (on PostgreSQL, counting then inserting let every one of them in)."""
    with database.transaction() as session:
        workshop = make_workshop(session)
        workshop_id = workshop.id
        for number in range(MOST_SEATS - 5):
            join(session, workshop, f"Seat {number}")
    answers = _join_at_once(database, workshop_id, [f"Late {n}" for n in range(10)])
    assert sorted(answers).count("seated") == 5
    with database.transaction() as session:
        seated = session.scalar(select(func.count()).select_from(Participant))
    assert seated == MOST_SEATS


def test_the_same_signal_sent_at_once_from_one_phone_is_stored_once(database: Database) -> None:
    """A double tap, or a phone that retries, sends the same signal twice in the same instant: one
    signal reaches the console (on PostgreSQL, each request saw no recent signal and stored its own)."""
    with database.transaction() as session:
        workshop = make_workshop(session, state="running")
        mia, _ = join(session, workshop, "Mia")
        mia_id = mia.id
    barrier = Barrier(8)

    def send(_: int) -> int:
        barrier.wait()
        with database.transaction() as session:
            return add_signal(session, session.get_one(Participant, mia_id), "moment").id

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(send, range(8)))
    with database.transaction() as session:
        stored = session.scalar(select(func.count()).select_from(WorkshopSignal))
    assert stored == 1
    assert len(ids) == 1
