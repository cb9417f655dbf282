"""Multi-week programs: sessions on set days with rest days between, tremor time growing slowly."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from psoas.practice.library import Library, default_library
from psoas.practice.planner import plan
from psoas.practice.request import InvalidRequest, PlanRequest
from psoas.practice.screening import LEVEL_TREMOR_CAP_MINUTES, facilitator_decides_tremor, screen
from psoas.practice.session_plan import SCHEMA, SessionPlan
from psoas.practice.tre import HOW_TO_STOP
from psoas.practice.vocabulary import LEVELS, Level

MAX_WEEKS = 26
MAX_SESSIONS_PER_WEEK = 4
# Days of the week (1-7) that carry a session; the others are rest days.
SESSION_DAYS: Mapping[int, tuple[int, ...]] = {1: (1,), 2: (1, 4), 3: (1, 3, 5), 4: (1, 3, 5, 7)}
# Tremor minutes in the first week, and how much they may grow each week after. Providers advise
# growing time only once stopping and settling feel familiar, so the steps are small.
START_TREMOR_MINUTES: Mapping[Level, int] = {"beginner": 3, "intermediate": 5, "experienced": 8}
WEEKLY_TREMOR_GROWTH: Mapping[Level, int] = {"beginner": 2, "intermediate": 2, "experienced": 3}
# In the app the limit grows with practice, not the calendar: one step for every this many sessions
# that ended settled (no Stop & ground, distress under 8), as a week of three sessions would.
SETTLED_SESSIONS_A_STEP = 3
CALENDAR_NOTE = (
    "The tremor limit grows each week on the calendar, assuming each week's sessions ended settled "
    "(no Stop & ground, distress under 8); if one did not, stay on that week's limit for another week."
)


def _steps_to_top(level: Level) -> int:
    room = LEVEL_TREMOR_CAP_MINUTES[level] - START_TREMOR_MINUTES[level]
    return -(-room // WEEKLY_TREMOR_GROWTH[level])  # rounded up


# Past this many settled sessions the limit is at its top at every level, so a count of them may
# stop there: counting years of sessions on every visit would cost more as practice grows.
SETTLED_SESSIONS_ENOUGH = SETTLED_SESSIONS_A_STEP * max(_steps_to_top(level) for level in LEVELS)


def tremor_limit_from_practice(level: Level, settled_sessions: int) -> int:
    """The tremor limit the app allows after this many sessions that ended settled."""
    steps = max(0, settled_sessions) // SETTLED_SESSIONS_A_STEP
    return START_TREMOR_MINUTES[level] + WEEKLY_TREMOR_GROWTH[level] * steps


@dataclass(frozen=True)
class ProgramDay:
    """One day of a program week: a session plan, or None for a rest day."""

    number: int
    plan: SessionPlan | None


@dataclass(frozen=True)
class ProgramWeek:
    """One week: the most tremor minutes any of its sessions may have, and seven days."""

    number: int
    tremor_limit_minutes: int
    days: tuple[ProgramDay, ...]


@dataclass(frozen=True)
class Program:
    """A multi-week program built from one request."""

    request: PlanRequest
    sessions_per_week: int
    weeks: tuple[ProgramWeek, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The program as `psoas program --json` prints it (schema 1)."""
        return {
            "schema": SCHEMA,
            "request": self.request.to_json(),
            "weeks_count": len(self.weeks),
            "sessions_per_week": self.sessions_per_week,
            "weeks": [
                {
                    "week": week.number,
                    "tremor_limit_minutes": week.tremor_limit_minutes,
                    "days": [
                        {
                            "day": day.number,
                            "rest": day.plan is None,
                            "plan": day.plan.to_json() if day.plan else None,
                        }
                        for day in week.days
                    ],
                }
                for week in self.weeks
            ],
            "notes": list(self.notes),
        }


def tremor_minutes_by_week(weeks: int, level: Level, cap_minutes: int) -> list[int]:
    """Each week's tremor limit: a short start, small weekly growth, never past the cap."""
    start = min(START_TREMOR_MINUTES[level], cap_minutes)
    growth = WEEKLY_TREMOR_GROWTH[level]
    return [min(cap_minutes, start + growth * week) for week in range(weeks)]


def _check(weeks: int, sessions_per_week: int) -> None:
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidRequest("weeks", f"weeks must be between 1 and {MAX_WEEKS}, got {weeks}")
    if not 1 <= sessions_per_week <= MAX_SESSIONS_PER_WEEK:
        raise InvalidRequest(
            "sessions_per_week",
            f"sessions per week must be between 1 and {MAX_SESSIONS_PER_WEEK}, got "
            f"{sessions_per_week}: rest days let the body settle between tremor sessions",
        )


def program(
    weeks: int, sessions_per_week: int, request: PlanRequest, library: Library | None = None
) -> Program:
    """Plan `weeks` weeks of sessions like `request`, with tremor time growing gradually."""
    _check(weeks, sessions_per_week)
    library = library or default_library()
    screening = screen(request, library)
    cap = screening.tremor_cap_seconds // 60 if screening.tremor_allowed else 0
    limits = tremor_minutes_by_week(weeks, request.level, cap) if cap else [0] * weeks
    session_days = SESSION_DAYS[sessions_per_week]
    built: list[ProgramWeek] = []
    for index, limit in enumerate(limits):
        days = []
        for day in range(1, 8):
            if day not in session_days:
                days.append(ProgramDay(day, None))
                continue
            seed = request.seed + index * 7 + day
            session = replace(request, seed=seed, tremor_cap_minutes=limit)
            days.append(ProgramDay(day, plan(session, library)))
        built.append(ProgramWeek(index + 1, limit, tuple(days)))
    notes = [
        f"Tremor is limited to {limits[0]} minutes in the first week, counting its invitation and "
        "the practice of stopping; the limit grows by at most "
        f"{WEEKLY_TREMOR_GROWTH[request.level]} minutes a week, up to {cap}. Short sessions "
        "tremor for less than the limit."
        if cap
        else "No tremor in this program: " + " ".join(screening.notes)
    ]
    if cap:
        notes.append(CALENDAR_NOTE)
    return Program(request, sessions_per_week, tuple(built), tuple(notes))


@dataclass(frozen=True)
class ComingSession:
    """One session of this week or the next, as far as it can be told today."""

    week: int  # 1 for this week, 2 for the next
    number: int  # its place in the week, from 1
    day: int  # the day suggested for it, 1 (Monday) to 7, with rest days between
    done: bool
    minutes: int
    tremor_limit_minutes: int  # 0 when these sessions hold no tremor
    # In a plan of this length under this limit: what the limit counts (the tremor with its
    # invitation and practising stopping), and the tremor itself.
    limited_seconds: int
    tremor_seconds: int


@dataclass(frozen=True)
class WeeksAhead:
    """This week's and next week's sessions, and what changes and why."""

    sessions: tuple[ComingSession, ...]
    notes: tuple[str, ...]


def weeks_ahead(
    request: PlanRequest,
    sessions_per_week: int,
    done_this_week: int,
    settled_sessions: int,
    next_session: tuple[int, int | None] | None = None,
    library: Library | None = None,
) -> WeeksAhead:
    """The program as the app follows it: the tremor limit grows with sessions that ended settled,
    not with the calendar, so each coming session's limit assumes those before it end settled.

    `next_session` is the length and tremor limit already suggested for the next session (gentler
    after a hard one); `request` carries the usual length and the person's screening.
    """
    library = library or default_library()
    per_week = max(1, min(sessions_per_week, MAX_SESSIONS_PER_WEEK))
    needs_facilitator = facilitator_decides_tremor(request, library)
    if needs_facilitator:
        request = replace(request, with_facilitator=True)
    screening = screen(request, library)
    cap = screening.tremor_cap_seconds // 60 if screening.tremor_allowed else 0
    done = min(done_this_week, per_week)
    sessions = []
    for week in (1, 2):
        for number, day in enumerate(SESSION_DAYS[per_week], start=1):
            index = (week - 1) * per_week + number - 1
            if index < done:
                sessions.append(ComingSession(week, number, day, True, request.minutes, 0, 0, 0))
                continue
            ahead = index - done
            minutes, limit = request.minutes, _limit(request.level, settled_sessions + ahead, cap)
            if ahead == 0 and next_session is not None:
                minutes = next_session[0]
                limit = limit if next_session[1] is None else min(limit, next_session[1])
            limited, itself = _tremor_seconds(replace(request, minutes=minutes), limit, library)
            sessions.append(ComingSession(week, number, day, False, minutes, limit, limited, itself))
    notes = _ahead_notes(request, screening.notes, cap, settled_sessions, sessions)
    if needs_facilitator:
        notes.append(
            "These tremor figures hold only on a day a trained TRE facilitator is with you: each "
            "session asks before it begins, and without one it leaves the tremor out."
        )
    if sessions_per_week > MAX_SESSIONS_PER_WEEK:
        notes.append(
            f"Your weekly target is {sessions_per_week} sessions; the program plans {per_week}, with "
            "rest days between tremor sessions so the body can settle. Rest counts too."
        )
    return WeeksAhead(tuple(sessions), tuple(notes))


def _limit(level: Level, settled_sessions: int, cap: int) -> int:
    return min(cap, tremor_limit_from_practice(level, settled_sessions)) if cap else 0


def _tremor_seconds(request: PlanRequest, limit: int, library: Library) -> tuple[int, int]:
    """The seconds a limit counts in a plan (all but the teaching of the brakes), and the tremor
    itself."""
    if not limit:
        return 0, 0
    tremor = plan(replace(request, tremor_cap_minutes=limit), library).phase("tremor")
    if tremor is None:
        return 0, 0
    taught = sum(s.seconds for s in tremor.steps if s.exercise == HOW_TO_STOP)
    return tremor.seconds - taught, tremor.tremor_seconds


def _ahead_notes(
    request: PlanRequest,
    screening_notes: tuple[str, ...],
    cap: int,
    settled: int,
    sessions: list[ComingSession],
) -> list[str]:
    """What changes over the two weeks and why, in words that agree with the figures beside them."""
    if not cap:
        return [n for n in screening_notes if n.startswith("The tremor phase is left out")]
    now = _limit(request.level, settled, cap)
    ended = f"{settled} session{'' if settled == 1 else 's'} {'has' if settled == 1 else 'have'}"
    if settled >= SETTLED_SESSIONS_ENOUGH:
        ended = f"{SETTLED_SESSIONS_ENOUGH} or more sessions have"
    notes = [
        f"Tremor time up to {now} minutes for now, its invitation and practising stopping "
        f"included: {ended} ended settled so far (no Stop & ground, distress under 8). The limit "
        f"grows by {WEEKLY_TREMOR_GROWTH[request.level]} minutes after every "
        f"{SETTLED_SESSIONS_A_STEP} settled sessions, up to {cap}."
    ]
    if now < cap:
        more = SETTLED_SESSIONS_A_STEP - settled % SETTLED_SESSIONS_A_STEP
        notes.append(
            f"After {more} more settled session{'' if more == 1 else 's'} it grows to "
            f"{_limit(request.level, settled + more, cap)} minutes. The limits further ahead assume "
            "the sessions before them end settled; if one does not, the limit waits."
        )
    else:
        notes.append(f"The limit has reached its top: {cap} minutes for you.")
    # Half a minute of slack: lengths are planned in whole steps.
    short = [s for s in sessions if not s.done and s.limited_seconds < s.tremor_limit_minutes * 60 - 30]
    if short:
        notes.append(
            f"A {short[0].minutes}-minute session holds less tremor than its limit: the brakes, "
            "practising stopping and at least 5 minutes of rest after the tremor come first."
        )
    return notes
