"""What the facilitator's console reads: the roster with only what needs attention, the signals
feed, acknowledging a signal, and after the end the group's figures, which are counts only."""

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psoas.json_text import json_text
from psoas.practice.library import Library
from psoas.practice.workshop import plan_from_json, seat_plan
from psoas.store.models import Participant, ParticipantCheckin, Workshop, WorkshopSignal
from psoas.store.records import RECORD_IDS
from psoas.store.utc_time import utc_now
from psoas.store.workshop_room import needing_attention

RATINGS = ("tension", "pain", "distress", "breath")
MOMENTS = ("before", "after")
SIGNAL_WORDS = {"ok": "OK", "moment": "needs a moment", "stop": "Stop & ground"}
FEED_MOST = 50
# A figure of fewer answers than this is withheld: in a small group, the median of one or two
# answers is a person's own answer, which the facilitator could tell from who checked in.
FIGURES_LEAST = 3


@dataclass(frozen=True)
class Seat:
    """One participant as the console lists them: the name they chose and nothing of their intake
    but the attention flags their plan raised."""

    id: int
    nickname: str
    attention: tuple[str, ...]
    needs_attention: bool
    checked_in: tuple[str, ...]  # "before", "after"


def roster(session: Session, workshop: Workshop, library: Library) -> list[Seat]:
    """Everyone who joined, those whose signal waits for the facilitator first, then those with an
    attention flag, then in the order they joined."""
    participants = list(
        session.scalars(
            select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.id)
        )
    )
    if not participants:
        return []
    waiting = set(needing_attention(session, workshop.id))
    checkins: dict[int, list[str]] = {}
    for participant_id, moment in session.execute(
        select(ParticipantCheckin.participant_id, ParticipantCheckin.moment)
        .join(Participant, Participant.id == ParticipantCheckin.participant_id)
        .where(Participant.workshop_id == workshop.id)
    ):
        checkins.setdefault(participant_id, []).append(moment)
    room = json_text(workshop.plan)
    flags: dict[tuple[str, ...], tuple[str, ...]] = {}
    seats = []
    for participant in participants:
        conditions = tuple(sorted(participant.conditions or ()))
        if conditions not in flags:
            flags[conditions] = _attention(room, conditions, library) if conditions else ()
        done = checkins.get(participant.id, [])
        seats.append(
            Seat(
                id=participant.id,
                nickname=participant.nickname,
                attention=flags[conditions],
                needs_attention=participant.id in waiting,
                checked_in=tuple(m for m in MOMENTS if m in done),
            )
        )
    return sorted(seats, key=lambda seat: (not seat.needs_attention, not seat.attention, seat.id))


# The console redraws its roster whenever someone joins or signals: each set of conditions is
# planned once per room plan (a library is hashed by identity; the plan, by its JSON).
@lru_cache(maxsize=1024)
def _attention(room: str, conditions: tuple[str, ...], library: Library) -> tuple[str, ...]:
    return seat_plan(plan_from_json(json.loads(room)), conditions, library).attention


@dataclass(frozen=True)
class FeedItem:
    id: int
    participant_id: int
    nickname: str
    kind: str
    words: str
    step_index: int | None
    at: datetime
    acknowledged_at: datetime | None


def signal_feed(session: Session, workshop: Workshop, most: int = FEED_MOST) -> list[FeedItem]:
    """The workshop's latest signals, newest first."""
    rows = session.execute(
        select(WorkshopSignal, Participant.nickname)
        .join(Participant, Participant.id == WorkshopSignal.participant_id)
        .where(WorkshopSignal.workshop_id == workshop.id)
        .order_by(WorkshopSignal.id.desc())
        .limit(most)
    )
    return [
        FeedItem(
            id=signal.id,
            participant_id=signal.participant_id,
            nickname=nickname,
            kind=signal.kind,
            words=SIGNAL_WORDS.get(signal.kind, signal.kind),
            step_index=signal.step_index,
            at=signal.at,
            acknowledged_at=signal.acknowledged_at,
        )
        for signal, nickname in rows
    ]


def acknowledge(session: Session, workshop: Workshop, signal_id: int) -> WorkshopSignal | None:
    """Mark the workshop's signal as seen (once: the first moment stays); None if it has none with
    this id."""
    if signal_id not in RECORD_IDS:
        return None
    signal = session.get(WorkshopSignal, signal_id)
    if signal is None or signal.workshop_id != workshop.id:
        return None
    if signal.acknowledged_at is None:
        signal.acknowledged_at = utc_now()
        session.flush()
    return signal


def _figures(answers: list[int]) -> dict[str, Any]:
    # Released in groups of FIGURES_LEAST answers, in the order they came: figures that changed with
    # every answer would show a facilitator watching the console each person's own answer as it
    # arrived (the roster shows who has checked in).
    values = answers[: len(answers) - len(answers) % FIGURES_LEAST]
    if not values:
        return {"answered": len(answers), "counts": None, "median": None, "lowest": None, "highest": None}
    counts = [values.count(value) for value in range(11)]
    return {
        "answered": len(answers),
        "shown": len(values),
        "counts": counts,
        "median": median(values),
        "lowest": min(values),
        "highest": max(values),
    }


def group_figures(session: Session, workshop: Workshop) -> dict[str, Any]:
    """The group's figures, with nobody in them on their own: for each moment and rating how many
    answered and, over the answers released in groups of FIGURES_LEAST (in the order they came),
    how many gave each value from 0 to 10, the median and the range; how many joined; how many
    Stop & grounds and "I need a moment" signals were sent, and by how many people."""
    values: dict[str, dict[str, list[int]]] = {m: {r: [] for r in RATINGS} for m in MOMENTS}
    for checkin in session.scalars(
        select(ParticipantCheckin)
        .join(Participant, Participant.id == ParticipantCheckin.participant_id)
        .where(Participant.workshop_id == workshop.id)
        .order_by(ParticipantCheckin.id)
    ):
        for rating in RATINGS:
            values[checkin.moment][rating].append(int(getattr(checkin, rating)))
    signals = {
        kind: (int(count), int(people))
        for kind, count, people in session.execute(
            select(
                WorkshopSignal.kind,
                func.count(),
                func.count(func.distinct(WorkshopSignal.participant_id)),
            )
            .where(WorkshopSignal.workshop_id == workshop.id)
            .group_by(WorkshopSignal.kind)
        )
    }
    joined = session.scalar(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id)
    )
    return {
        "joined": int(joined or 0),
        "checkins": {m: {r: _figures(values[m][r]) for r in RATINGS} for m in MOMENTS},
        "stops": signals.get("stop", (0, 0))[0],
        "stopped_people": signals.get("stop", (0, 0))[1],
        "moments": signals.get("moment", (0, 0))[0],
        "moment_people": signals.get("moment", (0, 0))[1],
    }
