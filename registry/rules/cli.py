"""`flask rules …`: bring rules in from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from registry.errors import UserFacingError
from registry.i18n import in_cli_locale
from registry.io.cli import run_search_command
from registry.io.importer import import_path
from registry.io.metadata import load_sheet

rules_cli = AppGroup("rules", help="Manage the rule catalogue.")


@rules_cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--metadata", "sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV or XLSX sheet giving code, category, department, owner, effective date, review cycle.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, then write nothing.")
@click.option("--as-draft", is_flag=True, help="Import the texts as drafts instead of rules in force.")
@in_cli_locale
def import_command(source: Path, sheet: Path | None, dry_run: bool, as_draft: bool) -> None:
    """Import the .docx, .pdf, .md and .txt files under SOURCE (a folder or a .zip) as rules.

    Sub-folders become categories; files differing only by a date in the name become versions.
    """

    def progress(groups):
        items = list(groups)
        with click.progressbar(items, label=_("Importing"), show_pos=True) as bar:
            yield from bar

    # Index updates wait in the search outbox (same transactions) and are applied once at the end:
    # updating the index after every batch would re-merge it over and over.
    sync_each_commit = current_app.config.get("SEARCH_SYNC_ON_COMMIT", True)
    current_app.config["SEARCH_SYNC_ON_COMMIT"] = False
    try:
        metadata = load_sheet(sheet) if sheet else None
        report = import_path(source, as_draft=as_draft, progress=progress, metadata=metadata, dry_run=dry_run)
    except UserFacingError as error:
        raise click.ClickException(str(error)) from error
    finally:
        current_app.config["SEARCH_SYNC_ON_COMMIT"] = sync_each_commit
    click.echo(_("Dry run, nothing was written: %(summary)s", summary=report.summary) if dry_run else report.summary)
    if report.failed:
        click.echo(_("Could not import:"))
        for path, reason in report.failed:
            click.echo(f"  {path}: {reason}")
    if report.skipped:
        click.echo(_("Skipped (not documents):"))
        for path, reason in report.skipped:
            click.echo(f"  {path}: {reason}")
    if sync_each_commit and not dry_run and (report.created or report.new_versions):
        run_search_command("sync")
