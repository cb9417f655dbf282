"""The practice library: every exercise, filterable, and a page for each that says how to do it,
how to come out, what to change, what to watch for, and which conditions leave it out or adapt it."""

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from psoas.figures.svg import render as render_figure
from psoas.practice.drawing import describe, figure_svg
from psoas.practice.exercise import Exercise
from psoas.practice.library import Library, default_library
from psoas.practice.screening import changed_way
from psoas.practice.vocabulary import KINDS, LEVELS, PHASES, POSITION_WORDS, PROPS, REGIONS
from psoas.web.pages.common import render
from psoas.web.person_scope import LocalPerson, Transaction

router = APIRouter()

# How a kind is written for a person: "TRE", not "Tre".
KIND_LABELS = {kind: "TRE" if kind == "tre" else kind.replace("-", " ").capitalize() for kind in KINDS}

# The filters, each a field of an exercise and the words it may hold.
FILTERS: dict[str, tuple[str, ...]] = {
    "phase": PHASES,
    "kind": KINDS,
    "level": LEVELS,
    "target": REGIONS,
    "prop": PROPS,
}


@dataclass(frozen=True)
class ConditionNote:
    """What one screening condition does to an exercise, and why."""

    name: str
    left_out: bool
    how: str
    reason: str
    cues: tuple[str, ...] = ()
    figure: str | None = None  # the changed position as SVG, when it has its own figure


def _matches(exercise: Exercise, chosen: dict[str, str]) -> bool:
    values = {
        "phase": exercise.phases,
        "kind": (exercise.kind,),
        "level": (exercise.level,),
        "target": exercise.targets,
        "prop": exercise.props,
    }
    return all(value in values[name] for name, value in chosen.items())


def _chosen(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The filters asked for, and a message for each value that is not one of its words."""
    chosen: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, words in FILTERS.items():
        value = request.query_params.get(name, "")
        if not value:
            continue
        if value not in words:
            errors[name] = f"{value[:40]!r} is not a {name}; choose one from the list."
            continue
        chosen[name] = value
    return chosen, errors


@router.get("/library", response_class=HTMLResponse)
def library_page(request: Request, session: Transaction, person: LocalPerson) -> HTMLResponse:
    """Every exercise in the library, narrowed by phase, kind, level, target or prop."""
    chosen, errors = _chosen(request)
    library = default_library()
    exercises = sorted(
        (e for e in library.exercises.values() if _matches(e, chosen)), key=lambda e: e.name.lower()
    )
    return render(
        request,
        session,
        person,
        "library.html",
        status_code=422 if errors else 200,
        active="/library",
        exercises=exercises,
        filters=FILTERS,
        chosen=chosen,
        errors=errors,
        figures={e.id: figure_svg(library, e.id) or "" for e in exercises},
        total=len(library.exercises),
        kind_labels=KIND_LABELS,
    )


def condition_notes(library: Library, exercise: Exercise) -> list[ConditionNote]:
    """Each screening condition that leaves the exercise out or changes it, with its reason."""
    notes = []
    for condition in sorted(library.conditions.values(), key=lambda c: c.name):
        reason = library.exclusion_reason(exercise, condition)
        if reason is not None:
            notes.append(ConditionNote(condition.name, True, "", reason))
            continue
        for change in condition.modifies:
            if change.exercise != exercise.id:
                continue
            way = changed_way(change, library)
            drawn = None
            if way is not None and way.figure is not None:
                label = describe(f"{exercise.name} with {condition.name.lower()}", way.figure, None)
                drawn = render_figure(way.figure, label=label)
            cues = way.cues if way else ()
            notes.append(ConditionNote(condition.name, False, change.how, change.reason, cues, drawn))
    return notes


@router.get("/library/{exercise_id}", response_class=HTMLResponse)
def exercise_page(
    exercise_id: str, request: Request, session: Transaction, person: LocalPerson
) -> HTMLResponse:
    """One exercise: what it is, how to do it and come out, changes, cautions, evidence, conditions."""
    library = default_library()
    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        raise HTTPException(404, detail=f"no exercise with id {exercise_id[:60]!r}")
    return render(
        request,
        session,
        person,
        "exercise.html",
        active="/library",
        exercise=exercise,
        position=POSITION_WORDS[exercise.position],
        figure=figure_svg(library, exercise.id, side="left" if exercise.per_side else None),
        kind_labels=KIND_LABELS,
        conditions=condition_notes(library, exercise),
    )
