"""`flask search …`: keep this node's index in step with the database."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from registry.db import db
from registry.rules.models import Rule
from registry.search import services

search_cli = AppGroup("search", help="Maintain the full-text search index.")


@search_cli.command("sync")
def sync_command() -> None:
    """Apply changes waiting in the outbox to this node's index (cheap; run it at start-up).

    After an upgrade that changed what the index holds, rebuild it instead (once).
    """
    if services.index_outdated():
        click.echo("The search index was built by an older version: rebuilding it.")
        rebuild_command.callback()
        return
    count = services.sync(prune=True)
    click.echo(f"Search index in sync ({count} rules re-indexed).")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the index from the database beside the live one, then switch (search stays online)."""
    total = db.session.scalar(select(func.count()).select_from(Rule)) or 0
    with click.progressbar(length=total, label="Indexing rules", show_pos=True) as bar:
        documents = services.rebuild(progress=bar.update)
    click.echo(f"Index rebuilt: {total} rules, {documents} documents.")


@search_cli.command("verify")
def verify_command() -> None:
    """Report documents missing from, stale in, or extra to the index; exit 1 if any."""
    total = db.session.scalar(select(func.count()).select_from(Rule)) or 0
    with click.progressbar(length=total, label="Checking rules", show_pos=True) as bar:
        report = services.verify(progress=bar.update)
    if report.error:
        click.echo(f"The index cannot be read: {report.error}")
        click.echo("Run `flask search rebuild` to build a new one.")
        raise SystemExit(1)
    for name in ("missing", "stale", "extra"):
        items = getattr(report, name)
        click.echo(f"{name}: {len(items)}" + (f" (e.g. {', '.join(items[:5])})" if items else ""))
    click.echo(f"outbox rows not yet applied: {report.pending}")
    if not report.ok:
        click.echo("Run `flask search sync`, or `flask search rebuild` if that does not help.")
        raise SystemExit(1)
    click.echo("The index matches the database.")
