"""`flask procedures …`: create the shipped procedures, list the templates and the runs in progress."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from registry.db import db, today
from registry.procedures import queries
from registry.procedures.defaults import seed_default_procedures

procedures_cli = AppGroup("procedures", help="Rule-making procedures: templates and drafts in progress.")


@procedures_cli.command("seed")
def seed() -> None:
    """Create the shipped procedures (内部管理制度, 行政规范性文件, 规章) that do not exist yet."""
    made = seed_default_procedures(None)
    db.session.commit()
    click.echo(f"{len(made)} procedure(s) created.")


@procedures_cli.command("list")
def list_procedures() -> None:
    """Print each procedure with its kinds and stages, then the drafts in progress."""
    for procedure in queries.procedures():
        kinds = ", ".join(k.kind for k in procedure.kinds) or "—"
        click.echo(f"{procedure.name} [{kinds}]: " + " → ".join(s.name for s in procedure.stages))
    for department, rows in queries.board(None, today(), everyone=True).items():
        for row in rows:
            rule = row.run.version.rule
            due = f" due {row.due_on.isoformat()}" if row.due_on else ""
            click.echo(f"  {department} {rule.code} v{row.run.version.number} {row.run.stage.name} "
                       f"{row.days_in_stage}d{due}")
