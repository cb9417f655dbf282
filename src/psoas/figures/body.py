"""The body model: fixed segment lengths, joint angles within human ranges, and forward kinematics.

A pose is a set of joint angles in degrees. Lengths are fixed here, so no pose can stretch a limb;
what a pose can get wrong (an angle no joint reaches, a hand that should rest on the floor but
floats) is for `scene` to find. Units are centimetres of an average adult, y points up.

Three views draw the same skeleton:
- "side": the camera at the person's left side, the person facing right (+x). The near limbs are
  the left ones, the far limbs the right ones. Angles are flexion and extension.
- "front": the camera facing the person. Near limbs are drawn to the right of the body, far limbs
  to the left, mirrored. Angles are abduction (out to the side) and sideways bending.
- "above": the camera over a person lying on their side, so the angles are again flexion and
  extension; the floor is the mat under the whole body.
- "overhead": the camera over a person lying on their back, so the angles are those of the front
  view (the butterfly's knees falling open); again the mat is the floor.
"""

import math
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

View = Literal["side", "front", "above", "overhead"]
# Views looking down at someone lying on the mat: what rests on the floor is everything.
FROM_ABOVE: frozenset[str] = frozenset({"above", "overhead"})
# Views whose angles are abduction, with the two sides mirrored left and right of the body.
FACING_VIEWS: frozenset[str] = frozenset({"front", "overhead"})
Limb = Literal["near", "far"]
LIMBS: tuple[Limb, ...] = ("near", "far")

# Segment lengths, centimetres: about a 1.75 m adult.
TORSO_LOWER = 25.0  # hip joint to the waist
TORSO_UPPER = 27.0  # waist to the base of the neck
NECK = 9.0
HEAD = 11.0  # radius
THIGH = 45.0
SHIN = 43.0
HEEL = 6.0  # ankle to the sole, under the heel
FOOT = 21.0  # heel to the toes, along the sole
UPPER_ARM = 30.0
FOREARM = 34.0  # elbow to the fingertips

# Half the thickness of each part, for contact with the floor and props.
RADIUS = {
    "torso": 11.0,
    "neck": 4.5,
    "head": HEAD,
    "thigh": 7.5,
    "shin": 5.5,
    "foot": 3.5,
    "upper_arm": 4.5,
    "forearm": 3.5,
}

# In the front view the hips and shoulders sit apart from the body's midline.
HIP_HALF_WIDTH = 9.0
SHOULDER_HALF_WIDTH = 18.0

# The range each joint reaches in an adult without pain, degrees, by view: (least, most).
# Side view: flexion positive, extension negative. Front view: out to the side positive.
RANGES: dict[View, dict[str, tuple[float, float]]] = {
    "side": {
        "spine": (-45, 70),
        "neck": (-50, 60),
        "hip": (-35, 145),
        "knee": (-5, 160),
        "ankle": (-35, 90),
        "shoulder": (-60, 185),
        "elbow": (0, 150),
    },
    "front": {
        "spine": (-40, 40),
        "neck": (-40, 40),
        "hip": (-25, 80),
        "knee": (-5, 130),
        "ankle": (-40, 40),
        "shoulder": (-15, 185),
        "elbow": (0, 150),
    },
}
RANGES["above"] = RANGES["side"]
RANGES["overhead"] = RANGES["front"]


def _both(value: object) -> object:
    """One number for a pair of limbs means the same angle for both."""
    return [value, value] if isinstance(value, int | float) else value


Pair = Annotated[tuple[float, float], BeforeValidator(_both)]
# "feet", "near-hand", "back on bolster", "legs on wall": a part, and what it rests on.
Rest = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40)]


class Frame(BaseModel):
    """One still pose: joint angles in degrees, and the parts that rest on the floor or a prop.

    `trunk` is the lower torso's lean from upright (90 lies forward, -90 lies back); the other
    angles are each joint's own, as in the module's docstring. The first of `rests` carries the
    body: it is set on its surface and every other rest must then touch its own.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    trunk: float = Field(default=0, ge=-180, le=180)
    spine: float = 0
    neck: float = 0
    hip: Pair = (0, 0)
    knee: Pair = (0, 0)
    ankle: Pair = (0, 0)
    shoulder: Pair = (0, 0)
    elbow: Pair = (0, 0)
    rests: tuple[Rest, ...] = Field(min_length=1)


Item = Literal["strap", "heat-pack", "cold-pack", "eye-pillow", "massage-gun"]


class Figure(BaseModel):
    """An exercise's picture: a view and one or more frames; several frames animate in turn."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    view: View = "side"
    frames: tuple[Frame, ...] = Field(min_length=1, max_length=4)
    # Things held or laid on the body rather than rested on: drawn, never carrying weight.
    items: tuple[Item, ...] = ()
    # The frame shown without motion (reduced motion, print): the one that says the most, counted
    # from 1; for bird-dog the reach, not the kneeling it starts from.
    still: int = Field(default=1, ge=1, le=4)

    @model_validator(mode="after")
    def _still_is_a_frame(self) -> "Figure":
        if self.still > len(self.frames):
            raise ValueError(f"still is frame {self.still}, but there are {len(self.frames)} frames")
        return self


class Point(NamedTuple):
    x: float
    y: float


class Segment(NamedTuple):
    """A part of the body as a rounded stroke from `start` to `end`."""

    name: str
    limb: Limb | None
    start: Point
    end: Point
    radius: float


class Skeleton(NamedTuple):
    """Where every joint of one frame lies, the hip joint at the origin."""

    joints: dict[str, Point]
    segments: tuple[Segment, ...]


def _towards(origin: Point, lean: float, length: float) -> Point:
    """The point `length` away from `origin`, leaning `lean` degrees from straight up towards +x."""
    angle = math.radians(lean)
    return Point(origin.x + length * math.sin(angle), origin.y + length * math.cos(angle))


def _limb_joints(
    frame: Frame, index: int, sign: float, hip: Point, shoulder: Point, upper: float
) -> dict[str, Point]:
    """The joints of one leg and one arm. `sign` mirrors the far side in the front view."""
    trunk = frame.trunk
    thigh = trunk + 180 - sign * frame.hip[index]
    shin = thigh + sign * frame.knee[index]
    foot = shin - sign * 90 + sign * frame.ankle[index]
    knee = _towards(hip, thigh, THIGH)
    ankle = _towards(knee, shin, SHIN)
    arm = upper + 180 - sign * frame.shoulder[index]
    elbow = _towards(shoulder, arm, UPPER_ARM)
    heel = _towards(ankle, shin, HEEL)
    return {
        "hip": hip,
        "knee": knee,
        "ankle": ankle,
        "heel": heel,
        "toe": _towards(heel, foot, FOOT),
        "shoulder": shoulder,
        "elbow": elbow,
        "hand": _towards(elbow, arm - sign * frame.elbow[index], FOREARM),
    }


def skeleton(frame: Frame, view: View) -> Skeleton:
    """Forward kinematics: every joint and segment of the frame, the hip joint at the origin."""
    origin = Point(0.0, 0.0)
    upper = frame.trunk + frame.spine
    waist = _towards(origin, frame.trunk, TORSO_LOWER)
    neck_base = _towards(waist, upper, TORSO_UPPER)
    head_lean = upper + frame.neck
    head = _towards(_towards(neck_base, head_lean, NECK), head_lean, HEAD)
    joints = {"pelvis": origin, "waist": waist, "neck": neck_base, "head": head}
    segments = [
        Segment("torso", None, origin, waist, RADIUS["torso"]),
        Segment("torso", None, waist, neck_base, RADIUS["torso"]),
        Segment("neck", None, neck_base, head, RADIUS["neck"]),
        Segment("head", None, head, head, RADIUS["head"]),
    ]
    for index, limb in enumerate(LIMBS):
        sign = -1.0 if view in FACING_VIEWS and limb == "far" else 1.0
        across = _across(frame.trunk, upper, sign) if view in FACING_VIEWS else (origin, neck_base)
        limb_joints = _limb_joints(frame, index, sign, across[0], across[1], upper)
        joints.update({f"{limb}-{name}": point for name, point in limb_joints.items()})
        segments.extend(_limb_segments(limb, limb_joints))
    return Skeleton(joints, tuple(segments))


def _across(trunk: float, upper: float, sign: float) -> tuple[Point, Point]:
    """In the front view, the hip and shoulder joints of one side, apart from the midline."""
    hip = _towards(Point(0.0, 0.0), trunk + sign * 90, HIP_HALF_WIDTH)
    waist = _towards(Point(0.0, 0.0), trunk, TORSO_LOWER)
    neck = _towards(waist, upper, TORSO_UPPER)
    shoulder = _towards(_towards(neck, upper + 180, 4.0), upper + sign * 90, SHOULDER_HALF_WIDTH)
    return hip, shoulder


def _limb_segments(limb: Limb, j: dict[str, Point]) -> list[Segment]:
    return [
        Segment("thigh", limb, j["hip"], j["knee"], RADIUS["thigh"]),
        Segment("shin", limb, j["knee"], j["ankle"], RADIUS["shin"]),
        Segment("foot", limb, j["heel"], j["toe"], RADIUS["foot"]),
        Segment("foot", limb, j["ankle"], j["heel"], RADIUS["foot"]),
        Segment("upper_arm", limb, j["shoulder"], j["elbow"], RADIUS["upper_arm"]),
        Segment("forearm", limb, j["elbow"], j["hand"], RADIUS["forearm"]),
    ]


def lean_of(start: Point, end: Point) -> float:
    """The lean of the line from `start` to `end`, degrees from straight up towards +x."""
    return math.degrees(math.atan2(end.x - start.x, end.y - start.y))
