"""How long drawing a figure takes, against reading the same SVG from a file already drawn (what a
project with hand-made pictures would do). Run with `.venv/bin/python benchmarks/figures.py`.

Drawing happens on every library page and player page, so it must cost well under a millisecond.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from psoas.figures.svg import render
from psoas.practice.drawing import figure_svg
from psoas.practice.library import default_library

ROUNDS = 20


def per_call(action, count: int) -> float:  # type: ignore[no-untyped-def]
    """Best of five: seconds per call."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(count):
            action()
        runs.append((time.perf_counter() - start) / count)
    return min(runs)


def main() -> None:
    library = default_library()
    ids = [e.id for e in library.exercises.values() if e.figure is not None]
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for exercise_id in ids:
            path = Path(folder) / f"{exercise_id}.svg"
            path.write_text(figure_svg(library, exercise_id) or "", encoding="utf-8")
            files.append(path)
        figures = [(e.figure, e.name) for e in library.exercises.values() if e.figure is not None]
        drawn = per_call(lambda: [render(f, label=n) for f, n in figures], ROUNDS) / len(ids)
        kept = per_call(lambda: [figure_svg(library, i) for i in ids], ROUNDS) / len(ids)
        read = per_call(lambda: [p.read_text(encoding="utf-8") for p in files], ROUNDS) / len(ids)
    sizes = [len(figure_svg(library, i) or "") for i in ids]
    average, largest = statistics.mean(sizes) / 1024, max(sizes) / 1024
    print(f"{len(ids)} figures, {average:.1f} kB each on average (largest {largest:.1f} kB)")
    print(f"{'drawing one figure from its data':<40} {drawn * 1e3:8.3f} ms")
    print(f"{'the same, drawn once and kept':<40} {kept * 1e3:8.3f} ms")
    print(f"{'reading one drawn SVG file':<40} {read * 1e3:8.3f} ms")
    print(
        f"drawing takes {drawn / read:.1f}x the time of reading a file, kept {kept / read:.2f}x; "
        f"the aim is under 1 ms to draw: {'met' if drawn < 1e-3 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
