"""Plans, practice sessions and check-ins: what a person practised and how they felt."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, and_, case, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from psoas.practice.session_plan import reached_seconds
from psoas.practice.step_log import COUNTS_AS_PRACTICE, StepRecord, summarise
from psoas.practice.suggestion import HARD_DISTRESS
from psoas.store.models import Checkin, PracticeSession, StoredPlan
from psoas.store.records import owned_record
from psoas.store.upsert import insert_or_ignore
from psoas.store.utc_time import iso, utc_now

RATINGS = ("tension", "pain", "distress", "breath")


class Conflict(Exception):
    """The change would contradict what is stored (e.g. a second 'before' check-in)."""


@dataclass(frozen=True)
class CheckinValues:
    """One check-in as validated by the caller: ratings 0 to 10."""

    moment: str
    tension: int
    pain: int
    distress: int
    breath: int
    note: str = ""
    emotions_came_up: bool | None = None


# Built once: planning is the API's busiest write, and an ORM unit of work for a row that is only
# inserted cost more than the planning itself.
_PLANS = StoredPlan.metadata.tables[StoredPlan.__tablename__]
_CHECKINS = Checkin.metadata.tables[Checkin.__tablename__]
# Ids come back in the order the plans were given, so each caller gets its own.
_INSERT_PLANS = insert(_PLANS).returning(_PLANS.c.id, sort_by_parameter_order=True)


def save_plans(connection: Connection, person_id: int, plans: Sequence[dict[str, Any]]) -> list[int]:
    """Store plans (their JSON, schema 1) for the person; return their ids in the plans' order."""
    rows = [
        {"person_id": person_id, "request": p["request"], "plan": p, "total_seconds": p["total_seconds"]}
        for p in plans
    ]
    return [int(i) for i in connection.execute(_INSERT_PLANS, rows).scalars()]


def save_plan(connection: Connection, person_id: int, plan_json: dict[str, Any]) -> int:
    """Store a plan (its JSON, schema 1) for the person; return its id."""
    return save_plans(connection, person_id, [plan_json])[0]


def get_plan(session: Session, person_id: int, plan_id: int) -> StoredPlan | None:
    """The person's plan with this id, or None."""
    return owned_record(session, StoredPlan, person_id, plan_id)


def start_practice(session: Session, person_id: int, plan_id: int) -> PracticeSession:
    """Record that the person started practising the plan with this id."""
    practice = PracticeSession(person_id=person_id, plan_id=plan_id, planned_seconds=length_of_plan(plan_id))
    session.add(practice)
    session.flush()
    return practice


def replace_plan(session: Session, practice: PracticeSession, plan_json: dict[str, Any]) -> StoredPlan:
    """Give a session that has not begun a new plan (the facilitator's answer changed it). Once a
    check-in or an ending is stored, the plan is what the person practised and stays: the session
    is pointed at the new plan in one statement that holds only while neither exists."""
    stored = StoredPlan(
        person_id=practice.person_id,
        request=plan_json["request"],
        plan=plan_json,
        total_seconds=plan_json["total_seconds"],
    )
    session.add(stored)
    session.flush()
    begun = exists().where(Checkin.session_id == PracticeSession.id)
    changed = session.execute(
        update(PracticeSession)
        .where(PracticeSession.id == practice.id, PracticeSession.finished_at.is_(None), ~begun)
        .values(plan_id=stored.id, planned_seconds=stored.total_seconds)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("this session has begun: its plan no longer changes; start a new session instead")
    session.refresh(practice)
    return stored


def get_practice(session: Session, person_id: int, session_id: int) -> PracticeSession | None:
    """The person's practice session with this id, or None."""
    return owned_record(session, PracticeSession, person_id, session_id)


class Practice(Protocol):
    """A practice session as its ORM object or as a row of its columns (`list_practices`)."""

    @property
    def id(self) -> int: ...
    @property
    def plan_id(self) -> int: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def finished_at(self) -> datetime | None: ...
    @property
    def completed(self) -> bool | None: ...
    @property
    def grounded(self) -> bool: ...
    @property
    def stopped_at_step(self) -> int | None: ...
    @property
    def step_log(self) -> list[dict[str, Any]] | None: ...
    @property
    def practised_seconds(self) -> int | None: ...
    @property
    def tremor_seconds(self) -> int | None: ...
    @property
    def idempotency_key(self) -> str | None: ...
    @property
    def request_digest(self) -> str | None: ...
    @property
    def planned_seconds(self) -> int | None: ...


# Rows of the sessions table, not ORM objects: lists only read them, and building an object for
# each of a page's sessions cost more than the query. Their statements name the table's columns, not
# the model's attributes, so that they bypass the ORM altogether (its loading and its longer cache
# keys took a third of a page of records' time).
_SESSIONS = PracticeSession.__table__
_SESSION_ROWS = select(*_SESSIONS.columns)


def list_practices(
    session: Session,
    person_id: int,
    limit: int | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    after: PracticeSession | None = None,
) -> list[Practice]:
    """The person's sessions, newest first: all, or the newest `limit`; only those started from
    `since` and before `until` when given; only those listed after `after` (the last of the page
    before), so that pages stay steady while sessions are added."""
    query = _newest_first(_SESSION_ROWS, person_id, since=since, until=until, after=after)
    return list(session.execute(query.limit(limit)))


def _newest_first(
    query: Any,
    person_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    after: PracticeSession | None = None,
) -> Any:
    """`query` of the sessions table kept to the person's sessions as `list_practices` takes them,
    newest first."""
    started_at, id_ = _SESSIONS.c.started_at, _SESSIONS.c.id
    query = query.where(_SESSIONS.c.person_id == person_id)
    if since is not None:
        query = query.where(started_at >= since)
    if until is not None:
        query = query.where(started_at < until)
    if after is not None:
        earlier = started_at < after.started_at
        same_time = and_(started_at == after.started_at, id_ < after.id)
        query = query.where(or_(earlier, same_time))
    return query.order_by(started_at.desc(), id_.desc())


class RecordsPage(NamedTuple):
    """A page of sessions: their rows, their records (`practice_records`), and whether another
    page follows."""

    practices: Sequence[Practice]
    records: list[dict[str, Any]]
    more: bool


def records_page(session: Session, person_id: int, size: int, after: int | None) -> RecordsPage | None:
    """A page of the person's sessions with their records, newest first, after the session with id
    `after` (the last of the page before); None when `after` names no session. The sessions and
    their check-ins come in one query, joined, where `practice_records` asks a second time."""
    paged = _page(session, _SESSIONS_WITH_ANSWERS, person_id, size, after)
    if paged is None:
        return None
    shown, more = paged
    plans = _plans_for(session, shown)
    records = [practice_record(row, _plan_or_length(plans, row), _joined_checkins(row)) for row in shown]
    return RecordsPage(shown, records, more)


class SummaryPage(NamedTuple):
    """A page of sessions' summaries (`practice_summary`), and whether another page follows."""

    summaries: list[dict[str, Any]]
    more: bool


def summary_page(session: Session, person_id: int, size: int, after: int | None) -> SummaryPage | None:
    """`records_page` for a list that shows only summaries, as History does: a third of the time."""
    paged = _page(session, _SUMMARY_ROWS, person_id, size, after)
    if paged is None:
        return None
    shown, more = paged
    plans = _plans_for(session, shown)
    return SummaryPage([practice_summary(row, _plan_or_length(plans, row)) for row in shown], more)


def _page(
    session: Session, query: Any, person_id: int, size: int, after: int | None
) -> tuple[list[Any], bool] | None:
    """`size` rows of `query` (of the sessions table), newest first, after the session with id
    `after`, and whether more follow; None when `after` names no session of the person's."""
    last_seen = None
    if after is not None:
        last_seen = get_practice(session, person_id, after)
        if last_seen is None:
            return None
    # One more than the page holds, to know whether another page follows.
    rows = list(session.execute(_newest_first(query, person_id, after=last_seen).limit(size + 1)))
    return rows[:size], len(rows) > size


def count_practices(session: Session, person_id: int) -> int:
    """How many sessions the person has started."""
    query = select(func.count()).where(PracticeSession.person_id == person_id)
    return int(session.scalar(query) or 0)


# A session the person began: checked in, practised a step, grounded or completed. A session opened
# and left before any of that (a double tap on Start) stands for nothing; one with only a check-in
# ("Not now" at high distress) still stands for "last time" when suggesting the next, so a hard
# evening shapes the next day. The weekly target counts COUNTED instead.
PRACTISED = or_(
    PracticeSession.completed.is_(True),
    PracticeSession.grounded.is_(True),
    PracticeSession.stopped_at_step.is_not(None),
    exists().where(Checkin.session_id == PracticeSession.id),
)


def latest_practised(session: Session, person_id: int) -> PracticeSession | None:
    """The person's most recent session that was practised, or None."""
    query = (
        select(PracticeSession)
        .where(PracticeSession.person_id == person_id, PRACTISED)
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


# The weekly target counts practice, not visits: 5 minutes by the step log, or, for a session
# with no log (from before it, or ended without the player), a completed one.
COUNTED = or_(
    PracticeSession.practised_seconds >= COUNTS_AS_PRACTICE,
    and_(PracticeSession.practised_seconds.is_(None), PracticeSession.completed.is_(True)),
)


def count_practised_since(session: Session, person_id: int, since: datetime) -> int:
    """How many sessions the person started at or after `since` that count towards the week."""
    query = select(func.count()).where(
        PracticeSession.person_id == person_id, PracticeSession.started_at >= since, COUNTED
    )
    return int(session.scalar(query) or 0)


def count_settled(session: Session, person_id: int, at_most: int) -> int:
    """Sessions that ended settled: completed and practised (as the week counts them), no Stop &
    ground, no distress of 8 or more before or after. The tremor limit grows with these, not the
    calendar. One count in the database, which stops at `at_most`: Home and the Plan page ask it
    on every visit, and past a point more sessions change nothing."""
    hard = exists().where(Checkin.session_id == PracticeSession.id, Checkin.distress >= HARD_DISTRESS)
    settled = (
        select(PracticeSession.id)
        .where(
            PracticeSession.person_id == person_id,
            PracticeSession.completed.is_(True),
            PracticeSession.grounded.is_(False),
            PracticeSession.finished_at.is_not(None),
            COUNTED,  # practised, not pressed through: 5 minutes by the log, or completed without one
            ~hard,
        )
        .limit(at_most)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(settled)) or 0)


def checkins_of(session: Session, session_ids: list[int]) -> dict[int, dict[str, Checkin]]:
    """Check-ins of these sessions, by session id and moment."""
    if not session_ids:
        return {}
    found: dict[int, dict[str, Checkin]] = {}
    for checkin in session.scalars(select(Checkin).where(Checkin.session_id.in_(session_ids))):
        found.setdefault(checkin.session_id, {})[checkin.moment] = checkin
    return found


def _same_answers(stored: Checkin, values: CheckinValues) -> bool:
    return all(
        getattr(stored, name) == getattr(values, name) for name in (*RATINGS, "note", "emotions_came_up")
    )


def _stored_or_conflict(session: Session, practice: PracticeSession, values: CheckinValues) -> Checkin:
    """The check-in already stored for this moment when it holds the same answers: a retry of a
    request whose answer was lost. Other answers are a conflict, which the caller must hear of."""
    stored = checkins_of(session, [practice.id]).get(practice.id, {}).get(values.moment)
    if stored is None:
        raise Conflict(f"the '{values.moment}' check-in could not be stored: the session changed meanwhile")
    if not _same_answers(stored, values):
        raise Conflict(f"this session already has a '{values.moment}' check-in, with other answers")
    return stored


def add_checkin(session: Session, practice: PracticeSession, values: CheckinValues) -> Checkin:
    """Store a check-in; a session has at most one before and one after. Sending the same one
    again returns the stored one; different answers for a moment already stored are refused.

    One INSERT that does nothing when the moment is stored: the same check-in sent many times at
    once is stored once, and every sender is answered with it (no unique-key error on PostgreSQL).
    """
    row = {
        "person_id": practice.person_id,
        "session_id": practice.id,
        "moment": values.moment,
        **{name: getattr(values, name) for name in RATINGS},
        "note": values.note,
        "emotions_came_up": values.emotions_came_up,
        "created_at": utc_now(),
    }
    session.execute(insert_or_ignore(session.connection(), _CHECKINS, ["session_id", "moment"]), row)
    return _stored_or_conflict(session, practice, values)


def finish_practice(
    session: Session,
    practice: PracticeSession,
    completed: bool,
    stopped_at_step: int | None,
    grounded: bool,
    log: Sequence[StepRecord] | None = None,
) -> PracticeSession:
    """Record how the session ended, once, even with two requests at once, with the player's step
    log when it sent one. The same ending sent again returns the session as stored; a different one
    is refused."""
    logged: dict[str, Any] = {}
    if log is not None:
        summary = summarise(log)
        logged = {
            "step_log": [record.to_json() for record in log],
            "practised_seconds": summary.practised_seconds,
            "tremor_seconds": summary.tremor_seconds,
        }
    finished = session.execute(
        update(PracticeSession)
        .where(PracticeSession.id == practice.id, PracticeSession.finished_at.is_(None))
        .values(
            finished_at=utc_now(),
            completed=completed,
            stopped_at_step=stopped_at_step,
            grounded=grounded,
            **logged,
        )
    )
    session.refresh(practice)
    if finished.rowcount == 1:  # type: ignore[attr-defined]
        return practice
    if (practice.completed, practice.stopped_at_step, practice.grounded) != (
        completed,
        stopped_at_step,
        grounded,
    ):
        raise Conflict("this session has already ended, in another way")
    return practice


class _Answers(Protocol):
    """A check-in as its ORM object or as a row of its columns."""

    moment: str
    tension: int
    pain: int
    distress: int
    breath: int
    note: str
    emotions_came_up: bool | None
    created_at: datetime


# A check-in's fields as its record holds them, in this order.
ANSWER_FIELDS = ("moment", *RATINGS, "note", "emotions_came_up", "created_at")


def checkin_record(checkin: _Answers) -> dict[str, Any]:
    """A check-in as plain JSON data."""
    return answers_record([getattr(checkin, name) for name in ANSWER_FIELDS])


def answers_record(values: Sequence[Any]) -> dict[str, Any]:
    """A check-in as plain JSON data, from its ANSWER_FIELDS in order."""
    record = dict(zip(ANSWER_FIELDS, values, strict=True))
    record["created_at"] = iso(record["created_at"])
    return record


def plan_length() -> Any:
    """A plan's length: its column, or for a row from before the column was filled, its JSON's."""
    return func.coalesce(StoredPlan.total_seconds, StoredPlan.plan["total_seconds"].as_integer())


def length_of_plan(plan_id: Any) -> Any:
    """The length of the plan with this id (a value or a column), in a statement of its own."""
    return select(plan_length()).where(StoredPlan.id == plan_id).scalar_subquery()


def practice_record(
    practice: Practice, plan: Mapping[str, Any], checkins: Mapping[str, dict[str, Any] | None]
) -> dict[str, Any]:
    """A practice session as plain JSON data, with its plan's length and its check-ins' records.
    `plan` is the plan JSON, or only its `total_seconds` where the session needs no more of it."""
    return {
        "id": practice.id,
        "plan_id": practice.plan_id,
        "started_at": iso(practice.started_at),
        "finished_at": iso(practice.finished_at) if practice.finished_at else None,
        **_how_far(practice, plan),
        "tremor_seconds": practice.tremor_seconds,
        "counts_as_practice": counts_as_practice(practice),
        "step_log": practice.step_log,
        "checkins": {"before": checkins.get("before"), "after": checkins.get("after")},
    }


def _how_far(practice: Practice, plan: Mapping[str, Any]) -> dict[str, Any]:
    """How a session ended and how far it went, as its record and its summary both give them."""
    return {
        "completed": practice.completed,
        "grounded": practice.grounded,
        "stopped_at_step": practice.stopped_at_step,
        "planned_seconds": plan["total_seconds"],
        "reached_seconds": reached_seconds(
            plan,
            completed=bool(practice.completed),
            ended=practice.finished_at is not None,
            stopped_at_step=practice.stopped_at_step,
        ),
        "practised_seconds": practice.practised_seconds,
    }


class _Practised(Protocol):
    @property
    def practised_seconds(self) -> int | None: ...
    @property
    def completed(self) -> bool | None: ...


def counts_as_practice(practice: _Practised) -> bool:
    """Whether the session counts towards the weekly target: 5 minutes practised by its log; a
    session from before the log counts when it was completed."""
    if practice.practised_seconds is not None:
        return practice.practised_seconds >= COUNTS_AS_PRACTICE
    return bool(practice.completed)


_CHECKIN_ANSWERS = select(Checkin.session_id, *(getattr(Checkin, name) for name in ANSWER_FIELDS))

# Each session's before and after check-in, joined to it (a session has at most one of each).
_BEFORE = Checkin.__table__.alias("before_checkin")
_AFTER = Checkin.__table__.alias("after_checkin")


def _with_answers(sessions: list[Any], answers: Sequence[str]) -> Any:
    """These columns of the sessions table, then these fields of each session's before and after
    check-in, labelled by moment: the check-ins outer-joined, each session still one row."""
    return (
        select(
            *sessions,
            *(_BEFORE.c[name].label(f"before_{name}") for name in answers),
            *(_AFTER.c[name].label(f"after_{name}") for name in answers),
        )
        .outerjoin(_BEFORE, and_(_BEFORE.c.session_id == _SESSIONS.c.id, _BEFORE.c.moment == "before"))
        .outerjoin(_AFTER, and_(_AFTER.c.session_id == _SESSIONS.c.id, _AFTER.c.moment == "after"))
    )


# A session's row followed by its before and its after check-in's ANSWER_FIELDS (all None where it
# has none).
_SESSIONS_WITH_ANSWERS = _with_answers(list(_SESSIONS.columns), ANSWER_FIELDS)
_SESSION_WIDTH = len(_SESSIONS.columns)

# What a summary is made from: the session's columns it needs, then its before and its after
# check-in's moment (None where it has none) and ratings.
_SUMMARY_FIELDS = (
    "id",
    "plan_id",
    "started_at",
    "finished_at",
    "completed",
    "grounded",
    "stopped_at_step",
    "practised_seconds",
    "planned_seconds",
)
_SUMMARY_ROWS = _with_answers([_SESSIONS.c[name] for name in _SUMMARY_FIELDS], ("moment", *RATINGS))


def practice_summary(row: Any, plan: Mapping[str, Any]) -> dict[str, Any]:
    """What a list of sessions shows of one, from a row of `_SUMMARY_ROWS`: its record's fields on
    how long it ran and how it ended, and its check-ins' ratings, with its moments kept as
    datetimes; not its log, notes or plan. `plan` is as for `practice_record`."""
    before = row[len(_SUMMARY_FIELDS) : len(_SUMMARY_FIELDS) + 1 + len(RATINGS)]
    after = row[len(_SUMMARY_FIELDS) + 1 + len(RATINGS) :]
    return {
        "id": row.id,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        **_how_far(row, plan),
        "counts_as_practice": counts_as_practice(row),
        "checkins": {
            "before": dict(zip(RATINGS, before[1:], strict=True)) if before[0] is not None else None,
            "after": dict(zip(RATINGS, after[1:], strict=True)) if after[0] is not None else None,
        },
    }


def practice_records(session: Session, person_id: int, sessions: Sequence[Practice]) -> list[dict[str, Any]]:
    """Records for many sessions with one or two queries, not one per session."""
    ids = [s.id for s in sessions]
    found: dict[int, dict[str, dict[str, Any] | None]] = {}
    if ids:
        # Rows of the columns a record shows, not ORM objects: a page of 50 sessions has up to 100
        # check-ins, and building an object for each cost more than the query.
        for row in session.execute(_CHECKIN_ANSWERS.where(Checkin.session_id.in_(ids))):
            found.setdefault(row.session_id, {})[row.moment] = answers_record(row[1:])
    plans = _plans_for(session, sessions)
    return [practice_record(s, _plan_or_length(plans, s), found.get(s.id, {})) for s in sessions]


def _plans_for(session: Session, sessions: Sequence[Practice]) -> dict[int, Mapping[str, Any]]:
    """The plans, by id, these sessions' records need: a record needs only its plan's length, which
    the session keeps; a plan (its JSON runs to tens of kilobytes) is read only for a session stored
    without it, or stopped part way (then how far it reached is counted from the plan's steps)."""
    plans: dict[int, Mapping[str, Any]] = {}
    unknown = {s.plan_id for s in sessions if s.planned_seconds is None}
    if unknown:
        lengths = session.execute(select(StoredPlan.id, plan_length()).where(StoredPlan.id.in_(unknown)))
        plans = {plan: {"total_seconds": seconds} for plan, seconds in lengths}
    stopped = {s.plan_id for s in sessions if s.stopped_at_step is not None and not s.completed}
    if stopped:
        plans |= {p.id: p.plan for p in session.scalars(select(StoredPlan).where(StoredPlan.id.in_(stopped)))}
    return plans


def _plan_or_length(plans: Mapping[int, Mapping[str, Any]], practice: Practice) -> Mapping[str, Any]:
    """What `practice_record` needs of the session's plan: the plan, or only its length."""
    return plans.get(practice.plan_id) or {"total_seconds": practice.planned_seconds}


def _joined_checkins(row: Any) -> dict[str, dict[str, Any] | None]:
    """The records of the check-ins joined to a session's row in `_SESSIONS_WITH_ANSWERS`."""
    width = len(ANSWER_FIELDS)
    before = row[_SESSION_WIDTH : _SESSION_WIDTH + width]
    after = row[_SESSION_WIDTH + width :]
    return {
        "before": answers_record(before) if before[0] is not None else None,
        "after": answers_record(after) if after[0] is not None else None,
    }


@dataclass(frozen=True)
class PeriodFigures:
    """What a report says of every session in a period, counted without loading the sessions."""

    sessions: int  # started and not "Not now" at the first check-in
    checked_in_only: int
    completed: int  # completed and practised as the week counts it
    grounded: int
    planned_seconds: int
    practised_seconds: int  # by the log, or the plan reached where a session has no log
    paired: int  # sessions with both check-ins
    averages: dict[str, tuple[float | None, float | None]]  # per rating: before, after, over paired


# "Not now" at the first check-in: ended, at no step, not completed nor grounded, nothing practised.
# A check-in, not a session, in a report's figures.
ONLY_CHECKED_IN = and_(
    PracticeSession.finished_at.is_not(None),
    func.coalesce(PracticeSession.completed, False).is_(False),
    func.coalesce(PracticeSession.grounded, False).is_(False),
    PracticeSession.stopped_at_step.is_(None),
    func.coalesce(PracticeSession.practised_seconds, 0) == 0,
)


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def period_figures(session: Session, person_id: int, since: datetime, until: datetime) -> PeriodFigures:
    """The report's figures for sessions started from `since` to before `until`, counted and added
    up in the database: the rows of a long period never come to Python (a soak's 6,000 sessions in
    eight weeks made the report's cost grow with them)."""
    in_period = and_(
        PracticeSession.person_id == person_id,
        PracticeSession.started_at >= since,
        PracticeSession.started_at < until,
    )
    practised = ~ONLY_CHECKED_IN
    # The length kept with the session: no plan's row is read, unless a session lacks it.
    planned = PracticeSession.planned_seconds
    total = func.coalesce(planned, length_of_plan(PracticeSession.plan_id), 0)
    completed = func.coalesce(PracticeSession.completed, False).is_(True)
    # Practised time: by the log; else the plan's length for a completed session; a session stopped
    # part way with no log is added below, from how far its plan's steps say it reached.
    logged_or_completed = case(
        (PracticeSession.practised_seconds.is_not(None), PracticeSession.practised_seconds),
        (completed, total),
        else_=0,
    )
    row = session.execute(
        select(
            _count(practised),
            _count(ONLY_CHECKED_IN),
            _count(and_(practised, completed, COUNTED)),
            _count(and_(practised, func.coalesce(PracticeSession.grounded, False).is_(True))),
            func.coalesce(func.sum(case((practised, total), else_=0)), 0),
            func.coalesce(func.sum(case((practised, logged_or_completed), else_=0)), 0),
        )
        .select_from(PracticeSession)
        .where(in_period)
    ).one()
    stopped_unlogged = session.execute(
        _SESSION_ROWS.where(
            in_period,
            PracticeSession.practised_seconds.is_(None),
            ~completed,
            PracticeSession.stopped_at_step.is_not(None),
        )
    )
    stopped = practice_records(session, person_id, list(stopped_unlogged))
    reached = sum(r["reached_seconds"] or 0 for r in stopped)
    return PeriodFigures(
        sessions=int(row[0]),
        checked_in_only=int(row[1]),
        completed=int(row[2]),
        grounded=int(row[3]),
        planned_seconds=int(row[4]),
        practised_seconds=int(row[5]) + reached,
        **_paired_averages(session, person_id, since, until),
    )


def _paired_averages(session: Session, person_id: int, since: datetime, until: datetime) -> dict[str, Any]:
    """Before and after averages over the sessions with both check-ins, in one query."""
    before, after = aliased(Checkin), aliased(Checkin)
    columns: list[Any] = [func.count()]
    for rating in RATINGS:
        columns += [func.avg(getattr(before, rating)), func.avg(getattr(after, rating))]
    row = session.execute(
        select(*columns)
        .select_from(PracticeSession)
        .join(before, and_(before.session_id == PracticeSession.id, before.moment == "before"))
        .join(after, and_(after.session_id == PracticeSession.id, after.moment == "after"))
        .where(
            PracticeSession.person_id == person_id,
            PracticeSession.started_at >= since,
            PracticeSession.started_at < until,
        )
    ).one()
    averages = {
        rating: tuple(None if v is None else round(float(v), 1) for v in row[1 + 2 * i : 3 + 2 * i])
        for i, rating in enumerate(RATINGS)
    }
    return {"paired": int(row[0]), "averages": averages}
