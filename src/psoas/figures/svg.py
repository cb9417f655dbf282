"""Drawing a figure as SVG: the same picture for the web pages, the player and `psoas library --figure`.

Every figure is drawn at one scale on one frame (3 m by 2.5 m of room), so a figure lying down and
one standing up look like the same person. Colours come from CSS variables the app sets for its
light and dark themes; a file opened on its own falls back to colours of its own and follows the
system's dark mode. Several frames crossfade in turn; with reduced motion only the first shows.
"""

from html import escape

from psoas.figures.body import FACING_VIEWS, FROM_ABOVE, Figure, Point, Segment
from psoas.figures.scene import Prop, Scene, place

WIDTH = 300.0
HEIGHT = 250.0
FLOOR_MARGIN = 14.0  # room below the floor line, for the mat's edge
FIT_MARGIN = 10.0  # room around a tightly framed figure
SECONDS_PER_FRAME = 2.5
FADE_PERCENT = 10

_COLOURS = (
    "--figure-body: #35505a; --figure-far: #93a9b0; --figure-prop: #e3d3b5; "
    "--figure-prop-edge: #9c8560; --figure-floor: #8d9ca1; --figure-mat: #e8eef0; --figure-bg: transparent;"
)
_DARK_COLOURS = (
    "--figure-body: #d3e1e5; --figure-far: #6c848b; --figure-prop: #54472f; "
    "--figure-prop-edge: #c0a679; --figure-floor: #7b8c91; --figure-mat: #223035; --figure-bg: #121a1d;"
)
STYLE = """
.pf-body { stroke: var(--figure-body); fill: var(--figure-body); stroke-linecap: round; }
.pf-far { stroke: var(--figure-far); fill: var(--figure-far); stroke-linecap: round; }
.pf-prop { fill: var(--figure-prop); stroke: var(--figure-prop-edge); stroke-width: 1.5; }
.pf-item { stroke: var(--figure-prop-edge); stroke-linecap: round; }
.pf-item-in { stroke: var(--figure-prop); stroke-linecap: round; }
.pf-strap { fill: none; stroke: var(--figure-prop-edge); stroke-width: 2; stroke-dasharray: 4 3; }
.pf-floor { stroke: var(--figure-floor); stroke-width: 2; }
.pf-mat { fill: var(--figure-mat); stroke: var(--figure-floor); stroke-width: 1; }
.pf-frame:not(.pf-still) { opacity: 0; }
@media (prefers-reduced-motion: no-preference) {
  .pf-frame { animation-name: var(--pf-name); animation-duration: var(--pf-cycle);
    animation-iteration-count: infinite; animation-timing-function: ease-in-out; }
}
"""


def _keyframes(count: int) -> str:
    """Each frame shows for its share of the cycle and crossfades into the next."""
    share = 100 / count
    return (
        f"@keyframes pf-cycle-{count} {{ 0%, {share - FADE_PERCENT:.1f}% {{ opacity: 1 }} "
        f"{share:.1f}%, {100 - FADE_PERCENT:.1f}% {{ opacity: 0 }} 100% {{ opacity: 1 }} }}"
    )


def _line(start: Point, end: Point, width: float, css: str) -> str:
    return (
        f'<line class="{css}" x1="{start.x:.1f}" y1="{-start.y:.1f}" x2="{end.x:.1f}" y2="{-end.y:.1f}" '
        f'stroke-width="{width:.1f}"/>'
    )


def _segment(segment: Segment, css: str) -> str:
    if segment.name == "head":
        centre = segment.start
        return f'<circle class="{css}" cx="{centre.x:.1f}" cy="{-centre.y:.1f}" r="{segment.radius:.1f}"/>'
    return _line(segment.start, segment.end, 2 * segment.radius, css)


def _prop(prop: Prop, above: bool) -> str:
    if prop.shape == "wall":
        return f'<rect class="pf-prop" x="{prop.x:.1f}" y="{-HEIGHT:.0f}" width="8" height="{HEIGHT:.0f}"/>'
    if prop.shape == "wedge":
        corners = [
            (prop.x, 0.0),
            (prop.x, prop.y),
            (prop.x + prop.width, prop.height),
            (prop.x + prop.width, 0.0),
        ]
        points = " ".join(f"{x:.1f},{-y:.1f}" for x, y in corners)
        return f'<polygon class="pf-prop" points="{points}"/>'
    if prop.shape == "round":
        return f'<circle class="pf-prop" cx="{prop.x:.1f}" cy="{-prop.y:.1f}" r="{prop.height / 2:.1f}"/>'
    top = -(prop.y + prop.height)
    box = (
        f'<rect class="pf-prop" x="{prop.x:.1f}" y="{top:.1f}" width="{prop.width:.1f}" '
        f'height="{prop.height:.1f}" rx="{min(6.0, prop.height / 3):.1f}"/>'
    )
    if prop.kind != "chair" or above:
        return box
    legs = "".join(
        f'<rect class="pf-prop" x="{x:.1f}" y="{top + 3:.1f}" width="3" height="{prop.height - 3:.1f}"/>'
        for x in (prop.x + 2, prop.x + prop.width - 5)
    )
    seat = (
        f'<rect class="pf-prop" x="{prop.x:.1f}" y="{top:.1f}" width="{prop.width:.1f}" height="5" rx="2"/>'
    )
    return legs + seat


def _items(figure: Figure, scene: Scene) -> str:
    """Things held or laid on the body: drawn on top, since they carry no weight."""
    parts = []
    joints = scene.joints
    for item in figure.items:
        if item == "strap":
            hand, foot = joints["near-hand"], joints["near-toe"]
            parts.append(
                f'<path class="pf-strap" d="M{hand.x:.1f},{-hand.y:.1f} L{foot.x:.1f},{-foot.y:.1f}"/>'
            )
        elif item in ("heat-pack", "cold-pack"):
            low, mid = joints["pelvis"], joints["waist"]
            parts.append(_line(low, mid, 9.0, "pf-item") + _line(low, mid, 6.0, "pf-item-in"))
        elif item == "eye-pillow":
            head = joints["head"]
            parts.append(f'<ellipse class="pf-prop" cx="{head.x:.1f}" cy="{-head.y:.1f}" rx="9" ry="4"/>')
        elif item == "massage-gun":
            hand = joints["near-hand"]
            parts.append(_line(hand, Point(hand.x, hand.y - 14), 6.0, "pf-item"))
    return "".join(parts)


def _frame(figure: Figure, scene: Scene, index: int, count: int) -> str:
    above = figure.view in FROM_ABOVE
    props = "".join(_prop(p, above) for p in scene.props)
    # From the side the far limbs are behind the body and drawn paler; from the front both show.
    far_css = "pf-body" if figure.view in FACING_VIEWS else "pf-far"
    far = "".join(_segment(s, far_css) for s in scene.segments if s.limb == "far")
    trunk = "".join(_segment(s, "pf-body") for s in scene.segments if s.limb is None)
    near = "".join(_segment(s, "pf-body") for s in scene.segments if s.limb == "near")
    style = ""
    if count > 1:
        cycle = SECONDS_PER_FRAME * count
        delay = -((count - index) % count) * SECONDS_PER_FRAME
        style = f' style="--pf-name: pf-cycle-{count}; animation-delay: {delay:g}s; --pf-cycle: {cycle:g}s"'
    css = "pf-frame pf-still" if index == figure.still - 1 else "pf-frame"
    return f'<g class="{css}"{style}>{props}{far}{trunk}{near}{_items(figure, scene)}</g>'


def _bounds(scenes: list[Scene]) -> tuple[float, float, float, float]:
    # Every segment's two ends, grown by its radius on each side.
    edges = [
        (p.x + sign * s.radius, p.y + sign * s.radius)
        for sc in scenes
        for s in sc.segments
        for p in (s.start, s.end)
        for sign in (-1, 1)
    ]
    xs, ys = [x for x, _ in edges], [y for _, y in edges]
    for scene in scenes:
        for prop in scene.props:
            if prop.shape == "wall":
                xs += [prop.x, prop.x + prop.width]
                continue
            xs += [prop.x - (prop.width / 2 if prop.shape == "round" else 0), prop.x + prop.width]
            ys += [prop.y, prop.height] if prop.shape == "wedge" else [prop.y, prop.y + prop.height]
    return min(xs), max(xs), min(ys), max(ys)


def _fitted_box(scenes: list[Scene], above: bool) -> tuple[float, float, float, float]:
    """x, y, width and height of a view box around the figure (and the floor it stands on), so a
    figure fills the space a page gives it; the scale then differs between figures."""
    left, right, low, high = _bounds(scenes)
    half = max(abs(left), abs(right)) + FIT_MARGIN
    bottom = (low - FIT_MARGIN) if above else min(low, 0.0) - FLOOR_MARGIN / 2
    top = high + FIT_MARGIN
    return -half, -top, 2 * half, top - bottom


def _centred(scene: Scene, dx: float, dy: float) -> Scene:
    def move(p: Point) -> Point:
        return Point(p.x + dx, p.y + dy)

    return scene._replace(
        segments=tuple(s._replace(start=move(s.start), end=move(s.end)) for s in scene.segments),
        joints={name: move(p) for name, p in scene.joints.items()},
        props=tuple(_moved_prop(p, dx, dy) for p in scene.props),
    )


def _moved_prop(prop: Prop, dx: float, dy: float) -> Prop:
    if prop.shape == "wall":
        return prop._replace(x=prop.x + dx)
    if prop.shape == "wedge":  # both heights move
        return prop._replace(x=prop.x + dx, y=prop.y + dy, height=prop.height + dy)
    return prop._replace(x=prop.x + dx, y=prop.y + dy)


def render(
    figure: Figure, *, label: str, mirrored: bool = False, standalone: bool = False, fit: bool = True
) -> str:
    """The figure as an SVG element; `label` is its alt text. Standalone adds the XML namespace's
    file colours and the dark-mode rule; in a page the app's theme sets them. `fit` frames the
    figure tightly; without it every figure shares one frame and one scale (the contact sheet)."""
    scenes = [place(frame, figure.view) for frame in figure.frames]
    left, right, low, high = _bounds(scenes)
    above = figure.view in FROM_ABOVE
    dy = -(low + high) / 2 + HEIGHT / 2 - FLOOR_MARGIN if above else 0.0
    scenes = [_centred(scene, -(left + right) / 2, dy) for scene in scenes]
    count = len(scenes)
    frames = "".join(_frame(figure, scene, i, count) for i, scene in enumerate(scenes))
    x, y, width, height = (
        _fitted_box(scenes, above) if fit else (-WIDTH / 2, -HEIGHT + FLOOR_MARGIN, WIDTH, HEIGHT)
    )
    ground = (
        f'<rect class="pf-mat" x="{x + 4:.0f}" y="{y + 4:.0f}" width="{width - 8:.0f}" '
        f'height="{height - 8:.0f}" rx="8"/>'
        if above
        else f'<line class="pf-floor" x1="{x:.0f}" y1="0" x2="{x + width:.0f}" y2="0"/>'
    )
    if mirrored:
        frames = f'<g transform="scale(-1 1)">{frames}</g>'
    colours = f"svg.pf {{ {_COLOURS} }}"
    if standalone:
        colours += f" @media (prefers-color-scheme: dark) {{ svg.pf {{ {_DARK_COLOURS} }} }}"
    style = STYLE + (_keyframes(count) if count > 1 else "")
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    # A file opened on its own has the viewer's background behind it: dark lines on white would
    # vanish in dark mode, so the file brings its own background there.
    if standalone:
        box = f'x="{x:.0f}" y="{y:.0f}" width="{width:.0f}" height="{height:.0f}"'
        ground = f'<rect style="fill: var(--figure-bg)" {box}/>' + ground
    text = escape(label)
    return (
        f'<svg{namespace} class="pf" viewBox="{x:.0f} {y:.0f} {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{text}"><title>{text}</title>'
        f"<style>{colours if standalone else ''}{style}</style>{ground}{frames}</svg>"
    )


def fallback_colours() -> str:
    """The CSS variables a page sets for figures in its light theme, and those for its dark one."""
    return f"{_COLOURS}\n{_DARK_COLOURS}"
