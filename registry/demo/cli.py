"""`flask demo load`: fill an empty registry with demo content and accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from registry.db import db
from registry.demo.services import database_is_empty, demo_accounts, load_demo

demo_cli = AppGroup("demo", help="Demo content for trying the registry.")


@demo_cli.command("load")
def load() -> None:
    """Load the demo data, but only into an empty database."""
    if not database_is_empty():
        click.echo("The database already has content; demo data not loaded.")
        accounts, password = demo_accounts()
        if accounts:  # `make run` shows them every time, not only the first
            click.echo(f"Demo accounts (password, unless changed since: {password}):")
            for email, role in accounts:
                click.echo(f"  {role:<9} {email}")
        return
    summary = load_demo()
    db.session.commit()
    click.echo(f"Loaded {summary.rules} demo rules. Demo accounts (password: {summary.password}):")
    for email, role in summary.users:
        click.echo(f"  {role:<9} {email}")
