"""The stylesheet's colour pairs meet WCAG 2.1 AA contrast in both themes (4.5:1 for text)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "src/psoas/web/static/css/psoas.css").read_text()
# Text colour on the background it is drawn on, as the stylesheet pairs them.
PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("accent", "bg"),
    ("accent", "surface"),
    ("accent-text", "accent"),
    ("ground-text", "ground"),
    ("warn-text", "warn-bg"),
    ("text", "ok-bg"),
    ("ground", "surface"),
]


def theme(selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"\s*\{(.*?)\}", CSS, re.S)
    assert block is not None, selector
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_the_wcag_extremes() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("selector", [":root", '[data-theme="dark"]'])
@pytest.mark.parametrize(("foreground", "background"), PAIRS)
def test_text_pairs_pass_aa(selector: str, foreground: str, background: str) -> None:
    colours = theme(":root") | theme(selector)
    ratio = contrast(colours[foreground], colours[background])
    assert ratio >= 4.5, f"{selector} {foreground} on {background}: {ratio:.2f}"
