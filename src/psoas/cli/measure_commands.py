"""`psoas score` and `psoas instruments`: validated questionnaires from the terminal."""

from collections.abc import Mapping
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from psoas.cli.errors import fail
from psoas.cli.output import JsonOption, print_json
from psoas.config import load_config
from psoas.measures.instrument import Instrument
from psoas.measures.instruments import SHIPPED, InstrumentError, load_instruments
from psoas.measures.scoring import ScoringError, score


def available() -> Mapping[str, Instrument]:
    """The shipped instruments and any a facilitator added in PSOAS_DATA_DIR/instruments."""
    try:
        return load_instruments(SHIPPED, load_config().data_dir / "instruments")
    except InstrumentError as error:
        fail(str(error), status=1)


def _answers(text: str) -> list[int | None]:
    answers: list[int | None] = []
    for position, part in enumerate(text.split(","), start=1):
        part = part.strip()
        if part == "":
            answers.append(None)
        elif part.lstrip("-").isdigit():
            answers.append(int(part))
        else:
            fail(f"answer {position} is {part!r}, not a whole number; give answers like 0,1,2,3")
    return answers


# What the web app's result page says at or above the PCL-5 cut-point, in the command line's terms.
PCL5_PRECAUTIONS = (
    "Something to consider for your practice: a PCL-5 total this high is common among people living "
    "with post-traumatic stress. It is not a diagnosis, and psoas has changed nothing. If it fits "
    'your life, plan with `--condition severe-ptsd` (or answer "I live with severe post-traumatic '
    "stress (PTSD)\" in the web app's intake): each tremor is kept short, a trained facilitator is "
    "asked to be with you, and learning with a trauma-informed professional is suggested."
)


def score_command(
    instrument: Annotated[str, typer.Argument(help="The instrument id, e.g. phq9, gad7, pcl5.")],
    answers: Annotated[
        str,
        typer.Option(
            "--answers", "-a", help="Answers in form order, comma-separated; empty for a missing one."
        ),
    ],
    cutpoint: Annotated[
        int | None, typer.Option("--cutpoint", help="PCL-5 only: total cut-point within the published range.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """Score a questionnaire exactly by its published rules."""
    found = available()
    chosen = found.get(instrument)
    if chosen is None:
        fail(f"unknown instrument {instrument!r}; valid: {', '.join(sorted(found))}")
    try:
        result = score(chosen, _answers(answers), cutpoint)
    except ScoringError as error:
        # Name the questionnaire once: "PHQ-9 has 9 items", not "PHQ-9: PHQ-9 has 9 items".
        message = str(error)
        fail(message if message.startswith(chosen.short_name) else f"{chosen.short_name}: {message}")
    console = Console()
    # A raised flag (PHQ-9 item 9) is answered with its words and where to find help, always.
    support = load_config().support_text if result.flags else None
    if json:
        print_json(console, result.to_json() | ({"support": support} if support else {}))
        return
    console.print(
        f"{chosen.short_name}: total {result.total} of {chosen.max_total}"
        + (f" ({result.band})" if result.band and chosen.pcl5 is None else "")
    )
    if result.clusters and chosen.pcl5 is not None:
        console.print(
            f"The total adds up how much each of the {len(chosen.items)} problems bothered you; no "
            "severity bands are published for it, so it is read against the cut-point below."
        )
        for cluster, subtotal in result.clusters.items():
            name = chosen.pcl5.cluster_names[cluster]
            console.print(f"  {name} (cluster {cluster}): {subtotal} of {chosen.cluster_max(cluster)}")
        by_cut = "yes" if result.provisional_by_cutpoint else "no"
        by_rule = "yes" if result.provisional_by_dsm5_rule else "no"
        console.print(
            f"provisional by cut-point {result.cutpoint}: {by_cut}; by the DSM-5 cluster rule: {by_rule}"
        )
        if result.provisional_by_cutpoint:
            console.print(PCL5_PRECAUTIONS)
    for flag in result.flags:
        console.print(f"flag: {flag}", style="bold")
        console.print(result.flag_messages[flag])
    if support:
        console.print(f"Where to find help: {support}")
    console.print("A screening figure, not a diagnosis.", style="dim")


def instruments_command(json: JsonOption = False) -> None:
    """List the questionnaires psoas can give, with their sources and terms of use."""
    found = available()
    console = Console()
    if json:
        print_json(console, {"schema": 1, "instruments": [i.model_dump(mode="json") for i in found.values()]})
        return
    table = Table(title="Instruments", title_justify="left", show_lines=True)
    for column in ("id", "name", "items", "measures", "terms"):
        table.add_column(column, overflow="fold")
    for i in found.values():
        table.add_row(i.id, i.name, str(len(i.items)), i.measures, i.terms)
    console.print(table)
