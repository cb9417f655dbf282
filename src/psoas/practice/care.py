"""Care beyond the mat: who else helps with a tight psoas and the stress held with it, when each
helps and what is known; and the everyday (long sitting, posture, pelvis and digestion). Content as
data (content/care.toml), checked when it loads."""

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from psoas.practice.exercise import KebabId, Sentence
from psoas.practice.library import CONTENT_DIR, ContentError


class Helper(BaseModel):
    """A kind of practitioner: when they help, what they do, and how much is known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    name: Sentence
    when: Sentence
    what: Sentence
    known: Sentence


class Everyday(BaseModel):
    """Something of daily life the sources link with a tight psoas, said honestly."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: KebabId
    name: Sentence
    text: Sentence


class CareGuide(BaseModel):
    """The whole page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intro: Sentence
    helpers: tuple[Helper, ...] = Field(min_length=1)
    everyday: tuple[Everyday, ...] = ()


def load_care(path: Path = CONTENT_DIR / "care.toml") -> CareGuide:
    """Read and check the care guide (ContentError naming each problem)."""
    try:
        return CareGuide.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise ContentError([f"{path.name}: not valid TOML ({error})"]) from error
    except ValidationError as error:
        raise ContentError(
            [f"{path.name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
        ) from error


@cache
def care_guide() -> CareGuide:
    """The care guide shipped with psoas, read once per process."""
    return load_care()
