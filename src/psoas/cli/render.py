"""Rich renderings of plans, programs and the library for people reading a terminal."""

from rich.console import Group
from rich.table import Table
from rich.text import Text

from psoas.practice.program import Program
from psoas.practice.session_plan import SessionPlan
from psoas.practice.timing import clock


def plan_table(plan: SessionPlan) -> Group:
    """A timed table of the plan's steps, phase by phase, with the notes below it."""
    request = plan.request
    title = (
        f"{request.minutes}-minute session · {request.level} · focus {', '.join(request.focus)}"
        f" · seed {request.seed}"
    )
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    table.add_column("at", justify="right", style="dim")
    table.add_column("phase")
    table.add_column("step")
    table.add_column("time", justify="right")
    table.add_column("why", overflow="fold", max_width=60)
    elapsed = 0
    for phase in plan.phases:
        for index, step in enumerate(phase.steps):
            side = f" ({step.side})" if step.side else ""
            table.add_row(
                clock(elapsed),
                phase.phase if index == 0 else "",
                f"{step.name}{side}",
                clock(step.seconds),
                step.reason,
            )
            elapsed += step.seconds
        table.add_section()
    summary = Text(f"Total {clock(plan.total_seconds)}", style="bold")
    notes = [Text(f"• {note}") for note in plan.notes]
    return Group(table, summary, *notes)


def program_table(program: Program) -> Table:
    """One row per day of the program: rest, or the session's length and tremor minutes."""
    table = Table(title=f"{len(program.weeks)}-week program", title_justify="left")
    # The tremor itself: the limit also counts its invitation and the practice of stopping.
    for column in ("week", "day", "session", "tremor itself", "phases"):
        table.add_column(column, justify="right" if column in ("week", "day") else "left")
    for week in program.weeks:
        for day in week.days:
            if day.plan is None:
                table.add_row(str(week.number), str(day.number), "rest", "", "")
                continue
            tremor = day.plan.phase("tremor")
            table.add_row(
                str(week.number),
                str(day.number),
                clock(day.plan.total_seconds),
                clock(tremor.tremor_seconds) if tremor else "—",
                " → ".join(p.phase for p in day.plan.phases),
            )
        table.add_section()
    return table
