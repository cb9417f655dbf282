"""The Stop & ground sequence: what any player switches to when a person needs to stop."""

from psoas.practice.library import Library
from psoas.practice.session_plan import Step

# Eyes open and outward first, then the body's contact with the ground, then a longer out-breath,
# then a self-hold: from orienting to settling. Every entry works seated, for anyone.
GROUNDING_SEQUENCE = ("orienting", "feet-on-the-floor", "extended-exhale", "self-hold")
GROUNDING_STEP_SECONDS = 60

CLOSING_WORDS = (
    "You stopped and grounded yourself. That is a skill, not a failure.",
    "Take your time before you get up. Drink some water, and keep the rest of the day gentle.",
    "If the distress stays high, reach out to someone you trust, or to your local crisis line.",
)


def grounding_steps(library: Library) -> tuple[Step, ...]:
    """The grounding steps, about a minute each, in the order they are done."""
    steps = []
    for exercise_id in GROUNDING_SEQUENCE:
        exercise = library.exercises.get(exercise_id)
        if exercise is None:
            continue
        seconds = exercise.duration.clamp(GROUNDING_STEP_SECONDS)
        steps.append(
            Step(
                exercise=exercise.id,
                name=exercise.name,
                kind=exercise.kind,
                seconds=seconds,
                side=None,
                reason="Stop & ground: bringing your attention back to the room and your body.",
                cues=exercise.cues,
                come_out=exercise.come_out,
                breath=exercise.breath,
            )
        )
    return tuple(steps)
