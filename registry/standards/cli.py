"""`flask akn export|import`: a version as Akoma Ntoso 3.0, and an act read back as a draft."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from registry.db import db, today
from registry.errors import UserFacingError
from registry.rules.cli import acting_user
from registry.rules.queries import rule_by_code
from registry.rules.status import version_in_force
from registry.standards import services

akn_cli = AppGroup("akn", help="Akoma Ntoso 3.0 export and import.")


@akn_cli.command("export")
@click.argument("code")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="The text in force that day (default today).")
def export_command(code: str, on) -> None:
    """Write the text of rule CODE in force on a day as Akoma Ntoso XML to standard output."""
    rule = rule_by_code(code)
    version = version_in_force(rule, on.date() if on else today()) if rule else None
    if version is None:
        raise click.ClickException(f"{code}: no text in force on {(on.date() if on else today()).isoformat()}.")
    sys.stdout.buffer.write(services.export_version(rule, version))


@akn_cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--code", help="The rule's code, when the act does not name it.")
@click.option("--as", "acting", metavar="EMAIL", help="Who imports (an editor or approver).")
def import_command(source: Path, code: str | None, acting: str | None) -> None:
    """Add an Akoma Ntoso act's text as a draft version of its rule (the rule is made when new)."""
    actor = acting_user(acting, required=True)
    try:
        version = services.import_act(actor, source.read_bytes(), code)
        db.session.commit()
    except (UserFacingError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"{version.rule.code}: draft version {version.number} from {source.name}.")


