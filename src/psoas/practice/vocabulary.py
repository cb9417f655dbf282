"""The closed sets of words the practice content and the planner share.

Every value here is part of a contract: data files, the CLI and the JSON output use these exact
strings, so a value is only ever added, never renamed.
"""

from typing import Literal, get_args

Phase = Literal["arrive", "fatigue", "tremor", "restore", "integrate"]
Level = Literal["beginner", "intermediate", "experienced"]
Focus = Literal["back", "hips", "breath", "sleep", "anxiety", "general", "long-sitting", "posture"]
Kind = Literal[
    "safety",
    "tre",
    "yoga",
    "strength",
    "restorative",
    "breathing",
    "grounding",
    "self-massage",
    "thermal",
    "mindfulness",
]
Position = Literal[
    "standing",
    "seated",
    "kneeling",
    "all-fours",
    "supine",
    "prone",
    "side-lying",
    "reclined",
    "any",
]
Region = Literal[
    "feet",
    "legs",
    "hips",
    "pelvis",
    "lower-back",
    "spine",
    "core",
    "abdomen",
    "chest",
    "shoulders",
    "neck",
    "breath",
    "nervous-system",
    "whole-body",
]
Prop = Literal[
    "blanket",
    "pillow",
    "bolster",
    "block",
    "strap",
    "chair",
    "eye-pillow",
    "massage-ball",
    "foam-roller",
    "massage-gun",
    "heat-pack",
    "cold-pack",
]
TremorPolicy = Literal["self-practice", "facilitator-only", "not-advised"]
Side = Literal["left", "right"]

PHASES: tuple[Phase, ...] = get_args(Phase)
LEVELS: tuple[Level, ...] = get_args(Level)
FOCUSES: tuple[Focus, ...] = get_args(Focus)
KINDS: tuple[Kind, ...] = get_args(Kind)
POSITIONS: tuple[Position, ...] = get_args(Position)
REGIONS: tuple[Region, ...] = get_args(Region)
PROPS: tuple[Prop, ...] = get_args(Prop)
SIDES: tuple[Side, ...] = get_args(Side)

# How a position reads in a sentence ("... is avoided").
POSITION_WORDS: dict[Position, str] = {
    "standing": "standing",
    "seated": "sitting",
    "kneeling": "kneeling",
    "all-fours": "being on hands and knees",
    "supine": "lying on the back",
    "prone": "lying on the front",
    "side-lying": "lying on the side",
    "reclined": "reclining",
    "any": "any position",
}

# Which body regions each focus favours. `general` favours none: every region counts the same.
FOCUS_REGIONS: dict[Focus, frozenset[Region]] = {
    "back": frozenset({"lower-back", "spine", "core"}),
    "hips": frozenset({"hips", "pelvis"}),
    "breath": frozenset({"breath", "abdomen", "chest"}),
    "sleep": frozenset({"nervous-system", "breath", "whole-body"}),
    "anxiety": frozenset({"nervous-system", "breath"}),
    "general": frozenset(),
    # Hours in a chair or a car keep the hips bent: the front of the hips and thighs, the lower back.
    "long-sitting": frozenset({"hips", "legs", "lower-back"}),
    # Strength and length around the pelvis and trunk, not one "right" position.
    "posture": frozenset({"spine", "core", "hips"}),
}


def level_rank(level: Level) -> int:
    """Order levels so that an exercise's level can be compared with a person's."""
    return LEVELS.index(level)
