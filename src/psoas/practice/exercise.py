"""An entry of the practice library: one exercise, pose, breathing pattern or grounding technique."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from psoas.figures.body import Figure
from psoas.practice.vocabulary import Kind, Level, Phase, Position, Prop, Region

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class Duration(BaseModel):
    """How long one step of the exercise may last, in seconds (per side when done per side)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: int = Field(ge=10)
    default: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> "Duration":
        if not self.min <= self.default <= self.max:
            raise ValueError(f"needs min <= default <= max, got {self.min} <= {self.default} <= {self.max}")
        return self

    def clamp(self, seconds: int) -> int:
        """The nearest length inside this range."""
        return max(self.min, min(self.max, seconds))


class BreathPattern(BaseModel):
    """The pacing of one breath, in seconds, for the breath pacer and spoken counting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    inhale: float = Field(gt=0, le=15)
    hold_in: float = Field(default=0, ge=0, le=15)
    exhale: float = Field(gt=0, le=20)
    hold_out: float = Field(default=0, ge=0, le=15)

    @property
    def breaths_per_minute(self) -> float:
        """Breaths in one minute at this pace."""
        return 60 / (self.inhale + self.hold_in + self.exhale + self.hold_out)


class Way(BaseModel):
    """Another way of doing an exercise, said and drawn in full, that conditions may name: the
    supported fold with the head above the heart serves high blood pressure, a heart condition and
    a weak back alike, and naming one way keeps their instructions from clashing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    cues: tuple[Sentence, ...] = Field(min_length=2)
    come_out: Sentence
    figure: Figure


class Exercise(BaseModel):
    """One library entry, as read from its data file and validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    name: Sentence
    kind: Kind
    summary: Sentence
    phases: tuple[Phase, ...] = Field(min_length=1)
    level: Level
    position: Position
    per_side: bool
    targets: tuple[Region, ...] = Field(min_length=1)
    props: tuple[Prop, ...] = ()
    sequence: int | None = Field(default=None, ge=1, le=7)
    # Can bring on shaking before the tremor phase (the wall sit does): how to stop comes first.
    invites_tremor: bool = False
    duration: Duration
    breath: BreathPattern | None = None
    cues: tuple[Sentence, ...] = Field(min_length=2)
    come_out: Sentence
    modifications: tuple[Sentence, ...] = ()
    contraindications: tuple[KebabId, ...] = ()
    cautions: tuple[Sentence, ...] = ()
    evidence: Sentence
    # How it looks, for the library, the player and `psoas library --figure`.
    figure: Figure | None = None
    ways: tuple[Way, ...] = ()

    def way(self, way_id: str) -> Way | None:
        """The other way with this id, or None."""
        return next((w for w in self.ways if w.id == way_id), None)

    def serves(self, phase: Phase) -> bool:
        """Whether this exercise may be used in the given phase."""
        return phase in self.phases
