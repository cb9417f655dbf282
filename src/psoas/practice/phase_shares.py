"""How a session's time is shared between the phases of the arc."""

from collections.abc import Iterable, Mapping

from psoas.practice.timing import GRAIN
from psoas.practice.vocabulary import PHASES, Focus, Phase

# A 40-minute session comes out near the self-practice shape TRE providers describe: settling
# about 5 minutes, exercises about 14, tremor about 9, restorative rest and integration about 12.
PHASE_SHARES: Mapping[Phase, float] = {
    "arrive": 0.12,
    "fatigue": 0.35,
    "tremor": 0.23,
    "restore": 0.18,
    "integrate": 0.12,
}

# Calming focuses move time from effort to rest and breath.
FOCUS_SHIFTS: Mapping[Focus, Mapping[Phase, float]] = {
    "sleep": {"fatigue": -0.08, "restore": 0.05, "integrate": 0.03},
    "anxiety": {"fatigue": -0.05, "arrive": 0.03, "integrate": 0.02},
    "breath": {"fatigue": -0.04, "arrive": 0.02, "integrate": 0.02},
}


def phase_shares(focus: Iterable[Focus]) -> dict[Phase, float]:
    """Each phase's share of the session for these focuses."""
    shares = dict(PHASE_SHARES)
    for word in dict.fromkeys(focus):
        for phase, shift in FOCUS_SHIFTS.get(word, {}).items():
            shares[phase] += shift
    return shares


def split_seconds(seconds: int, shares: Mapping[Phase, float]) -> dict[Phase, int]:
    """Share `seconds` between the given phases in proportion, in whole grains; the last takes the rest."""
    phases = [p for p in PHASES if p in shares]
    weight = sum(shares[p] for p in phases)
    budgets: dict[Phase, int] = {}
    for phase in phases[:-1]:
        budgets[phase] = round(seconds * shares[phase] / weight / GRAIN) * GRAIN
    budgets[phases[-1]] = seconds - sum(budgets.values())
    return budgets
