"""The session planner: a safe, timed session that follows the workshop arc, from a request."""

from collections.abc import Sequence
from random import Random

from psoas.practice.exercise import Exercise
from psoas.practice.library import Library, default_library
from psoas.practice.phase_shares import phase_shares, split_seconds
from psoas.practice.pick import Pick
from psoas.practice.reasons import TREMOR_WHY, reason, why
from psoas.practice.request import MAX_MINUTES, PlanRequest
from psoas.practice.screening import ChangedWay, Screening, screen, without_tremor
from psoas.practice.selection import CLOSING, arrange, candidates, focus_regions, is_anchor, options
from psoas.practice.session_plan import PhasePlan, SessionPlan, Step
from psoas.practice.timing import GRAIN, fit_lengths, longest, nudge_lengths, shortest, sides, total
from psoas.practice.tre import BRAKES_ON_THE_SIDE
from psoas.practice.tremor_phase import TremorPhase, tremor_phase
from psoas.practice.vocabulary import PHASES, Phase, Side

# Phases other than the tremor, in the order their time is settled; restore and integrate come
# last because their long holds absorb whatever the earlier phases could not use.
FLEXIBLE_PHASES: tuple[Phase, ...] = ("arrive", "fatigue", "restore", "integrate")
RESTFUL_PHASES: tuple[Phase, ...] = ("restore", "integrate")
REPEAT_WHY = "A second hold: few other options are left to fill the time"
# The rest after a tremor is never skipped: restore and integrate hold at least 5 minutes
# (TRE providers advise 5 to 10), and before the tremor there is time to settle and tire the legs.
REST_AFTER_TREMOR = 300
# A later phase with this few exercises left keeps them: an earlier phase with others leaves them.
FEW_LEFT = 2
LEAST_BEFORE_TREMOR = 180


def _fill(phase: Phase, ordered: Sequence[Exercise], budget: int) -> list[Exercise]:
    """Take exercises in order until their usual lengths cover the budget and their shortest fit."""
    chosen: list[Exercise] = []
    usual = least = 0  # the chosen exercises' total at their usual and at their shortest lengths
    for exercise in ordered:
        if chosen and usual >= budget and not is_anchor(phase, exercise):
            break
        times = sides(exercise)
        if chosen and least + exercise.duration.min * times > budget:
            continue
        chosen.append(exercise)
        usual += exercise.duration.default * times
        least += exercise.duration.min * times
    return chosen


class _Builder:
    """Holds one plan's choices while they are made; used once, by `plan`."""

    def __init__(self, request: PlanRequest, library: Library) -> None:
        self.request = request
        self.library = library
        self.screening: Screening = screen(request, library)
        self.rng = Random(request.seed)
        self.regions = focus_regions(request)
        self.picks: dict[Phase, list[Pick]] = {}
        self.pools: dict[Phase, list[Exercise]] = {}
        self.budgets: dict[Phase, int] = {}
        self.used: set[str] = set()

    def choose_phase(self, phase: Phase, budget: int) -> int:
        """Choose and time the phase's exercises; return the seconds it could not use."""
        self.budgets[phase] = budget
        kept = self._kept_for_later(phase)
        pool = candidates(phase, self.library, self.screening, self.request, self.rng, self.used | kept)
        chosen = arrange(phase, _fill(phase, pool, budget))
        chosen_ids = {e.id for e in chosen}
        self.pools[phase] = [e for e in pool if e.id not in chosen_ids]
        self.used.update(e.id for e in chosen)
        lengths = fit_lengths(chosen, budget)
        preferred = self.request.prefer
        self.picks[phase] = [
            Pick(e, length, why(phase, e, self.regions, e.id in preferred))
            for e, length in zip(chosen, lengths, strict=True)
        ]
        return budget - total(chosen, lengths)

    def _kept_for_later(self, phase: Phase) -> set[str]:
        """What a later phase cannot do without: when screening and 'not for me' marks leave it
        FEW_LEFT exercises or fewer, an earlier phase leaves them to it, as long as it has others.
        (With pregnancy, side-lying rest and the long exhale marked, the restore phase had two left,
        and the arrival and the fatigue phase took both.)"""
        if phase not in FLEXIBLE_PHASES:
            return set()
        kept: set[str] = set()
        for later in FLEXIBLE_PHASES[FLEXIBLE_PHASES.index(phase) + 1 :]:
            left = options(later, self.library, self.screening, self.used)
            if len(left) <= FEW_LEFT:
                kept |= left
        own = options(phase, self.library, self.screening, self.used) - kept
        return kept if own else set()

    def flexible_picks(self) -> list[Pick]:
        """Every pick outside the tremor phase, whose length may still change."""
        return [p for phase in FLEXIBLE_PHASES for p in self.picks.get(phase, [])]

    def settle(self, target: int) -> None:
        """Make the flexible picks add up to target, adding or dropping exercises if lengths alone cannot."""
        for _ in range(200):
            picks = self.flexible_picks()
            exercises = [p.exercise for p in picks]
            if longest(exercises) < target and (self._add_one() or self._repeat_one()):
                continue
            if shortest(exercises) > target and self._drop_one():
                continue
            lengths = nudge_lengths(exercises, [p.seconds for p in picks], target)
            for pick, length in zip(picks, lengths, strict=True):
                pick.seconds = length
            return

    def _seconds(self, phase: Phase) -> int:
        return sum(p.total for p in self.picks.get(phase, []))

    def _add_one(self) -> bool:
        """Add an unused exercise to the phase furthest below its share of the time."""
        by_need = sorted(FLEXIBLE_PHASES, key=lambda ph: self._seconds(ph) - self.budgets.get(ph, 0))
        for phase in by_need:
            pool = self.pools.get(phase, [])
            while pool and pool[0].id in self.used:
                pool.pop(0)
            if not pool:
                continue
            exercise = pool.pop(0)
            self.used.add(exercise.id)
            why_text = why(phase, exercise, self.regions, exercise.id in self.request.prefer)
            chosen = [*(p.exercise for p in self.picks[phase]), exercise]
            picks = {p.exercise.id: p for p in self.picks[phase]}
            picks[exercise.id] = Pick(exercise, exercise.duration.default, why_text)
            self.picks[phase] = [picks[e.id] for e in arrange(phase, chosen)]
            return True
        return False

    def _repeat_one(self) -> bool:
        """Last resort when nothing new is left: a second hold of the longest restful pick."""
        restful = [
            (phase, pick)
            for phase in RESTFUL_PHASES
            for pick in self.picks.get(phase, [])
            if pick.exercise.kind in ("restorative", "breathing", "mindfulness", "grounding")
            and pick.exercise.id != CLOSING
        ]
        if not restful:
            return False
        phase, pick = max(restful, key=lambda item: item[1].exercise.duration.max)
        again = Pick(pick.exercise, pick.exercise.duration.default, REPEAT_WHY)
        self.picks[phase].append(again)
        return True

    def notes(self, target: int) -> list[str]:
        """What the plan could not do as asked, and why."""
        notes = [
            f"The {phase} phase is left out: your screening answers and 'not for me' marks leave "
            "nothing for it. Its time went to the other phases."
            for phase in FLEXIBLE_PHASES
            if not self.picks.get(phase)
        ]
        planned = sum(p.total for p in self.flexible_picks())
        if abs(planned - target) > 30:
            notes.append(
                f"This plan is {planned - target:+d} s from the time asked: your screening answers and "
                "'not for me' marks leave too few exercises to fill it."
            )
        return notes

    def _drop_one(self) -> bool:
        for phase in ("fatigue", "arrive", "restore", "integrate"):
            picks = self.picks.get(phase, [])
            if len(picks) > 1:
                dropped = max(
                    picks, key=lambda p: p.exercise.duration.min * (2 if p.exercise.per_side else 1)
                )
                picks.remove(dropped)
                return True
        return False

    def steps(self, phase: Phase) -> tuple[Step, ...]:
        """The phase's picks as steps, per-side exercises as a left and a right step."""
        steps: list[Step] = []
        for pick in self.picks.get(phase, []):
            exercise = pick.exercise
            why_text = TREMOR_WHY.get(pick.why, pick.why)
            reason_text = reason(why_text, exercise, pick.seconds)
            sides: tuple[Side | None, ...] = ("left", "right") if exercise.per_side else (None,)
            way = self._way(exercise)
            steps.extend(
                Step(
                    exercise=exercise.id,
                    name=exercise.name,
                    kind=exercise.kind,
                    seconds=pick.seconds,
                    side=side,
                    reason=reason_text,
                    cues=way.cues if way else exercise.cues,
                    come_out=way.come_out if way else exercise.come_out,
                    adjustments=self.screening.adjustments.get(exercise.id, ()),
                    breath=exercise.breath,
                )
                for side in sides
            )
        return tuple(steps)

    def _way(self, exercise: Exercise) -> ChangedWay | None:
        """How a step is said: a condition's changed way, but the brakes follow the tremor, and
        with the tremor on the side they are said for the side whatever the conditions."""
        if exercise.kind == "safety" and self._tremor_on_the_side():
            on_the_side = exercise.way(BRAKES_ON_THE_SIDE)
            if on_the_side is not None:
                return ChangedWay(on_the_side.cues, on_the_side.come_out, on_the_side.figure)
        return self.screening.changed_ways.get(exercise.id)

    def _tremor_on_the_side(self) -> bool:
        return any(p.exercise.position == "side-lying" for p in self.picks.get("tremor", []))


def _left_out_preferences(request: PlanRequest, screening: Screening, library: Library) -> list[str]:
    """A preferred exercise the screening rules out is not used; the person hears why, rather
    than wondering whether the preference was read at all."""
    return [
        f"{library.exercise(e).name}, which you prefer, is left out: {screening.excluded[e]}"
        for e in request.prefer
        if e in screening.excluded
    ]


def _holds_tremor(tremor: TremorPhase, session_seconds: int) -> bool:
    """Whether the tremor came with its brakes taught and practised, and the rest after it fits."""
    tremor_seconds = sum(p.total for p in tremor.picks)
    return bool(tremor.picks) and session_seconds - tremor_seconds >= REST_AFTER_TREMOR + LEAST_BEFORE_TREMOR


def _shortest_with_tremor(library: Library, screening: Screening, minutes: int) -> int | None:
    """The shortest session, in minutes, that holds a tremor with these screening answers."""
    for longer in range(minutes + 1, MAX_MINUTES + 1):
        if _holds_tremor(tremor_phase(library, screening, longer * 60), longer * 60):
            return longer
    return None


def _too_short_note(library: Library, screening: Screening, minutes: int) -> str:
    longer = _shortest_with_tremor(library, screening, minutes)
    holds = f" A session of {longer} minutes or more holds one." if longer else ""
    return (
        f"The tremor phase is left out: {minutes} minutes do not hold learning how to stop, practising "
        f"stopping and at least 5 minutes of rest after a tremor.{holds}"
    )


def _with_rest(budgets: dict[Phase, int]) -> dict[Phase, int]:
    """After a tremor, restore and integrate get at least the rest it needs, from the effort phases."""
    short = REST_AFTER_TREMOR - budgets["restore"] - budgets["integrate"]
    for phase in ("fatigue", "arrive"):
        if short <= 0:
            break
        taken = min(short, budgets[phase])
        budgets[phase] -= taken
        budgets["restore"] += taken
        short -= taken
    return budgets


def _keep_rest(picks: dict[Phase, list[Pick]]) -> None:
    """Fitting the lengths may shave the rest below its minimum: give it back from the effort picks,
    a grain at a time, within each exercise's range, so the total stays the same."""
    restful = [p for phase in RESTFUL_PHASES for p in picks.get(phase, [])]
    effort = [p for phase in ("fatigue", "arrive") for p in picks.get(phase, [])]
    while sum(p.total for p in restful) < REST_AFTER_TREMOR:
        longer = next((p for p in restful if p.seconds + GRAIN <= p.exercise.duration.max), None)
        shorter = next((p for p in effort if p.seconds - GRAIN >= p.exercise.duration.min), None)
        if longer is None or shorter is None:
            return
        steps_longer, steps_shorter = sides(longer.exercise), sides(shorter.exercise)
        if steps_longer != steps_shorter:  # a per-side pick moves two grains at once
            effort.remove(shorter)
            continue
        longer.seconds += GRAIN
        shorter.seconds -= GRAIN


def _teach_before_shaking(picks: dict[Phase, list[Pick]]) -> None:
    """How to stop is taught before the first exercise that can bring on shaking: the wall sit
    comes before the tremor phase, and its trembling is welcome only once stopping is known."""
    fatigue, tremor = picks.get("fatigue", []), picks.get("tremor", [])
    at = next((i for i, p in enumerate(fatigue) if p.exercise.invites_tremor), None)
    if at is None or not tremor or tremor[0].why != "teach":
        return
    teach = tremor.pop(0)
    teach.why = "teach-early"
    fatigue.insert(at, teach)


def plan(request: PlanRequest, library: Library | None = None) -> SessionPlan:
    """Compose a timed session for the request; the same request and seed give the same plan."""
    builder = _Builder(request, library or default_library())
    tremor = tremor_phase(builder.library, builder.screening, request.seconds)
    if builder.screening.tremor_allowed and not _holds_tremor(tremor, request.seconds):
        note = _too_short_note(builder.library, builder.screening, request.minutes)
        builder.screening = without_tremor(builder.screening, builder.library, note)
        tremor = TremorPhase()
    if tremor.picks:
        builder.picks["tremor"] = tremor.picks
    flexible_seconds = request.seconds - sum(p.total for p in tremor.picks)
    shares: dict[Phase, float] = {p: s for p, s in phase_shares(request.focus).items() if p != "tremor"}
    budgets = split_seconds(flexible_seconds, shares)
    if tremor.picks:
        budgets = _with_rest(budgets)
    carry = 0
    for phase in FLEXIBLE_PHASES:
        carry = builder.choose_phase(phase, budgets[phase] + carry)
    builder.settle(flexible_seconds)
    if tremor.picks:
        _keep_rest(builder.picks)
    # Counted before how-to-stop moves from the tremor phase to the fatigue phase: moved, its time
    # would be counted twice and a plan of exactly the time asked would say it was not.
    shortfall = builder.notes(flexible_seconds)
    _teach_before_shaking(builder.picks)
    phases = tuple(PhasePlan(phase, builder.steps(phase)) for phase in PHASES if builder.picks.get(phase))
    return SessionPlan(
        request=request,
        phases=phases,
        notes=(
            *builder.screening.notes,
            *_left_out_preferences(request, builder.screening, builder.library),
            *shortfall,
        ),
    )
