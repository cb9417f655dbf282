"""Short, honest reasons for each step: why this exercise, and why this length."""

from collections.abc import Mapping

from psoas.practice.exercise import Exercise
from psoas.practice.vocabulary import Kind, Phase, Region

PHASE_PURPOSE: Mapping[Phase, str] = {
    "arrive": "Helps you settle and arrive",
    "fatigue": "Works and tires the muscles around the psoas",
    "tremor": "Part of the tremor practice",
    "restore": "A supported rest that lets the body settle after the work",
    "integrate": "Lets the practice settle before you get up",
}

# Restore holds more than rest: a stretch or heat is not a "supported rest", so each kind says
# what it is, and none claims more than it does.
RESTORE_PURPOSE: Mapping[Kind, str] = {
    "yoga": "A slow stretch for muscles the fatigue phase worked",
    "strength": "Gentle work for muscles that support the hips and back",
    "self-massage": "Gentle pressure on muscles the fatigue phase worked, never to the point of pain",
    "thermal": "Warmth or cold on a tight area while you rest",
    "mindfulness": "Quiet attention to the body while it rests",
    "breathing": "Slow breathing while the body rests",
}

TREMOR_WHY: Mapping[str, str] = {
    "teach": "Comes first so you know how to slow or stop the tremor at any moment",
    "teach-early": "Comes before the wall sit, which can bring on shaking, so you know how to slow or "
    "stop it at any moment",
    "invite": "Invites the tremor: butterfly rest, then a gentle pelvic lift",
    "tremor": "Lets the tremor arise and run, as long as it feels safe",
    "practise-stopping": "Stopping is a skill: practised once, even when you do not need it",
    "tremor-again": "The tremor again, now that you have practised stopping",
}


def why(phase: Phase, exercise: Exercise, regions: frozenset[Region], preferred: bool) -> str:
    """Why this exercise was chosen for this phase."""
    if preferred:
        return "You marked it 'more like this'"
    if exercise.kind == "tre" and exercise.sequence is not None and phase == "fatigue":
        return f"TRE exercise {exercise.sequence} of 6: tires the legs and hips so a tremor can start"
    matched = [r for r in exercise.targets if r in regions]
    if matched:
        return f"Works the {' and '.join(matched[:2])}, your focus"
    if phase == "restore":
        return RESTORE_PURPOSE.get(exercise.kind, PHASE_PURPOSE["restore"])
    return PHASE_PURPOSE[phase]


def how_long(exercise: Exercise, seconds: int) -> str:
    """Why the step lasts as long as it does."""
    each = " each side" if exercise.per_side else ""
    usual = exercise.duration.default
    if abs(seconds - usual) <= max(5, usual // 10):
        return f"{seconds} s{each}, about its usual length"
    if seconds > usual:
        return f"{seconds} s{each}, longer than its usual {usual} s to fill the session"
    return f"{seconds} s{each}, shorter than its usual {usual} s to fit the session"


def reason(why_text: str, exercise: Exercise, seconds: int) -> str:
    """The whole reason shown beside a step."""
    return f"{why_text}; {how_long(exercise, seconds)}."
