"""The options `plan`, `program` and `play` share, and how they become a checked request."""

from typing import Annotated

import typer

from psoas.cli.errors import fail
from psoas.practice.library import default_library
from psoas.practice.request import InvalidRequest, PlanRequest, make_request, new_seed
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS

Minutes = Annotated[int, typer.Option("--minutes", "-m", help="Session length, 10 to 120.")]
LevelOption = Annotated[str, typer.Option("--level", "-l", help=f"Experience: {', '.join(LEVELS)}.")]
FocusOption = Annotated[
    list[str] | None,
    typer.Option("--focus", "-f", help=f"What to favour (repeatable): {', '.join(FOCUSES)}."),
]
ConditionOption = Annotated[
    list[str] | None,
    typer.Option("--condition", "-c", help="A screening condition id (repeatable); see `psoas conditions`."),
]
PropOption = Annotated[
    list[str] | None,
    typer.Option("--prop", "-p", help=f"A prop at hand (repeatable): {', '.join(PROPS)}."),
]
FacilitatorOption = Annotated[
    bool, typer.Option("--with-facilitator", help="A trained facilitator is present.")
]
SeedOption = Annotated[int | None, typer.Option("--seed", help="Same seed, same plan. Random when left out.")]
PreferOption = Annotated[
    list[str] | None,
    typer.Option("--prefer", help="An exercise id to favour (repeatable)."),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option("--avoid", help="An exercise id never to use (repeatable)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (schema 1) instead of a table.")]


def request_from_options(
    *,
    minutes: int,
    level: str,
    focus: list[str] | None,
    condition: list[str] | None,
    prop: list[str] | None,
    with_facilitator: bool,
    seed: int | None,
    prefer: list[str] | None = None,
    avoid: list[str] | None = None,
    tremor_cap_minutes: int | None = None,
) -> PlanRequest:
    """Check the options and build the request, exiting with status 2 and a clear message if any is wrong."""
    try:
        return make_request(
            default_library(),
            minutes=minutes,
            level=level,
            focus=focus or ("general",),
            conditions=condition or (),
            props=prop or (),
            with_facilitator=with_facilitator,
            seed=new_seed() if seed is None else seed,
            prefer=prefer or (),
            avoid=avoid or (),
            tremor_cap_minutes=tremor_cap_minutes,
        )
    except InvalidRequest as error:
        fail(str(error))
