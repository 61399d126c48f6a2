"""``geoapp users``: add users, give them a role and regions, disable them.

Passwords are asked at a hidden prompt or read from standard input, never taken as an
argument (arguments show in the process list and the shell's history), and never printed.
"""

from __future__ import annotations

import sys

import click

from geoapp.cli.context import open_store
from geoapp.errors import InvalidRecord, NotFound
from geoapp.store import users as store_users
from geoapp.store.models import ROLES
from geoapp.store.users import Writer

REGION_HELP = ("Region code the role applies in, with everything below it (an oblast, "
               "raion or hromada); repeat for several. Not for administrators.")


@click.group()
def users() -> None:
    """Manage the people who write: editors, reviewers and administrators."""


def describe(user: Writer) -> str:
    """One line about a user: e-mail, role, regions, whether disabled."""
    where = f" in {', '.join(user.regions)}" if user.regions else ""
    return f"{user.email} ({user.name}): {user.role}{where}" + \
        ("" if user.active else ", disabled")


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or asked twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _refused(error: InvalidRecord | NotFound) -> click.ClickException:
    if isinstance(error, NotFound):
        return click.ClickException(error.description)
    lines = [f"  {name}: {text % args}" for name, (text, args) in error.fields.items()]
    return click.ClickException("nothing was changed:\n" + "\n".join(lines))


@users.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's name, shown in the history.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--region", "regions", multiple=True, help=REGION_HELP)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def add(ctx: click.Context, email: str, name: str, role: str, regions: tuple[str, ...],
        password_stdin: bool) -> None:
    """Add a user who signs in with EMAIL; the password is asked, never an argument."""
    password = read_password(password_stdin)
    try:
        with open_store(ctx).engine.begin() as conn:
            user = store_users.add_user(conn, email, name, password, role, regions)
    except InvalidRecord as exc:
        raise _refused(exc) from None
    click.echo(f"added {describe(user)}")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--region", "regions", multiple=True, help=REGION_HELP)
@click.pass_context
def set_role(ctx: click.Context, email: str, role: str, regions: tuple[str, ...]) -> None:
    """Give the user with EMAIL a ROLE in the given regions (replacing the old ones)."""
    try:
        with open_store(ctx).engine.begin() as conn:
            user = store_users.set_role(conn, email, role, regions)
    except (InvalidRecord, NotFound) as exc:
        raise _refused(exc) from None
    click.echo(f"now {describe(user)}")


@users.command("disable")
@click.argument("email")
@click.option("--enable", is_flag=True, help="Let the user sign in again.")
@click.pass_context
def disable(ctx: click.Context, email: str, enable: bool) -> None:
    """Stop the user with EMAIL from signing in and using their API tokens (history stays)."""
    try:
        with open_store(ctx).engine.begin() as conn:
            user = store_users.set_active(conn, email, enable)
    except NotFound as exc:
        raise _refused(exc) from None
    click.echo(f"now {describe(user)}")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def set_password(ctx: click.Context, email: str, password_stdin: bool) -> None:
    """Give the user with EMAIL a new password."""
    password = read_password(password_stdin)
    try:
        with open_store(ctx).engine.begin() as conn:
            store_users.set_password(conn, email, password)
    except (InvalidRecord, NotFound) as exc:
        raise _refused(exc) from None
    click.echo(f"new password set for {store_users.normal_email(email)}")


@users.command("list")
@click.pass_context
def list_users(ctx: click.Context) -> None:
    """List every user with their role and regions."""
    with open_store(ctx).engine.connect() as conn:
        for user in store_users.all_users(conn):
            click.echo(describe(user))
