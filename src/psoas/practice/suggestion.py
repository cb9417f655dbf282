"""What to suggest next: after a hard session, a shorter and gentler one, and why."""

from dataclasses import dataclass

# Distress (0-10, SUDS) at or above this marks a session as hard: the next one is gentler.
HARD_DISTRESS = 8
GENTLE_SHARE = 2 / 3
GENTLE_TREMOR_MINUTES = 3
MIN_MINUTES = 10


@dataclass(frozen=True)
class LastSession:
    """What matters about the most recent session for choosing the next."""

    grounded: bool
    distress_before: int | None
    distress_after: int | None


@dataclass(frozen=True)
class Suggestion:
    """The next session's length and tremor limit, and the reason when it was made gentler."""

    minutes: int
    tremor_cap_minutes: int | None
    reason: str | None
    # False when the person's screening leaves the tremor out of every plan: then no limit is named.
    tremor_possible: bool = True
    # Today calls for grounding only: no session that tires the body, no tremor.
    grounding_only: bool = False
    # How the usual tremor limit stands and grows with practice, said beside the session.
    growth: str | None = None

    @property
    def gentle(self) -> bool:
        """Whether this suggestion was eased after a hard session."""
        return self.reason is not None


def _hard_because(last: LastSession) -> str | None:
    if last.grounded:
        return "you stopped to ground yourself last time"
    for moment, distress in (("after", last.distress_after), ("before", last.distress_before)):
        if distress is not None and distress >= HARD_DISTRESS:
            return f"your distress was {distress} out of 10 {moment} your last session"
    return None


def suggest_next(
    usual_minutes: int,
    last: LastSession | None,
    tremor_possible: bool = True,
    grounding_because: str | None = None,
    practice_limit: int | None = None,
) -> Suggestion:
    """The session to offer next: the usual one, or after a hard session a shorter, gentler one.

    `tremor_possible` is False when screening leaves the tremor out of the person's plans anyway;
    the reason then names no tremor limit, which would suggest a tremor the plan will not hold.
    `grounding_because`, when given, is why today calls for grounding only (thoughts of self-harm
    told today): nothing that tires the body, no tremor, whatever the last session was.
    `practice_limit` is the tremor limit practice has earned so far (see program); a usual day
    keeps to it and says how it grows.
    """
    if grounding_because is not None:
        reason = (
            f"Because {grounding_because}, psoas offers only a short grounding practice today: "
            "no exercises that tire the body and no tremor. Please reach out to someone today as well."
        )
        return Suggestion(
            minutes=MIN_MINUTES,
            tremor_cap_minutes=0,
            reason=reason,
            tremor_possible=tremor_possible,
            grounding_only=True,
        )
    because = _hard_because(last) if last is not None else None
    if because is None:
        growth = None
        if tremor_possible and practice_limit is not None:
            growth = (
                f"Tremor up to {practice_limit} minutes for now. The limit grows a little after every "
                "few sessions that end settled: no Stop & ground, distress under 8."
            )
        return Suggestion(
            minutes=usual_minutes,
            tremor_cap_minutes=practice_limit,
            reason=None,
            tremor_possible=tremor_possible,
            growth=growth,
        )
    minutes = max(MIN_MINUTES, int(usual_minutes * GENTLE_SHARE / 5) * 5)
    # A usual session of the shortest length cannot be shortened; say only what is true.
    change = "shorter and gentler" if minutes < usual_minutes else "gentler"
    tremor = f" with at most {GENTLE_TREMOR_MINUTES} minutes of tremor" if tremor_possible else ""
    reason = (
        f"Because {because}, today's session is {change}: {minutes} minutes{tremor}. "
        "TRE providers advise a gentle, settled practice after a hard one, "
        "rather than pushing for a big release."
    )
    return Suggestion(
        minutes=minutes,
        tremor_cap_minutes=GENTLE_TREMOR_MINUTES,
        reason=reason,
        tremor_possible=tremor_possible,
    )
