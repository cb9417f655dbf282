"""A participant's choice to share their data with a workshop's facilitator, and the audit log.

Sharing is per kind (check-ins, questionnaires, recordings), with one facilitator at a time, and
revocable: revoking sets `revoked_at`, granting again clears it. Every time a facilitator is shown
a kind of shared data, `record_view` writes a DataView row the participant can read.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from psoas.signals.registry import KINDS
from psoas.store.models import (
    SHARE_KINDS,
    Account,
    Checkin,
    DataView,
    Participant,
    ParticipantCheckin,
    Person,
    PracticeSession,
    Share,
    Workshop,
)
from psoas.store.practice_log import RATINGS, checkin_record
from psoas.store.questionnaires import list_results, result_record
from psoas.store.recordings import list_recordings
from psoas.store.upsert import insert_or_update
from psoas.store.utc_time import iso, utc_now

_SHARES = Share.metadata.tables[Share.__tablename__]
KIND_LABELS = {
    "checkins": "Check-ins",
    "questionnaires": "Questionnaire results",
    "recordings": "Recording figures",
}


@dataclass(frozen=True)
class Facilitator:
    """Someone a person may share with: the facilitator of a workshop they kept a place in."""

    person_id: int
    name: str
    workshops: tuple[str, ...]


def _check_kind(kind: str) -> None:
    if kind not in SHARE_KINDS:
        raise ValueError(f"a kind of shared data is one of {', '.join(SHARE_KINDS)}")


def _share(person_id: int, facilitator_id: int) -> Select[Share]:
    return select(Share).where(Share.person_id == person_id, Share.facilitator_id == facilitator_id)


def share(session: Session, person_id: int, facilitator_id: int, kind: str) -> None:
    """Let the facilitator see this kind of the person's data (again, if it had been revoked).

    One statement that inserts or updates, so two taps at once both succeed and leave one row.
    """
    _check_kind(kind)
    connection = session.connection()
    unique = ["person_id", "facilitator_id", "kind"]
    statement = insert_or_update(connection, _SHARES, unique, ["granted_at", "revoked_at"])
    row = {"person_id": person_id, "facilitator_id": facilitator_id, "kind": kind}
    connection.execute(statement, {**row, "granted_at": utc_now(), "revoked_at": None})


def revoke(session: Session, person_id: int, facilitator_id: int, kind: str) -> None:
    """Stop sharing this kind with the facilitator; the row stays, marked revoked, for the record."""
    _check_kind(kind)
    row = session.scalar(_share(person_id, facilitator_id).where(Share.kind == kind))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utc_now()
        session.flush()


def shared_kinds(session: Session, person_id: int, facilitator_id: int) -> list[str]:
    """The kinds the person shares with the facilitator now, in the order of SHARE_KINDS."""
    found = {row.kind for row in session.scalars(_share(person_id, facilitator_id)) if row.revoked_at is None}
    return [kind for kind in SHARE_KINDS if kind in found]


def shares_of(session: Session, person_id: int) -> list[Share]:
    """Every share the person ever made, revoked ones too."""
    return list(session.scalars(select(Share).where(Share.person_id == person_id).order_by(Share.id)))


def record_view(session: Session, person_id: int, viewer_id: int, kind: str) -> DataView:
    """Write to the audit log that the viewer was shown this kind of the person's data."""
    _check_kind(kind)
    name = _names(session, {viewer_id}).get(viewer_id, "")
    view = DataView(person_id=person_id, viewer_id=viewer_id, viewer_name=name, kind=kind)
    session.add(view)
    session.flush()
    return view


def views_of(session: Session, person_id: int) -> list[tuple[DataView, str]]:
    """The audit log of the person's data, newest first, with each viewer's name as it was when
    they looked (kept when the viewer has since deleted their data)."""
    rows = session.scalars(
        select(DataView)
        .where(DataView.person_id == person_id)
        .order_by(DataView.at.desc(), DataView.id.desc())
    )
    return [(view, view.viewer_name) for view in rows]


def facilitators_of(session: Session, person_id: int) -> list[Facilitator]:
    """The facilitators of the workshops where the person linked their place, and those they share with."""
    names: dict[int, list[str]] = {}
    for facilitator_id, title in session.execute(
        select(Workshop.facilitator_id, Workshop.title)
        .join(Participant, Participant.workshop_id == Workshop.id)
        .where(Participant.person_id == person_id)
        .order_by(Workshop.id)
    ):
        names.setdefault(facilitator_id, []).append(title)
    for facilitator_id in session.scalars(select(Share.facilitator_id).where(Share.person_id == person_id)):
        names.setdefault(facilitator_id, [])
    people = {
        p.id: p.name or (a or "")
        for p, a in session.execute(
            select(Person, Account.username)
            .outerjoin(Account, Account.person_id == Person.id)
            .where(Person.id.in_(list(names)))
        )
    }
    return [Facilitator(i, people.get(i, ""), tuple(titles)) for i, titles in names.items() if i in people]


def link_seat(session: Session, participant: Participant, person_id: int) -> None:
    """Keep a workshop place with the person's account: its check-ins become theirs to share."""
    participant.person_id = person_id
    session.flush()


def participant_in(session: Session, workshop_id: int, participant_id: int) -> Participant | None:
    """The participant with this id in this workshop, or None."""
    found = session.get(Participant, participant_id)
    return found if found is not None and found.workshop_id == workshop_id else None


def shared_data(session: Session, person_id: int, kinds: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The person's data of each kind: check-ins alone and in workshops, questionnaire results
    (totals, bands and flags, not each answer) and the headline figures of their recordings."""
    data: dict[str, list[dict[str, Any]]] = {}
    if "checkins" in kinds:
        data["checkins"] = _checkins(session, person_id)
    if "questionnaires" in kinds:
        data["questionnaires"] = [_result(result_record(r)) for r in list_results(session, person_id)]
    if "recordings" in kinds:
        data["recordings"] = [
            _recording_figures(r.analysis, iso(r.created_at)) for r in list_recordings(session, person_id)
        ]
    return data


def _checkins(session: Session, person_id: int) -> list[dict[str, Any]]:
    alone = session.execute(
        select(Checkin, PracticeSession.started_at)
        .join(PracticeSession, PracticeSession.id == Checkin.session_id)
        .where(Checkin.person_id == person_id)
    )
    rows = [{"where": "practising alone", **_ratings(checkin_record(c))} for c, _ in alone]
    in_workshops = session.execute(
        select(ParticipantCheckin, Workshop.title)
        .join(Participant, Participant.id == ParticipantCheckin.participant_id)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.person_id == person_id)
    )
    for checkin, title in in_workshops:
        values = {name: getattr(checkin, name) for name in RATINGS}
        rows.append(
            {"where": title, "moment": checkin.moment, **values, "created_at": iso(checkin.created_at)}
        )
    return sorted(rows, key=lambda row: row["created_at"])


def _ratings(record: dict[str, Any]) -> dict[str, Any]:
    """A check-in's ratings and when, without its private note."""
    return {key: record[key] for key in ("moment", *RATINGS, "created_at")}


def _result(record: dict[str, Any]) -> dict[str, Any]:
    keep = ("instrument", "total", "band", "flags", "taken_at")
    return {key: record.get(key) for key in keep}


def _recording_figures(analysis: dict[str, Any], created_at: str) -> dict[str, Any]:
    kind = KINDS.get(str(analysis.get("kind")))
    names = kind.figures if kind is not None else ()
    return {
        "kind": kind.title if kind is not None else str(analysis.get("kind")),
        "duration_s": analysis.get("duration_s"),
        "figures": {name: analysis.get(name) for name in names},
        "created_at": created_at,
    }


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.execute(
        select(Person.id, Person.name, Account.username)
        .outerjoin(Account, Account.person_id == Person.id)
        .where(Person.id.in_(list(ids)))
    )
    return {i: name or username or "" for i, name, username in rows}


def sharing_export(session: Session, person_id: int) -> dict[str, Any]:
    """The person's account, shares and audit log, for the export.

    The account without its password hash (left out on purpose: it is no data of the person's, and
    a copy of it would let anyone who gets the file guess the password offline) and without its
    logins (a login is a key to the account, not something the person did or said). The audit log
    is both ways: who looked at the person's data (named), and when the person looked at someone's
    shared data as a facilitator (a record of what they did; the other person by number only, since
    one person's export carries no one else's name).
    """
    account = session.scalar(select(Account).where(Account.person_id == person_id))
    shares = shares_of(session, person_id)
    seen = list(
        session.scalars(select(DataView).where(DataView.person_id == person_id).order_by(DataView.id))
    )
    looked = list(
        session.scalars(select(DataView).where(DataView.viewer_id == person_id).order_by(DataView.id))
    )
    names = _names(
        session,
        {s.facilitator_id for s in shares} | {v.person_id for v in looked},
    )
    return {
        "account": None
        if account is None
        else {
            "username": account.username,
            "role": account.role,
            "created_at": iso(account.created_at),
            "password_changed_at": iso(account.password_changed_at),
        },
        "shares": [
            {
                "facilitator_id": s.facilitator_id,
                "facilitator": names.get(s.facilitator_id, ""),
                "kind": s.kind,
                "granted_at": iso(s.granted_at),
                "revoked_at": None if s.revoked_at is None else iso(s.revoked_at),
            }
            for s in shares
        ],
        "data_views": [
            {"viewer_id": v.viewer_id, "viewer_name": v.viewer_name, "kind": v.kind, "at": iso(v.at)}
            for v in seen
        ],
        "data_views_made": [{"person_id": v.person_id, "kind": v.kind, "at": iso(v.at)} for v in looked],
    }
