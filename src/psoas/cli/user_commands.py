"""`psoas user`: the host's tools for accounts (create, reset a password, list).

Accounts begin when the host creates the owner; the local person's practice becomes the owner's.
Passwords are asked twice without echo, or read from standard input with --password-stdin.
"""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from psoas.cli.errors import fail
from psoas.config import load_config

# The store (SQLAlchemy, Alembic, the password hasher) is imported by the commands that use it, so
# that every other command of `psoas` starts without it.
if TYPE_CHECKING:
    from psoas.store.database import Database

user_app = typer.Typer(help="Accounts: the owner, facilitators and participants.", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        fail("no terminal to ask the password in; pipe it with --password-stdin")
    first = typer.prompt("Password", hide_input=True)
    again = typer.prompt("The same password again", hide_input=True)
    if first != again:
        fail("the two passwords differ; nothing was changed")
    return str(first)


def _database() -> "Database":
    from psoas.cli.database_setup import migrate
    from psoas.store.accounts import use_password_hashing
    from psoas.store.database import Database

    config = load_config()
    use_password_hashing(config.password_hashing)
    migrate(config)
    return Database(config.database_url)


@user_app.command("create")
def user_create_command(
    username: Annotated[str, typer.Argument(help="3 to 64 letters, digits, dots, hyphens or underscores.")],
    owner: Annotated[bool, typer.Option("--owner", help="The host; takes this computer's practice.")] = False,
    facilitator: Annotated[bool, typer.Option("--facilitator", help="Leads workshops of their own.")] = False,
    participant: Annotated[
        bool, typer.Option("--participant", help="Keeps their own practice only.")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input's first line.")
    ] = False,
) -> None:
    """Create an account; the first must be the owner, which takes over this computer's practice."""
    from psoas.store.accounts import AccountRefused, create_account

    roles = [
        name
        for name, chosen in (("owner", owner), ("facilitator", facilitator), ("participant", participant))
        if chosen
    ]
    if len(roles) != 1:
        fail("choose one role: --owner, --facilitator or --participant")
    password = _password(password_stdin)
    database = _database()
    try:
        with database.transaction() as session:
            account = create_account(session, username, password, roles[0])
            name, role = account.username, account.role
    except AccountRefused as refused:
        fail(str(refused))
    finally:
        database.engine.dispose()
    typer.echo(f"psoas: created the {role} account {name}")
    if role == "owner":
        typer.echo("psoas: everything practised on this computer is now the owner's; pages ask for a login")


@user_app.command("reset-password")
def user_reset_password_command(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input's first line.")
    ] = False,
) -> None:
    """Set a new password for an account (the owner's tool); every login of that account ends."""
    from psoas.store.accounts import AccountRefused, reset_password

    password = _password(password_stdin)
    database = _database()
    try:
        with database.transaction() as session:
            name = reset_password(session, username, password).username
    except AccountRefused as refused:
        fail(str(refused))
    finally:
        database.engine.dispose()
    typer.echo(f"psoas: set a new password for {name}; their logins have ended")


@user_app.command("list")
def user_list_command() -> None:
    """Every account: username, role and when it was created (never a password or its hash)."""
    from psoas.store.accounts import list_accounts
    from psoas.store.utc_time import iso

    database = _database()
    try:
        with database.transaction() as session:
            rows = [(a.username, a.role, iso(a.created_at)) for a in list_accounts(session)]
    finally:
        database.engine.dispose()
    if not rows:
        typer.echo("psoas: no accounts yet; psoas is one person's app on this computer")
        typer.echo("psoas: the owner comes first: psoas user create NAME --owner")
        return
    width = max(len(name) for name, _, _ in rows)
    for name, role, created in rows:
        typer.echo(f"{name.ljust(width)}  {role.ljust(11)}  {created}")
