"""The figure for a step: the exercise's own, or the changed position a condition gives it, mirrored
for the right side and described in words for those who do not see it."""

from functools import lru_cache

from psoas.figures.body import Figure
from psoas.figures.scene import read_rest
from psoas.figures.svg import render
from psoas.practice.library import Library
from psoas.practice.vocabulary import Side

MOVES = {
    2: "moving between two positions",
    3: "moving through three positions",
    4: "moving through four positions",
}


def step_figure(
    library: Library, exercise_id: str, cues: tuple[str, ...] | list[str] | None = None
) -> Figure | None:
    """The figure that matches what the step says: a condition's changed way when the step speaks
    that way's cues (a stored plan keeps the cues it was made with), else the exercise's own."""
    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        return None
    if cues is not None and tuple(cues) != exercise.cues:
        for way in exercise.ways:
            if way.cues == tuple(cues):
                return way.figure
        for condition in library.conditions.values():
            for change in condition.modifies:
                if change.exercise == exercise_id and change.cues == tuple(cues) and change.figure:
                    return change.figure
    return exercise.figure


def _rest_words(rest: str, side: Side, above: bool) -> str:
    """'near-hand on block' as 'left hand on a block' (the near limbs are the drawn side); seen
    from above, someone lying on their side has a top and a lower leg, whichever side it is."""
    part = read_rest(rest)
    other: Side = "right" if side == "left" else "left"
    near, far = ("top", "lower") if above else (side, other)
    words = part.part.replace("near-", f"{near} ").replace("far-", f"{far} ").replace("-", " ")
    if part.support == "floor":
        return words
    if part.support == "wall":
        return f"{words} against the wall"
    return f"{words} on a {part.support.replace('-', ' ')}"


def describe(name: str, figure: Figure, side: Side | None) -> str:
    """Alt text: what the figure shows, from the same data that draws it."""
    rests = [_rest_words(rest, side or "left", figure.view == "above") for rest in figure.frames[0].rests]
    seen = ", seen from above" if figure.view in ("above", "overhead") else ""
    sided = f", {side} side" if side else ""
    text = f"Figure of {name}{sided}{seen}: resting on " + ", ".join(rests)
    if figure.items:
        text += "; with " + ", ".join(item.replace("-", " ") for item in figure.items)
    if len(figure.frames) > 1:
        text += "; " + MOVES[len(figure.frames)]
    return text + "."


def figure_svg(
    library: Library,
    exercise_id: str,
    *,
    side: Side | None = None,
    cues: tuple[str, ...] | list[str] | None = None,
    standalone: bool = False,
) -> str | None:
    """The step's figure as SVG, the right side drawn as the mirror of the left; None if undrawn."""
    return _drawn(library, exercise_id, side, None if cues is None else tuple(cues), standalone)


# A loaded library never changes (it is hashed by identity), so each drawing is made once: the
# library page draws every figure, the player every step's.
@lru_cache(maxsize=1024)
def _drawn(
    library: Library, exercise_id: str, side: Side | None, cues: tuple[str, ...] | None, standalone: bool
) -> str | None:
    figure = step_figure(library, exercise_id, cues)
    if figure is None:
        return None
    name = library.exercise(exercise_id).name
    return render(figure, label=describe(name, figure, side), mirrored=side == "right", standalone=standalone)
