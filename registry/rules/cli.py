"""`flask rules …`: bring rules in from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from registry.io.importer import import_directory

rules_cli = AppGroup("rules", help="Manage the rule catalogue.")


@rules_cli.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as-draft", is_flag=True, help="Import the texts as drafts instead of rules in force.")
def import_command(directory: Path, as_draft: bool) -> None:
    """Import every .md and .txt file under DIRECTORY as a rule (sub-folders become categories)."""

    def progress(groups):
        items = list(groups)
        with click.progressbar(items, label="Importing", show_pos=True) as bar:
            yield from bar

    report = import_directory(directory, as_draft=as_draft, progress=progress)
    click.echo(report.summary)
    if report.failed:
        click.echo("Could not import:")
        for path, reason in report.failed:
            click.echo(f"  {path}: {reason}")
