"""A frame set on the floor with its props, and everything physically wrong with it.

The first part a frame rests on is set down on its surface (the floor, or the top of a prop); then
every other resting part must touch its own surface, no part may pass through the floor, a prop or
a wall, and every joint stays within its range. The check is what lets a pose be written as data
without someone looking at each one: a hand that should be on the floor cannot float above it.
"""

import math
from typing import Literal, NamedTuple

from psoas.figures.body import (
    FROM_ABOVE,
    LIMBS,
    RADIUS,
    RANGES,
    Figure,
    Frame,
    Point,
    Segment,
    View,
    lean_of,
    skeleton,
)

# How far a resting part may be from its surface, or into something solid, in centimetres.
TOLERANCE = 5.0

Support = Literal[
    "floor", "wall", "chair", "pillow", "bolster", "block", "blanket", "foam-roller", "massage-ball"
]
# Height of each support's top above the floor, and its width as seen, in centimetres.
HEIGHTS: dict[str, float] = {
    "floor": 0.0,
    "chair": 45.0,
    "pillow": 10.0,
    "bolster": 20.0,
    "block": 15.0,
    "blanket": 6.0,
    "foam-roller": 15.0,
    "massage-ball": 10.0,
}
WIDTHS: dict[str, float] = {
    "chair": 42.0,
    "pillow": 40.0,
    "bolster": 55.0,
    "block": 23.0,
    "blanket": 50.0,
    "foam-roller": 15.0,
    "massage-ball": 10.0,
}
ROUND = frozenset({"foam-roller", "massage-ball"})
# Pillows stacked into a slope, or a bolster on pillows: shaped to the body resting on it, from the
# floor up, as long as it is no steeper than a person can lean back on.
WEDGE = "wedge"
STEEPEST_WEDGE = 60.0

# The points of each part that must touch when it rests, with their radii. Limb parts are named
# in the singular here; "feet", "near-hand" and "far-knees" are read into these.
_TORSO = [("pelvis", RADIUS["torso"]), ("waist", RADIUS["torso"]), ("neck", RADIUS["torso"])]
BODY_PARTS: dict[str, list[tuple[str, float]]] = {
    "head": [("head", RADIUS["head"])],
    "back": _TORSO,
    "front": _TORSO,
    "side": _TORSO,
    "upper-back": _TORSO[1:],
    "lower-back": _TORSO[:2],
    "chest": _TORSO[1:],
    "belly": _TORSO[:2],
    "pelvis": _TORSO[:1],
}
LIMB_PARTS: dict[str, list[tuple[str, float]]] = {
    "thigh": [("hip", RADIUS["thigh"]), ("knee", 6.0)],
    "knee": [("knee", 6.0)],
    "shin": [("knee", RADIUS["shin"]), ("ankle", RADIUS["shin"])],
    "foot": [("heel", RADIUS["foot"]), ("toe", RADIUS["foot"])],
    "heel": [("heel", RADIUS["foot"])],
    "toes": [("toe", RADIUS["foot"])],
    "hand": [("hand", RADIUS["forearm"])],
    "forearm": [("elbow", 4.0), ("hand", RADIUS["forearm"])],
    "elbow": [("elbow", 4.5)],
    "leg": [("hip", RADIUS["thigh"]), ("knee", 6.0), ("ankle", RADIUS["shin"])],
    "arm": [("shoulder", RADIUS["upper_arm"]), ("elbow", 4.5), ("hand", RADIUS["forearm"])],
}
PLURALS = {
    "thighs": "thigh",
    "knees": "knee",
    "shins": "shin",
    "feet": "foot",
    "heels": "heel",
    "hands": "hand",
    "forearms": "forearm",
    "elbows": "elbow",
    "legs": "leg",
    "arms": "arm",
}
# Which way a part faces, for "lying on the back" against "lying on the front".
FACING = {
    "back": -90.0,
    "upper-back": -90.0,
    "lower-back": -90.0,
    "front": 90.0,
    "chest": 90.0,
    "belly": 90.0,
}


class Prop(NamedTuple):
    """A support or item as drawn: a box (x, y from the floor up), a round one, or a line."""

    kind: str
    shape: Literal["box", "round", "line", "wall", "wedge"]
    x: float
    y: float
    width: float
    height: float


class Scene(NamedTuple):
    """One frame placed in the room: the body's segments, the props, and what is wrong."""

    segments: tuple[Segment, ...]
    joints: dict[str, Point]
    props: tuple[Prop, ...]
    problems: tuple[str, ...]


class RestingPart(NamedTuple):
    part: str
    points: list[tuple[str, float]]
    support: str


def read_rest(rest: str) -> RestingPart:
    """'near-hand on block' as the part, the joints that touch, and the support (ValueError if unknown)."""
    part, _, support = rest.partition(" on ")
    part, support = part.strip(), (support.strip() or "floor")
    if support not in HEIGHTS and support not in ("wall", WEDGE):
        raise ValueError(f"{rest!r}: {support!r} is not something to rest on; use one of {_supports()}")
    return RestingPart(part, _points(part, rest), support)


def _supports() -> str:
    return ", ".join(sorted([*HEIGHTS, "wall", WEDGE]))


def _points(part: str, rest: str) -> list[tuple[str, float]]:
    if part in BODY_PARTS:
        return BODY_PARTS[part]
    limb, _, name = part.partition("-")
    limbs: tuple[str, ...] = (limb,) if limb in LIMBS else LIMBS
    name = name if limb in LIMBS else part
    name = PLURALS.get(name, name)
    if name not in LIMB_PARTS:
        known = ", ".join([*BODY_PARTS, *LIMB_PARTS, *PLURALS])
        raise ValueError(f"{rest!r}: {part!r} is not a part of the body; use one of {known}")
    return [(f"{side}-{joint}", radius) for side in limbs for joint, radius in LIMB_PARTS[name]]


def _moved(point: Point, dx: float, dy: float) -> Point:
    return Point(point.x + dx, point.y + dy)


def _samples(segment: Segment) -> list[Point]:
    """Points along a segment, close enough that nothing solid fits between them."""
    steps = max(1, int(math.dist(segment.start, segment.end) // 6))
    return [
        Point(
            segment.start.x + (segment.end.x - segment.start.x) * i / steps,
            segment.start.y + (segment.end.y - segment.start.y) * i / steps,
        )
        for i in range(steps + 1)
    ]


def _where(joint: str) -> str:
    return joint.replace("-", " ").replace("pelvis", "hips").replace("neck", "shoulders")


def place(frame: Frame, view: View) -> Scene:
    """Set the frame on its first support, place the props, and list what is physically wrong."""
    body = skeleton(frame, view)
    problems = _range_problems(frame, view)
    try:
        rests = [read_rest(rest) for rest in frame.rests]
    except ValueError as error:
        return Scene(body.segments, body.joints, (), (*problems, str(error)))
    first = rests[0]
    if first.support == "wall":
        return Scene(
            body.segments, body.joints, (), (*problems, "the first rest carries the body; a wall cannot")
        )
    lowest = min(body.joints[j].y - r for j, r in first.points)
    dy = HEIGHTS[first.support] - lowest
    joints = {name: _moved(p, 0.0, dy) for name, p in body.joints.items()}
    segments = tuple(
        s._replace(start=_moved(s.start, 0.0, dy), end=_moved(s.end, 0.0, dy)) for s in body.segments
    )
    if view in FROM_ABOVE:
        return Scene(segments, joints, _props_above(rests, joints), tuple(problems))
    props: list[Prop] = []
    for rest in rests:
        prop, found = _rest_problems(rest, joints, segments, view)
        problems.extend(found)
        if prop is not None and prop not in props:
            props.append(prop)
    problems.extend(_collisions(segments, props))
    return Scene(segments, joints, tuple(props), tuple(problems))


def _range_problems(frame: Frame, view: View) -> list[str]:
    problems = []
    for joint, (least, most) in RANGES[view].items():
        value = getattr(frame, joint)
        pairs = zip(LIMBS, value, strict=True) if isinstance(value, tuple) else [("", value)]
        for limb, angle in pairs:
            if not least <= angle <= most:
                name = f"{limb} {joint}".strip()
                problems.append(f"{name} at {angle:g}° is outside what it reaches ({least:g}° to {most:g}°)")
    return problems


def _rest_problems(
    rest: RestingPart, joints: dict[str, Point], segments: tuple[Segment, ...], view: View
) -> tuple[Prop | None, list[str]]:
    problems = _facing_problems(rest, joints, view)
    points = [(joint, joints[joint], radius) for joint, radius in rest.points]
    if rest.support == "wall":
        return _wall(rest, points, segments, problems)
    if rest.support == WEDGE:
        return _wedge(rest, points, problems)
    height = HEIGHTS[rest.support]
    for joint, point, radius in points:
        gap = point.y - radius - height
        if gap > TOLERANCE:
            problems.append(f"{rest.part}: the {_where(joint)} floats {gap:.0f} cm above the {rest.support}")
        elif gap < -TOLERANCE:
            problems.append(f"{rest.part}: the {_where(joint)} sinks {-gap:.0f} cm into the {rest.support}")
    if rest.support == "floor":
        return None, problems
    return _prop_under(rest.support, [p for _, p, _ in points]), problems


def _facing_problems(rest: RestingPart, joints: dict[str, Point], view: View) -> list[str]:
    """Lying on the back must have the back down: the side view knows which way the torso faces."""
    if rest.part not in FACING or view != "side":
        return []
    torso = lean_of(joints["pelvis"], joints["neck"])
    facing = math.radians(torso + FACING[rest.part])
    direction = Point(math.sin(facing), math.cos(facing))
    if rest.support == "wall":
        return []
    if direction.y > -0.5:
        return [f"{rest.part}: rests on the {rest.support} but faces away from it"]
    return []


def _wedge(
    rest: RestingPart, points: list[tuple[str, Point, float]], problems: list[str]
) -> tuple[Prop | None, list[str]]:
    """A slope under the resting part: its top runs along the part's underside, down to the floor."""
    ends = sorted(((p.x, p.y - r) for _, p, r in points), key=lambda end: end[0])
    (left_x, left_y), (right_x, right_y) = ends[0], ends[-1]
    if right_x - left_x < 5:
        return None, [*problems, f"{rest.part}: a wedge needs a part that lies along it, not a point"]
    if min(left_y, right_y) < -TOLERANCE:
        return None, [*problems, f"{rest.part}: a wedge under it would be below the floor"]
    steepness = math.degrees(math.atan2(abs(right_y - left_y), right_x - left_x))
    if steepness > STEEPEST_WEDGE:
        problems.append(f"{rest.part}: a wedge of {steepness:.0f}° is steeper than {STEEPEST_WEDGE:.0f}°")
    # A wedge keeps its two heights in y (left) and height (right).
    return Prop(WEDGE, "wedge", left_x, max(left_y, 0.0), right_x - left_x, max(right_y, 0.0)), problems


def _prop_under(support: str, points: list[Point]) -> Prop:
    xs = [p.x for p in points]
    middle = (min(xs) + max(xs)) / 2
    height = HEIGHTS[support]
    if support in ROUND:
        return Prop(support, "round", middle, height / 2, height, height)
    width = max(WIDTHS[support], max(xs) - min(xs) + 12)
    return Prop(support, "box", middle - width / 2, 0.0, width, height)


def _wall(
    rest: RestingPart,
    points: list[tuple[str, Point, float]],
    segments: tuple[Segment, ...],
    problems: list[str],
) -> tuple[Prop, list[str]]:
    middle = sum(p.x for s in segments for p in (s.start, s.end)) / (2 * len(segments))
    on_left = sum(p.x for _, p, _ in points) / len(points) < middle
    edges = [(p.x - r) if on_left else (p.x + r) for _, p, r in points]
    wall_x = min(edges) if on_left else max(edges)
    for (joint, _, _), edge in zip(points, edges, strict=True):
        if abs(edge - wall_x) > TOLERANCE:
            problems.append(
                f"{rest.part}: the {_where(joint)} is {abs(edge - wall_x):.0f} cm away from the wall"
            )
    for segment in segments:
        for point in _samples(segment):
            depth = (
                (wall_x - (point.x - segment.radius)) if on_left else ((point.x + segment.radius) - wall_x)
            )
            if depth > TOLERANCE:
                problems.append(f"the {segment.name.replace('_', ' ')} passes {depth:.0f} cm into the wall")
                break
    # Drawn 8 cm thick, on the side away from the body.
    return Prop("wall", "wall", wall_x - 8.0 if on_left else wall_x, 0.0, 8.0, 0.0), problems


def _collisions(segments: tuple[Segment, ...], props: list[Prop]) -> list[str]:
    problems: list[str] = []
    for segment in segments:
        name = segment.name.replace("_", " ")
        points = _samples(segment)
        depth = max(-(p.y - segment.radius) for p in points)
        if depth > TOLERANCE:
            problems.append(f"the {name} passes {depth:.0f} cm through the floor")
        for prop in props:
            if _inside(points, segment.radius, prop):
                problems.append(f"the {name} passes through the {prop.kind}")
    return sorted(set(problems))


def _inside(points: list[Point], radius: float, prop: Prop) -> bool:
    if prop.shape == "wedge":
        return any(
            prop.x + TOLERANCE < p.x < prop.x + prop.width - TOLERANCE
            and p.y - radius < _wedge_top(prop, p.x) - TOLERANCE
            for p in points
        )
    if prop.shape == "round":
        return any(math.dist(p, (prop.x, prop.y)) < prop.height / 2 + radius - TOLERANCE for p in points)
    if prop.shape != "box":
        return False
    return any(
        prop.x + TOLERANCE < p.x < prop.x + prop.width - TOLERANCE and p.y - radius < prop.height - TOLERANCE
        for p in points
    )


def _wedge_top(prop: Prop, x: float) -> float:
    share = (x - prop.x) / prop.width
    return prop.y + (prop.height - prop.y) * share


def _props_above(rests: list[RestingPart], joints: dict[str, Point]) -> tuple[Prop, ...]:
    """Seen from above, a prop is drawn under the part that rests on it; heights do not show."""
    props = []
    for rest in rests:
        if rest.support in ("floor", "wall"):
            continue
        points = [joints[j] for j, _ in rest.points]
        xs, ys = [p.x for p in points], [p.y for p in points]
        size = WIDTHS[rest.support]
        props.append(
            Prop(
                rest.support,
                "box",
                min(xs) - 12,
                min(ys) - 12,
                max(max(xs) - min(xs) + 24, size / 2),
                max(ys) - min(ys) + 24,
            )
        )
    return tuple(props)


def figure_problems(figure: Figure) -> list[str]:
    """Everything physically wrong with any frame of the figure, each naming its frame."""
    problems: list[str] = []
    for number, frame in enumerate(figure.frames, start=1):
        where = f"frame {number}: " if len(figure.frames) > 1 else ""
        problems.extend(where + problem for problem in place(frame, figure.view).problems)
    return problems
