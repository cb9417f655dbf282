"""Draw every figure of the library on one contact sheet, to look at each against its cues.

    .venv/bin/python scripts/library_sheet.py                  # docs/images/library.png
    .venv/bin/python scripts/library_sheet.py --only cat-cow,bridge-pose --out /tmp/sheet.png

Each cell shows the figure (every frame of a moving one, side by side), the exercise's name and
its first cues, and any physical problem the content check finds. An exercise's other ways follow
it; condition changes that bring a figure of their own are drawn after the exercises. It prints
the problems too, and exits 1 if any.
"""

import argparse
import html
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from psoas.figures.body import Figure
from psoas.figures.scene import figure_problems
from psoas.figures.svg import fallback_colours, render
from psoas.practice.condition import Condition
from psoas.practice.exercise import Exercise
from psoas.practice.library import CONTENT_DIR, _read_models

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent


def _frames(figure: Figure, label: str) -> str:
    """Every frame of a moving figure, side by side, so the sheet shows the whole movement."""
    if len(figure.frames) == 1:
        return render(figure, label=label, fit=False)
    return "".join(
        render(figure.model_copy(update={"frames": (frame,)}), label=f"{label}, frame {n}", fit=False)
        for n, frame in enumerate(figure.frames, start=1)
    )


def _cell(title: str, cues: tuple[str, ...], figure: Figure | None) -> tuple[str, list[str]]:
    if figure is None:
        return f'<div class="cell missing"><h2>{html.escape(title)}</h2><p>no figure</p></div>', [
            f"{title}: no figure"
        ]
    problems = figure_problems(figure)
    listed = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    cue_text = " ".join(cues[:3])
    cell = (
        f'<div class="cell{" bad" if problems else ""}"><div class="pics">{_frames(figure, title)}</div>'
        f"<h2>{html.escape(title)}</h2><p>{html.escape(cue_text)}</p><ul>{listed}</ul></div>"
    )
    return cell, [f"{title}: {p}" for p in problems]


def sheet(only: set[str], columns: int = 6) -> tuple[str, list[str]]:
    problems: list[str] = []
    exercises = _read_models(CONTENT_DIR / "exercises", Exercise, problems)
    conditions = _read_models(CONTENT_DIR / "conditions", Condition, problems)
    cells = []
    for exercise in exercises:
        if only and exercise.id not in only:
            continue
        cell, found = _cell(exercise.id, exercise.cues, exercise.figure)
        cells.append(cell)
        problems += found
        for way in exercise.ways:
            cell, found = _cell(f"{exercise.id}, way {way.id}", way.cues, way.figure)
            cells.append(cell)
            problems += found
    for condition in conditions:
        for change in condition.modifies:
            if change.figure is None or (only and change.exercise not in only):
                continue
            cell, found = _cell(f"{change.exercise} with {condition.id}", change.cues, change.figure)
            cells.append(cell)
            problems += found
    light = fallback_colours().splitlines()[0]
    page = f"""<!doctype html><meta charset="utf-8"><style>
body {{ font: 11px system-ui, sans-serif; margin: 8px; {light} color: #1f2a2e; }}
.grid {{ display: grid; grid-template-columns: repeat({columns}, 1fr); gap: 6px; }}
.cell {{ border: 1px solid #c9d1d3; border-radius: 6px; padding: 4px; }}
.cell.bad {{ border: 3px solid #b00; }} .cell.missing {{ background: #fee; }}
.pics {{ display: flex; }} .pics svg {{ flex: 1; min-width: 0; }}
h2 {{ font-size: 12px; margin: 2px 0; }} p {{ margin: 0; color: #4a5a60; }}
ul {{ color: #b00; margin: 0; padding-left: 14px; }}
</style><div class="grid">{"".join(cells)}</div>"""
    return page, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated exercise ids")
    parser.add_argument("--columns", type=int, default=6, help="cells to a row (fewer: larger figures)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "library.png")
    args = parser.parse_args()
    only = {i.strip() for i in args.only.split(",") if i.strip()}
    page, problems = sheet(only, args.columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.html"
        path.write_text(page, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            tab = browser.new_page(viewport={"width": 1500, "height": 800}, reduced_motion="reduce")
            tab.goto(path.as_uri())
            tab.screenshot(path=str(args.out), full_page=True)
            browser.close()
    for problem in problems:
        print(problem)
    print(f"wrote {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
