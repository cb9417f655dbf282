"""A participant's place in a workshop, from their phone and with no account: joining with the
room's code, the seat's token, the private intake, check-ins and signals.

The phone holds the seat's token; only its SHA-256 is stored, so the database alone cannot act as
anyone's phone. A nickname is unique in its workshop: two phones choosing the same one at once
cannot both have it (the unique index decides, and the second is told to choose another).
"""

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from psoas.practice.library import Library
from psoas.practice.workshop import plan_from_json, seat_plan
from psoas.store.models import (
    JOIN_CODE_MOST,
    NICKNAME_MOST,
    Participant,
    ParticipantCheckin,
    Workshop,
    WorkshopSignal,
)
from psoas.store.turns import take_turn
from psoas.store.upsert import insert_or_ignore
from psoas.store.utc_time import as_utc, iso, utc_now

RATINGS = ("tension", "pain", "distress", "breath")
MOMENTS = ("before", "after")
SIGNALS = ("ok", "moment", "stop")
_PARTICIPANTS: Table = Participant.metadata.tables[Participant.__tablename__]
_CHECKINS: Table = ParticipantCheckin.metadata.tables[ParticipantCheckin.__tablename__]


class JoinRefused(ValueError):
    """A nickname that cannot be used; `str(error)` says why, in plain words, and what to do."""


class CheckinConflict(ValueError):
    """This moment's check-in is already stored, with other answers."""


def normal_code(text: str) -> str:
    """A join code as typed, read the way it is stored: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]+", "", text).upper()


def open_workshop(session: Session, code: str) -> Workshop | None:
    """The workshop that accepts joins with this code (case and spaces do not matter), or None when
    there is none or it has ended."""
    wanted = normal_code(code)
    if not wanted or len(wanted) > JOIN_CODE_MOST:
        return None
    return session.scalar(select(Workshop).where(Workshop.join_code == wanted, Workshop.state != "ended"))


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    """The workshop with this code, ended or not: a seated phone still sees its after check-in."""
    wanted = normal_code(code)
    if not wanted or len(wanted) > JOIN_CODE_MOST:
        return None
    return session.scalar(select(Workshop).where(Workshop.join_code == wanted))


def clean_nickname(text: str) -> str:
    """The nickname as it will be stored, or JoinRefused naming what is wrong with it."""
    nickname = unicodedata.normalize("NFC", text).strip()
    if any(unicodedata.category(character).startswith("C") for character in nickname):
        raise JoinRefused("A nickname cannot hold control characters (such as a tab or a line break).")
    if not nickname:
        raise JoinRefused("Choose a nickname or a seat number, 1 to 40 characters.")
    if len(nickname) > NICKNAME_MOST:
        raise JoinRefused(
            f"A nickname may be at most {NICKNAME_MOST} characters; this one has {len(nickname)}."
        )
    return nickname


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _taken(session: Session, workshop_id: int, nickname: str) -> bool:
    found = session.scalar(
        select(Participant.id).where(
            Participant.workshop_id == workshop_id, func.lower(Participant.nickname) == nickname.lower()
        )
    )
    return found is not None


def _suggestion(session: Session, workshop_id: int, nickname: str) -> str:
    """A free nickname like the taken one: "Anna 2", "Anna 3", ..."""
    stem = nickname[: NICKNAME_MOST - 4]
    for number in range(2, 1000):
        candidate = f"{stem} {number}"
        if not _taken(session, workshop_id, candidate):
            return candidate
    return f"{stem} {secrets.randbelow(9000) + 1000}"


def _refuse_taken(session: Session, workshop_id: int, nickname: str) -> JoinRefused:
    return JoinRefused(
        f"“{nickname}” is already taken in this workshop. "
        f"You may choose another, such as “{_suggestion(session, workshop_id, nickname)}”."
    )


# Seats in one workshop: a room of 200 (issue 23's load) and some, so that anyone who has seen the
# code cannot make seats without end.
MOST_SEATS = 250
SAME_SIGNAL_WITHIN = timedelta(seconds=2)


def join(session: Session, workshop: Workshop, nickname_text: str) -> tuple[Participant, str]:
    """Seat a new participant; return them and their token (shown to no one but their phone).

    Nicknames differ in more than case. The insert does nothing when the exact nickname is taken
    meanwhile (the unique index decides between phones that ask at once), and the loser is told.
    """
    nickname = clean_nickname(nickname_text)
    take_turn(session, "join", workshop.id)  # so the last places are counted one phone at a time
    seated = session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    if (seated or 0) >= MOST_SEATS:
        raise JoinRefused(f"This workshop is full ({MOST_SEATS} places); please ask the facilitator.")
    if _taken(session, workshop.id, nickname):
        raise _refuse_taken(session, workshop.id, nickname)
    token = secrets.token_urlsafe(32)
    statement = insert_or_ignore(session.connection(), _PARTICIPANTS, ["workshop_id", "nickname"]).returning(
        _PARTICIPANTS.c.id
    )
    made = session.execute(
        statement,
        {
            "workshop_id": workshop.id,
            "token_digest": token_digest(token),
            "nickname": nickname,
            "conditions": [],
            "plan": None,
            "joined_at": utc_now(),
        },
    ).scalar()
    if made is None:
        raise _refuse_taken(session, workshop.id, nickname)
    participant = session.get(Participant, made)
    assert participant is not None
    return participant, token


def seat_by_token(session: Session, code: str, token: str | None) -> Participant | None:
    """The seat this token holds in the workshop with this code, found by the token alone: a phone
    that holds its seat is never held up by anyone's wrong codes (its token, 256 random bits,
    needs no limit)."""
    if not token:
        return None
    return session.scalar(
        select(Participant)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.token_digest == token_digest(token), Workshop.join_code == normal_code(code))
    )


def seat_of(session: Session, workshop: Workshop, token: str | None) -> Participant | None:
    """The participant this token seats in this workshop; None for a missing or foreign token."""
    if not token:
        return None
    return session.scalar(
        select(Participant).where(
            Participant.token_digest == token_digest(token), Participant.workshop_id == workshop.id
        )
    )


def check_conditions(library: Library, conditions: Iterable[str]) -> tuple[str, ...]:
    """The chosen conditions, in library order; ValueError naming any the library does not have."""
    chosen = set(conditions)
    unknown = sorted(chosen - set(library.conditions))
    if unknown:
        raise ValueError(f"unknown condition: {', '.join(unknown)}")
    return tuple(condition for condition in library.conditions if condition in chosen)


@dataclass(frozen=True)
class Intake:
    """What the intake made: the person's conditions and plan, and what their facilitator and
    they themselves are told of it."""

    conditions: tuple[str, ...]
    plan: dict[str, Any]
    attention: tuple[str, ...]
    notes: tuple[str, ...]


def seat_intake(workshop: Workshop, conditions: tuple[str, ...], library: Library) -> Intake:
    made = seat_plan(plan_from_json(workshop.plan), conditions, library)
    return Intake(conditions, made.plan.to_json(), made.attention, made.notes)


def save_intake(
    session: Session, participant: Participant, library: Library, conditions: Iterable[str]
) -> Intake:
    """Store the private intake on the seat with the seat's own plan of the room's steps."""
    workshop = session.get(Workshop, participant.workshop_id)
    assert workshop is not None
    intake = seat_intake(workshop, check_conditions(library, conditions), library)
    participant.conditions = list(intake.conditions)
    participant.plan = {
        **intake.plan,
        "seat": {"attention": list(intake.attention), "notes": list(intake.notes)},
    }
    session.flush()
    return intake


def seat_notes(participant: Participant) -> tuple[list[str], list[str]]:
    """The attention (for the facilitator) and notes (for the participant) stored with the plan."""
    seat = (participant.plan or {}).get("seat", {})
    return list(seat.get("attention", [])), list(seat.get("notes", []))


def checkins_of(session: Session, participant_id: int) -> dict[str, ParticipantCheckin]:
    found = session.scalars(
        select(ParticipantCheckin).where(ParticipantCheckin.participant_id == participant_id)
    )
    return {checkin.moment: checkin for checkin in found}


def check_ratings(values: dict[str, Any]) -> dict[str, int]:
    """The four ratings as whole numbers 0 to 10; ValueError naming each one that is not."""
    problems = []
    ratings: dict[str, int] = {}
    for name in RATINGS:
        value = values.get(name)
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
        if not 0 <= number <= 10:
            problems.append(f"{name}: choose a whole number from 0 to 10")
        ratings[name] = number
    if problems:
        raise ValueError("; ".join(problems))
    return ratings


def add_checkin(
    session: Session, participant: Participant, moment: str, ratings: dict[str, int]
) -> ParticipantCheckin:
    """Store the before or after check-in. Sent again with the same answers (a retry after a lost
    answer) it returns the stored one; other answers for a stored moment are a CheckinConflict."""
    if moment not in MOMENTS:
        raise ValueError("moment: 'before' or 'after'")
    statement = insert_or_ignore(session.connection(), _CHECKINS, ["participant_id", "moment"])
    session.execute(
        statement, {"participant_id": participant.id, "moment": moment, **ratings, "created_at": utc_now()}
    )
    stored = checkins_of(session, participant.id)[moment]
    session.refresh(stored)
    if any(getattr(stored, name) != ratings[name] for name in RATINGS):
        raise CheckinConflict(f"your '{moment}' check-in is already saved, with other answers")
    return stored


def add_signal(session: Session, participant: Participant, kind: str) -> WorkshopSignal:
    """Record "I'm OK", "I need a moment" or Stop & ground at the step the room is on."""
    if kind not in SIGNALS:
        raise ValueError("kind: 'ok', 'moment' or 'stop'")
    workshop = session.get(Workshop, participant.workshop_id)
    assert workshop is not None
    # The same signal again within a moment (a double tap, a script) is the same signal: the
    # console's feed is not flooded, and the first one stands. Sent at once, they take turns.
    take_turn(session, "signal", participant.id)
    last = last_signal(session, participant.id)
    if last is not None and last.kind == kind and utc_now() - as_utc(last.at) < SAME_SIGNAL_WITHIN:
        return last
    signal = WorkshopSignal(
        workshop_id=workshop.id,
        participant_id=participant.id,
        kind=kind,
        step_index=workshop.step_index,
        at=utc_now(),
    )
    session.add(signal)
    session.flush()
    return signal


def last_signal(session: Session, participant_id: int) -> WorkshopSignal | None:
    return session.scalar(
        select(WorkshopSignal)
        .where(WorkshopSignal.participant_id == participant_id)
        .order_by(WorkshopSignal.id.desc())
        .limit(1)
    )


def acknowledged_since(signal: WorkshopSignal | None) -> datetime | None:
    return signal.acknowledged_at if signal is not None else None


def participations_export(session: Session, person_id: int) -> list[dict[str, Any]]:
    """The workshop places a person linked to their account, for their export: every column but
    the token's digest (a phone's credential, not the person's data), with the workshop's title,
    the check-ins and the signals."""
    found = session.scalars(
        select(Participant).where(Participant.person_id == person_id).order_by(Participant.id)
    )
    records = []
    for participant in found:
        workshop = session.get_one(Workshop, participant.workshop_id)
        signals = session.scalars(
            select(WorkshopSignal)
            .where(WorkshopSignal.participant_id == participant.id)
            .order_by(WorkshopSignal.id)
        )
        records.append(
            {
                "id": participant.id,
                "workshop_id": participant.workshop_id,
                "workshop_title": workshop.title,
                "nickname": participant.nickname,
                "conditions": participant.conditions,
                "plan": participant.plan,
                "joined_at": iso(participant.joined_at),
                "checkins": [
                    {
                        "moment": c.moment,
                        **{name: getattr(c, name) for name in RATINGS},
                        "created_at": iso(c.created_at),
                    }
                    for c in checkins_of(session, participant.id).values()
                ],
                "signals": [
                    {
                        "kind": s.kind,
                        "step_index": s.step_index,
                        "at": iso(s.at),
                        "acknowledged_at": iso(s.acknowledged_at) if s.acknowledged_at else None,
                    }
                    for s in signals
                ],
            }
        )
    return records
