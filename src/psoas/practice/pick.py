"""An exercise the planner has chosen, with its length and why it was chosen."""

from dataclasses import dataclass

from psoas.practice.exercise import Exercise
from psoas.practice.timing import sides


@dataclass
class Pick:
    """A chosen exercise: `seconds` is per side for per-side exercises; `why` starts its reason."""

    exercise: Exercise
    seconds: int
    why: str

    @property
    def total(self) -> int:
        """Seconds the pick takes, both sides counted."""
        return self.seconds * sides(self.exercise)
