"""Server-drawn SVG plots of a recording's analysis: tremor over time, its spectrum, breathing rate and
the RR tachogram. Each is an image with a title and a description for screen readers."""

import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 230
# The left margin holds a six-character tick label (0.0149) at a phone's larger text; the bottom
# one holds the x ticks and, below them, the axis name, which would otherwise overlap the last tick;
# the top one holds the y axis's name and the legend above the highest tick, at that text size too.
LEFT, RIGHT, TOP, BOTTOM = 72, 12, 40, 45
NAME_BASELINE = 20


@dataclass(frozen=True)
class Span:
    """A shaded stretch of the x axis, e.g. a tremor episode: the full height, or up to `level` on
    the y axis (an episode's strength)."""

    start: float
    end: float
    css: str
    level: float | None = None


def _scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    if high == low:
        return (out_low + out_high) / 2
    return out_low + (value - low) * (out_high - out_low) / (high - low)


# The widest a character of chart text is drawn, at a phone's larger text (psoas.css), for laying
# out a legend that must not run into the y axis's name.
CHAR_WIDTH = 11
SWATCH = 12


def _legend(entries: tuple[tuple[str, str], ...]) -> list[str]:
    """Swatches with their names along the top right, in the order given: (name, css class)."""
    parts: list[str] = []
    x = WIDTH - RIGHT
    for name, css in reversed(entries):
        x -= len(name) * CHAR_WIDTH
        parts.append(f'<text class="legend" x="{x:.0f}" y="{NAME_BASELINE}">{escape(name)}</text>')
        x -= SWATCH + 4
        y = NAME_BASELINE - SWATCH
        parts.append(f'<rect class="{css}" x="{x:.0f}" y="{y}" width="{SWATCH}" height="{SWATCH}"/>')
        x -= 16
    return parts


def _frame(title: str, description: str, body: list[str], x_label: str, y_label: str) -> str:
    label = escape(title)
    return "\n".join(
        [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">',
            f"<title>{label}</title><desc>{escape(description)}</desc>",
            f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" '
            f'x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>',
            f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>',
            *body,
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" text-anchor="end">{escape(x_label)}</text>',
            f'<text x="4" y="{NAME_BASELINE}">{escape(y_label)}</text>',
            "</svg>",
        ]
    )


def _tick_decimals(step: float) -> int:
    """Decimals for labels `step` apart: enough that neighbours differ (a spectrum's power is a few
    hundredths, a tachogram's a thousand ms), one more when the step is not round (0.25, 12.5), and
    none from 100 up, where a fraction is noise."""
    if not math.isfinite(step) or step <= 0:
        return 0
    decimals = max(0, -math.floor(math.log10(step)))
    if step < 100 and not math.isclose(step, round(step, decimals), rel_tol=1e-9):
        decimals += 1
    return decimals


def _label(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    # A value a hair below zero would read "-0.00".
    return text.lstrip("-") if float(text) == 0 else text


def _ticks(low: float, high: float, axis: str) -> list[str]:
    """Labels at the ends and the middle of an axis, all with the same decimals."""
    decimals = _tick_decimals(abs(high - low) / 2)
    parts = []
    for value in (low, (low + high) / 2, high):
        text = _label(value, decimals)
        if axis == "x":
            x = _scale(value, low, high, LEFT, WIDTH - RIGHT)
            anchor = "start" if value == low else "end" if value == high else "middle"
            parts.append(
                f'<text class="tick-x" x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                f'text-anchor="{anchor}">{text}</text>'
            )
        else:
            y = _scale(value, low, high, HEIGHT - BOTTOM, TOP)
            parts.append(
                f'<text class="tick-y" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{text}</text>'
            )
    return parts


def _span(span: Span, low: float, high: float, y_low: float, y_high: float) -> str:
    left = _scale(span.start, low, high, LEFT, WIDTH - RIGHT)
    width = max(1.0, _scale(span.end, low, high, LEFT, WIDTH - RIGHT) - left)
    top = TOP if span.level is None else _scale(span.level, y_low, y_high, HEIGHT - BOTTOM, TOP)
    return (
        f'<rect class="{span.css}" x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" '
        f'height="{HEIGHT - BOTTOM - top:.1f}"/>'
    )


def line_chart(
    points: list[tuple[float, float | None]],
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    spans: tuple[Span, ...] = (),
    y_range: tuple[float, float] | None = None,
    legend: tuple[tuple[str, str], ...] = (),
) -> str:
    """A line through the points (a None breaks the line), over optional shaded spans, with an
    optional legend of (name, css class) naming the spans' colours."""
    values = [y for _, y in points if y is not None] + [s.level for s in spans if s.level is not None]
    xs = [x for x, _ in points] + [s.start for s in spans] + [s.end for s in spans]
    x_low, x_high = (min(xs), max(xs)) if xs else (0.0, 1.0)
    y_low, y_high = y_range or ((min(values), max(values)) if values else (0.0, 1.0))
    if y_high == y_low:
        y_low, y_high = y_low - 1, y_high + 1
    body = [_span(s, x_low, x_high, y_low, y_high) for s in spans]
    runs: list[list[str]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
            continue
        px = _scale(x, x_low, x_high, LEFT, WIDTH - RIGHT)
        py = _scale(y, y_low, y_high, HEIGHT - BOTTOM, TOP)
        runs[-1].append(f"{px:.1f},{py:.1f}")
    body += [
        f'<polyline class="after" fill="none" stroke-width="1.5" points="{" ".join(run)}"/>'
        for run in runs
        if len(run) > 1
    ]
    body += _ticks(x_low, x_high, "x") + (_ticks(y_low, y_high, "y") if values else [])
    return _frame(title, description, body + _legend(legend), x_label, y_label)


def bar_chart(
    values: list[float], title: str, description: str, x_label: str, y_label: str, top: float
) -> str:
    """One bar per value (e.g. seconds of tremor in each minute), from 0 to `top`."""
    count = max(1, len(values))
    slot = (WIDTH - LEFT - RIGHT) / count
    body = []
    for index, value in enumerate(values):
        height = _scale(min(value, top), 0, top, 0, HEIGHT - TOP - BOTTOM)
        x = LEFT + index * slot + slot * 0.1
        body.append(
            f'<rect class="episode" x="{x:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" '
            f'width="{slot * 0.8:.1f}" height="{height:.1f}"/>'
        )
    body += _ticks(0, top, "y")
    body.append(f'<text x="{LEFT}" y="{HEIGHT - BOTTOM + 14}">0</text>')
    # The axis is time: it runs from the start of the first minute to the end of the last.
    body.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end">{count}</text>')
    return _frame(title, description, body, x_label, y_label)


PAIR_WIDTH = 360  # narrower than the other plots, so that its words stay readable on a phone


def pair_chart(title: str, unit: str, start: float, end: float) -> str:
    """Two labelled horizontal bars, the start of a session and its end, on a scale from zero."""
    top = max(start, end) * 1.15 or 1.0
    body = []
    for row, (name, value) in enumerate((("Start", start), ("End", end))):
        y = 4 + row * 30
        width = _scale(value, 0, top, 0, PAIR_WIDTH - 50 - 120)
        css = "before" if row == 0 else "after"
        body.append(f'<text class="pair" x="0" y="{y + 17}">{name}</text>')
        body.append(f'<rect class="{css}" x="50" y="{y}" width="{width:.1f}" height="24"/>')
        body.append(f'<text class="pair" x="{56 + width:.1f}" y="{y + 17}">{value:.0f} {escape(unit)}</text>')
    label = escape(f"{title}: {start:.0f} at the start, {end:.0f} at the end ({unit})")
    return "\n".join(
        [
            f'<svg class="chart pair" viewBox="0 0 {PAIR_WIDTH} 66" role="img" aria-label="{label}">',
            f"<title>{label}</title>",
            *body,
            "</svg>",
        ]
    )
