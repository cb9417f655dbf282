"""Turning a person's intake, settings and preferences into a plan, and starting it."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.program import SETTLED_SESSIONS_ENOUGH, tremor_limit_from_practice
from psoas.practice.request import PlanRequest, make_request, new_seed
from psoas.practice.screening import screen
from psoas.practice.suggestion import LastSession, Suggestion, suggest_next
from psoas.practice.vocabulary import LEVELS
from psoas.store.models import Intake, Person, PracticeSession
from psoas.store.practice_log import (
    checkins_of,
    count_practised_since,
    count_settled,
    latest_practised,
    save_plan,
    start_practice,
)
from psoas.store.profile import get_intake, get_settings, preferences
from psoas.store.questionnaires import list_results
from psoas.web.local_time import week_start


def last_session(session: Session, person: Person) -> LastSession | None:
    """The most recent session the person practised, for the suggestion.

    A session left after a high 'before' distress never finishes, yet it is the hardest kind: its
    check-in makes it count.
    """
    latest = latest_practised(session, person.id)
    if latest is None:
        return None
    checkins = checkins_of(session, [latest.id]).get(latest.id, {})
    before, after = checkins.get("before"), checkins.get("after")
    return LastSession(
        grounded=latest.grounded,
        distress_before=before.distress if before else None,
        distress_after=after.distress if after else None,
    )


# The PHQ-9 item 9 flag, and how long after it psoas offers grounding only.
SELF_HARM_FLAG = "self-harm-thoughts"
GROUNDING_ONLY_FOR = timedelta(hours=24)


def self_harm_thoughts_told_recently(session: Session, person: Person) -> bool:
    """Whether a questionnaire in the last day raised the flag for thoughts of self-harm."""
    since = datetime.now(UTC) - GROUNDING_ONLY_FOR
    return any(SELF_HARM_FLAG in row.flags for row in list_results(session, person.id, "phq9", since))


def todays_suggestion(session: Session, person: Person) -> Suggestion:
    """Today's session length and tremor limit, gentler after a hard session, grounding only after
    thoughts of self-harm were told in the last day."""
    usual = get_settings(session, person.id).minutes
    # Screening reads only the intake and "not for me" marks, so any length answers the question.
    tremor_possible = screen(
        request_for(session, person, minutes=usual, seed=0), default_library()
    ).tremor_allowed
    told = self_harm_thoughts_told_recently(session, person)
    because = "you told us of thoughts of hurting yourself" if told else None
    intake = get_intake(session, person.id)
    level = intake.level if intake and intake.level in LEVELS else "beginner"
    limit = tremor_limit_from_practice(level, count_settled(session, person.id, SETTLED_SESSIONS_ENOUGH))
    return suggest_next(usual, last_session(session, person), tremor_possible, because, limit)


def sessions_this_week(session: Session, person: Person, zone: ZoneInfo) -> int:
    """Sessions practised since Monday on the person's clock."""
    return count_practised_since(session, person.id, week_start(datetime.now(UTC), zone))


def request_for(
    session: Session,
    person: Person,
    *,
    minutes: int,
    level: str | None = None,
    focus: Sequence[str] | None = None,
    seed: int | None = None,
    tremor_cap_minutes: int | None = None,
) -> PlanRequest:
    """A checked plan request from the person's intake and preferences, with these overrides."""
    intake: Intake | None = get_intake(session, person.id)
    marks = preferences(session, person.id)
    return make_request(
        default_library(),
        minutes=minutes,
        level=level or (intake.level if intake else "beginner"),
        focus=focus or (intake.focus if intake else ["general"]),
        conditions=intake.conditions if intake else [],
        props=intake.props if intake else [],
        with_facilitator=False,  # asked at the before check-in of each session instead
        seed=new_seed() if seed is None else seed,
        prefer=[e for e, choice in marks.items() if choice == "prefer"],
        avoid=[e for e, choice in marks.items() if choice == "avoid"],
        tremor_cap_minutes=tremor_cap_minutes,
    )


def plan_and_start(session: Session, person: Person, request: PlanRequest) -> PracticeSession:
    """Plan the session, store the plan and start a practice session of it."""
    plan_id = save_plan(session.connection(), person.id, plan(request).to_json())
    return start_practice(session, person.id, plan_id)
