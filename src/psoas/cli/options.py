"""The options `plan`, `program` and `play` share, and how they become a checked request."""

from typing import Annotated

import typer

from psoas.cli.errors import fail
from psoas.cli.output import FLAG
from psoas.practice.library import default_library
from psoas.practice.request import InvalidRequest, PlanRequest, make_request, new_seed
from psoas.practice.vocabulary import FOCUSES, LEVELS, PROPS


def whole_number(text: str) -> int:
    """Parse a whole number, naming the value when it is not one."""
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a whole number") from None


def number(text: str) -> float:
    """Parse a finite number, naming the value when it is not one."""
    try:
        value = float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise typer.BadParameter(f"{text!r} is not a finite number")
    return value


Minutes = Annotated[
    int, typer.Option("--minutes", "-m", help="Session length, 10 to 120.", parser=whole_number, metavar="N")
]
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
# Flags take no value, but this Typer shows `<bool>` beside them, as if `--json true` were asked
# for; an empty metavar leaves the type column blank.
FacilitatorOption = Annotated[
    bool, typer.Option("--with-facilitator", help="A trained facilitator is present.", metavar=FLAG)
]
# Text, parsed in request_from_options: this Typer skips custom parsers on optional options.
SeedOption = Annotated[
    str | None, typer.Option("--seed", help="Same seed, same plan. Random when left out.", metavar="S")
]
PreferOption = Annotated[
    list[str] | None,
    typer.Option("--prefer", help="An exercise id to favour (repeatable)."),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option("--avoid", help="An exercise id never to use (repeatable)."),
]


def request_from_options(
    *,
    minutes: int,
    level: str,
    focus: list[str] | None,
    condition: list[str] | None,
    prop: list[str] | None,
    with_facilitator: bool,
    seed: str | None,
    prefer: list[str] | None = None,
    avoid: list[str] | None = None,
    tremor_cap_minutes: int | None = None,
) -> PlanRequest:
    """Check the options and build the request, exiting with status 2 and a clear message if any is wrong."""
    if seed is not None and not seed.lstrip("-").isdigit():
        fail(f"Invalid value for '--seed': {seed!r} is not a whole number")
    try:
        return make_request(
            default_library(),
            minutes=minutes,
            level=level,
            focus=focus or ("general",),
            conditions=condition or (),
            props=prop or (),
            with_facilitator=with_facilitator,
            seed=new_seed() if seed is None else int(seed),
            prefer=prefer or (),
            avoid=avoid or (),
            tremor_cap_minutes=tremor_cap_minutes,
        )
    except InvalidRequest as error:
        fail(str(error))
