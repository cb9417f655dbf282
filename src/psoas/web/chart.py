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


def _y(value: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 10)


def _series(points: list[Point], attribute: str, css: str) -> list[str]:
    coordinates = [
        (_x(i, len(points)), _y(v)) for i, p in enumerate(points) if (v := getattr(p, attribute)) is not None
    ]
    parts = []
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline class="{css}" fill="none" stroke-width="2" points="{path}"/>')
    parts.extend(f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in coordinates)
    return parts


def ratings_chart(points: list[Point], title: str) -> str:
    """An accessible SVG line chart of ratings 0-10 before and after each session."""
    grid = []
    for value in (0, 5, 10):
        y = _y(value)
        line = f'x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"'
        grid.append(f'<line class="axis" {line} stroke-width="0.5"/>')
        grid.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    step = max(1, len(points) // 6)
    labels = [
        f'<text x="{_x(i, len(points)):.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(p.label)}</text>'
        for i, p in enumerate(points)
        if i % step == 0
    ]
    summary = "; ".join(f"{p.label}: before {_said(p.before)}, after {_said(p.after)}" for p in points)
    body = "".join(grid + _series(points, "before", "before") + _series(points, "after", "after") + labels)
    label = escape(f"{title}. {summary}")
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _said(value: int | None) -> str:
    return "none" if value is None else str(value)
