"""`flask links index`: rebuild the index of references from every approved text."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from registry.db import db
from registry.links.services import index_all

links_cli = AppGroup("links", help="References between rules.")


@links_cli.command("index")
def index() -> None:
    """Read every approved version again and store the references it makes (after an upgrade)."""
    total = index_all()
    db.session.commit()
    click.echo(f"{total} reference(s) to other rules stored.")
