"""`flask rules …`: bring rules in from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from registry.errors import UserFacingError
from registry.io.importer import import_path
from registry.io.metadata import load_sheet

rules_cli = AppGroup("rules", help="Manage the rule catalogue.")


@rules_cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--metadata", "sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV or XLSX sheet giving code, category, department, owner, effective date, review cycle.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, then write nothing.")
@click.option("--as-draft", is_flag=True, help="Import the texts as drafts instead of rules in force.")
def import_command(source: Path, sheet: Path | None, dry_run: bool, as_draft: bool) -> None:
    """Import the .docx, .pdf, .md and .txt files under SOURCE (a folder or a .zip) as rules.

    Sub-folders become categories; files differing only by a date in the name become versions.
    """

    def progress(groups):
        items = list(groups)
        with click.progressbar(items, label="Importing", show_pos=True) as bar:
            yield from bar

    try:
        metadata = load_sheet(sheet) if sheet else None
        report = import_path(source, as_draft=as_draft, progress=progress, metadata=metadata, dry_run=dry_run)
    except UserFacingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(("Dry run, nothing was written: " if dry_run else "") + report.summary)
    if report.failed:
        click.echo("Could not import:")
        for path, reason in report.failed:
            click.echo(f"  {path}: {reason}")
