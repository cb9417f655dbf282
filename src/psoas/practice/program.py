"""Multi-week programs: sessions on set days with rest days between, tremor time growing slowly."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from psoas.practice.library import Library, default_library
from psoas.practice.planner import plan
from psoas.practice.request import InvalidRequest, PlanRequest
from psoas.practice.screening import screen
from psoas.practice.session_plan import SCHEMA, SessionPlan
from psoas.practice.vocabulary import Level

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
