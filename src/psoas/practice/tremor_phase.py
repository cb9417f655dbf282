"""The tremor phase: how to stop first, then the TRE tremor invited, practised and let run.

Its shape is the TRE method itself, so it is code rather than data: teach stopping, invite the
tremor (butterfly rest and pelvic lift), let it run, practise stopping once, let it run again.
"""

from dataclasses import dataclass, field

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library
from psoas.practice.phase_shares import PHASE_SHARES
from psoas.practice.pick import Pick
from psoas.practice.screening import Screening
from psoas.practice.timing import GRAIN
from psoas.practice.tre import HOW_TO_STOP, INVITATION, PRACTISE_STOPPING, TREMOR_POSITIONS

TEACH_SHARE = 0.06


@dataclass
class TremorPhase:
    """The picks of the tremor phase; empty when screening leaves it out (its notes say why)."""

    picks: list[Pick] = field(default_factory=list)


def _grain(seconds: float) -> int:
    return int(seconds // GRAIN) * GRAIN


def _position(library: Library, screening: Screening) -> Exercise | None:
    for exercise_id in TREMOR_POSITIONS:
        exercise = library.exercises.get(exercise_id)
        fits = exercise is not None and exercise.duration.min <= screening.tremor_cap_seconds
        if fits and exercise is not None and screening.allows(exercise):
            return exercise
    return None


def _invitation(library: Library, screening: Screening, position: Exercise) -> Exercise | None:
    invitation = library.exercises.get(INVITATION)
    if invitation is None or not screening.allows(invitation):
        return None
    return invitation if invitation.position == position.position else None


def _can_practise(practise: Exercise, position: Exercise, budget: int) -> bool:
    """Whether the budget holds two short runs of the tremor with one practice of stopping between."""
    return budget >= 2 * position.duration.min + practise.duration.min


def _tremor_parts(position: Exercise, practise: Exercise | None, budget: int) -> list[Pick]:
    rng = position.duration
    if practise is None or not _can_practise(practise, position, budget):
        return [Pick(position, rng.clamp(_grain(budget)), "tremor")]
    pause = practise.duration.clamp(min(practise.duration.default, budget - 2 * rng.min))
    first = rng.clamp(_grain((budget - pause) / 2))
    second = rng.clamp(_grain(budget - pause - first))
    return [
        Pick(position, first, "tremor"),
        Pick(practise, pause, "practise-stopping"),
        Pick(position, second, "tremor-again"),
    ]


def tremor_phase(library: Library, screening: Screening, session_seconds: int) -> TremorPhase:
    """Build the tremor phase for a session of this length, within the screening's tremor cap."""
    if not screening.tremor_allowed:
        return TremorPhase()
    position = _position(library, screening)
    if position is None:  # screening leaves the tremor out first; this only guards the type
        return TremorPhase()
    teach = library.exercise(HOW_TO_STOP)
    teach_seconds = teach.duration.clamp(_grain(session_seconds * TEACH_SHARE))
    budget = min(
        screening.tremor_cap_seconds,
        _grain(session_seconds * PHASE_SHARES["tremor"]) - teach_seconds,
    )
    # Screening has made sure the cap allows at least the shortest tremor step.
    budget = max(budget, position.duration.min)
    practise = library.exercises.get(PRACTISE_STOPPING)
    allowed_practise = practise if practise is not None and screening.allows(practise) else None
    # When the time holds the practice or the pelvic lift, not both, the practice stays.
    after_invitation = 2 * position.duration.min + (allowed_practise.duration.min if allowed_practise else 0)
    # Every tremor practises stopping, even under a one-minute cap (in shorter bouts); without
    # the time for it there is no tremor, and the planner says so.
    if allowed_practise is None or not _can_practise(allowed_practise, position, budget):
        return TremorPhase()
    invitation = _invitation(library, screening, position)
    picks = [Pick(teach, teach_seconds, "teach")]
    if invitation is not None and budget >= invitation.duration.min + after_invitation:
        invite_seconds = invitation.duration.clamp(min(invitation.duration.default, _grain(budget / 3)))
        picks.append(Pick(invitation, invite_seconds, "invite"))
        budget -= invite_seconds
    return TremorPhase(picks=picks + _tremor_parts(position, allowed_practise, budget))
