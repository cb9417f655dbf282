"""A small server-drawn SVG chart of before and after ratings over sessions: no script, prints well."""

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 14, 30


@dataclass(frozen=True)
class Point:
    """One session's rating before and after (either may be missing), with its date label."""

    label: str
    before: int | None
    after: int | None


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _anchor(index: int, count: int) -> str:
    """Keep the first and last labels inside the chart."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _y(value: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 10)


# A rating's height as drawn: there are eleven.
_Y_TEXT = {value: f"{_y(value):.1f}" for value in range(11)}


def _y_text(value: int) -> str:
    return _Y_TEXT.get(value) or f"{_y(value):.1f}"


def _series(values: list[int | None], xs: list[str], css: str) -> list[str]:
    coordinates = [(xs[i], _y_text(v)) for i, v in enumerate(values) if v is not None]
    parts = []
    if len(coordinates) > 1:
        path = " ".join(f"{x},{y}" for x, y in coordinates)
        parts.append(f'<polyline class="{css}" fill="none" stroke-width="2" points="{path}"/>')
    parts.extend(f'<circle class="{css}" cx="{x}" cy="{y}" r="3.5"/>' for x, y in coordinates)
    return parts


@dataclass(frozen=True)
class Frame:
    """What every ratings chart over the same sessions draws alike: the grid, each point's x, and
    the date labels. Drawn once for a page's four charts."""

    grid: str
    xs: list[str]
    labels: str


def frame(labels: list[str]) -> Frame:
    """The frame of a ratings chart whose points carry these labels."""
    grid = []
    for value in (0, 5, 10):
        y = _y(value)
        line = f'x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"'
        grid.append(f'<line class="axis" {line} stroke-width="0.5"/>')
        grid.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    count = len(labels)
    xs = [f"{_x(i, count):.1f}" for i in range(count)]
    step = _label_step(labels)
    drawn = [
        f'<text x="{xs[i]}" y="{HEIGHT - 10}" text-anchor="{_anchor(i, count)}">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % step == 0
    ]
    return Frame("".join(grid), xs, "".join(drawn))


def ratings_chart(points: list[Point], title: str, drawn: Frame | None = None) -> str:
    """An accessible SVG line chart of ratings 0-10 before and after each session; `drawn` is the
    points' frame where several charts share it."""
    drawn = drawn or frame([p.label for p in points])
    summary = "; ".join(f"{p.label}: before {_said(p.before)}, after {_said(p.after)}" for p in points)
    before = _series([p.before for p in points], drawn.xs, "before")
    after = _series([p.after for p in points], drawn.xs, "after")
    body = drawn.grid + "".join(before + after) + drawn.labels
    label = escape(f"{title}. {summary}")
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


# On a phone a chart's text is drawn at 20 units (see psoas.css), about 12 units a character.
LABEL_UNITS_PER_CHARACTER = 12
LABEL_GAP = 16


def _label_step(labels: list[str]) -> int:
    """Label every step-th point, so that no two labels overlap even at a phone's text size; the
    chart's accessible name still reads every point."""
    if len(labels) < 2:
        return 1
    # The first label starts at its point and the next is centred on its own: a label and a half.
    needed = 1.5 * max(len(label) for label in labels) * LABEL_UNITS_PER_CHARACTER + LABEL_GAP
    spacing = (WIDTH - LEFT - RIGHT) / (len(labels) - 1)
    step = 1
    while spacing * step < needed and step < len(labels) - 1:
        step += 1
    return step


def _said(value: int | None) -> str:
    return "none" if value is None else str(value)


@dataclass(frozen=True)
class Shade:
    """A severity band drawn behind a trend: totals from `low` to `high`."""

    low: int
    high: int
    label: str


def trend_chart(points: list[tuple[str, int]], shades: list[Shade], top: int, title: str) -> str:
    """An accessible SVG line chart of totals over time with the severity bands shaded behind it."""
    plot_height = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_height * (1 - value / top)

    parts = []
    for index, shade in enumerate(shades):
        upper, lower = y(shade.high + 1 if shade.high < top else top), y(shade.low)
        opacity = 0.06 + 0.05 * (index % 2)
        parts.append(
            f'<rect x="{LEFT}" y="{upper:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{lower - upper:.1f}" '
            f'class="band" fill-opacity="{opacity:.2f}"/>'
        )
        label_at = f'x="{WIDTH - RIGHT - 4}" y="{lower - 4:.1f}"'
        parts.append(f'<text {label_at} text-anchor="end">{escape(shade.label)}</text>')
    for value in (0, top):
        parts.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>')
    coordinates = [(_x(i, len(points)), y(total)) for i, (_, total) in enumerate(points)]
    if len(coordinates) > 1:
        path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coordinates)
        parts.append(f'<polyline class="after" fill="none" stroke-width="2" points="{path}"/>')
    parts.extend(f'<circle class="after" cx="{cx:.1f}" cy="{cy:.1f}" r="4"/>' for cx, cy in coordinates)
    for index, ((cx, _), (label, _)) in enumerate(zip(coordinates, points, strict=True)):
        anchor = _anchor(index, len(points))
        parts.append(f'<text x="{cx:.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}">{escape(label)}</text>')
    summary = "; ".join(f"{label}: {total}" for label, total in points)
    aria = escape(f"{title}. {summary}")
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{aria}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
