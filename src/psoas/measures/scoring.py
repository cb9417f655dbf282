"""Scoring a questionnaire exactly by its published rules: totals, bands, flags, PCL-5 clusters."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from psoas.measures.instrument import Instrument

SCHEMA = 1


class ScoringError(ValueError):
    """Answers that cannot be scored; the message names the item or count and what is expected."""


@dataclass(frozen=True)
class Score:
    """The scored result of one completed questionnaire."""

    instrument: str
    answers: tuple[int | None, ...]
    total: int
    band: str | None
    flags: tuple[str, ...]
    prorated: bool = False
    # The words each raised flag asks to be said, by flag.
    flag_messages: dict[str, str] = field(default_factory=dict)
    clusters: dict[str, int] = field(default_factory=dict)
    cutpoint: int | None = None
    provisional_by_cutpoint: bool | None = None
    provisional_by_dsm5_rule: bool | None = None

    def to_json(self) -> dict[str, object]:
        """The score as `psoas score --json` prints it (schema 1)."""
        data: dict[str, object] = {
            "schema": SCHEMA,
            "instrument": self.instrument,
            "answers": list(self.answers),
            "total": self.total,
            "band": self.band,
            "flags": list(self.flags),
            "flag_messages": dict(self.flag_messages),
            "prorated": self.prorated,
        }
        if self.clusters:
            data |= {
                "clusters": dict(self.clusters),
                "cutpoint": self.cutpoint,
                "provisional_by_cutpoint": self.provisional_by_cutpoint,
                "provisional_by_dsm5_rule": self.provisional_by_dsm5_rule,
            }
        return data


def _check(instrument: Instrument, answers: Sequence[int | None]) -> None:
    count = len(instrument.items)
    if len(answers) != count:
        raise ScoringError(f"{instrument.short_name} has {count} items; got {len(answers)} answers")
    valid = instrument.values
    for item, answer in zip(instrument.items, answers, strict=True):
        if answer is not None and answer not in valid:
            allowed = ", ".join(str(v) for v in valid)
            raise ScoringError(f"item {item.number} answer {answer} is out of range; valid: {allowed}")
    missing = [item.number for item, answer in zip(instrument.items, answers, strict=True) if answer is None]
    if len(missing) > instrument.prorate_missing:
        # The guides of PHQ-9 and GAD-7 are silent on missing answers, so psoas scores only complete forms
        # unless an instrument's file gives a published proration rule.
        rule = (
            "every question needs an answer"
            if instrument.prorate_missing == 0
            else f"at most {instrument.prorate_missing} may be left out"
        )
        blank = _unanswered(missing, len(instrument.items))
        raise ScoringError(f"{blank}; for a score, {rule}")


def _unanswered(missing: Sequence[int], count: int) -> str:
    """The questions left blank, said as a person would: 'question 3 has no answer', 'questions 1
    to 9 have no answer', 'questions 3, 5 and 7 have no answer'."""
    if len(missing) == 1:
        return f"question {missing[0]} has no answer"
    if len(missing) == count:
        return f"none of the {count} questions has an answer"
    if list(missing) == list(range(missing[0], missing[-1] + 1)):
        return f"questions {missing[0]} to {missing[-1]} have no answer"
    return f"questions {', '.join(map(str, missing[:-1]))} and {missing[-1]} have no answer"


def _clusters(instrument: Instrument, answers: Sequence[int]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for item, answer in zip(instrument.items, answers, strict=True):
        sums[item.cluster] = sums.get(item.cluster, 0) + answer
    return sums


def _dsm5_rule(instrument: Instrument, answers: Sequence[int]) -> bool:
    rules = instrument.pcl5
    assert rules is not None
    endorsed: dict[str, int] = {}
    for item, answer in zip(instrument.items, answers, strict=True):
        if answer >= rules.endorsed_from:
            endorsed[item.cluster] = endorsed.get(item.cluster, 0) + 1
    return all(endorsed.get(cluster, 0) >= need for cluster, need in rules.cluster_minimum.items())


def score(instrument: Instrument, answers: Sequence[int | None], cutpoint: int | None = None) -> Score:
    """Score answers given in form order (None for a missing answer, where the rules allow it)."""
    _check(instrument, answers)
    given = [a for a in answers if a is not None]
    prorated = len(given) < len(answers)
    total = round(sum(given) * len(answers) / len(given)) if prorated else sum(given)
    band = next((b.label for b in instrument.bands if b.min <= total <= b.max), None)
    raised = [
        item
        for item, answer in zip(instrument.items, answers, strict=True)
        if item.flag and answer is not None and answer > item.flag_above
    ]
    flags = tuple(item.flag for item in raised)
    messages = {item.flag: item.flag_message for item in raised}
    result = Score(instrument.id, tuple(answers), total, band, flags, prorated, messages)
    rules = instrument.pcl5
    if rules is None or prorated:
        return result
    chosen = rules.cutpoint_default if cutpoint is None else cutpoint
    if not rules.cutpoint_min <= chosen <= rules.cutpoint_max:
        raise ScoringError(
            f"cut-point {chosen} is outside the published range {rules.cutpoint_min}-{rules.cutpoint_max}"
        )
    complete = [a for a in answers if a is not None]
    return replace(
        result,
        clusters=_clusters(instrument, complete),
        cutpoint=chosen,
        provisional_by_cutpoint=total >= chosen,
        provisional_by_dsm5_rule=_dsm5_rule(instrument, complete),
    )
