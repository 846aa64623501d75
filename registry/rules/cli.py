"""`flask rules …`: bring rules in from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from registry.auth.models import User
from registry.auth.permissions import can_import
from registry.db import db
from registry.errors import UserFacingError
from registry.i18n import in_cli_locale
from registry.io.cli import run_search_command
from registry.io.importer import import_path
from registry.io.metadata import load_sheet
from registry.io.rulefields import find_user
from registry.search import outbox

rules_cli = AppGroup("rules", help="Manage the rule catalogue.")


def acting_user(email: str | None, *, required: bool) -> User | None:
    """Return the user a command acts as (--as EMAIL): changes to the record always name a person."""
    if not email:
        if required:
            raise click.UsageError(_("Say who imports: --as EMAIL of an approver (texts in force) or of an "
                                     "editor (drafts of their department)."))
        return None
    user = find_user(email)
    if user is None or not can_import(user):
        raise click.UsageError(_("No editor, approver or administrator has the e-mail address %(email)s.",
                                 email=email))
    return user


@rules_cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--metadata", "sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV or XLSX sheet giving code, category, department, owner, effective date, review cycle.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, then write nothing.")
@click.option("--as-draft", is_flag=True, help="Import the texts as drafts instead of rules in force.")
@click.option("--split-compilations", is_flag=True,
              help="Import each rule of a compilation (a file whose article numbering starts again at 1) as a "
                   "rule of its own, found again by <file>#<n> on a re-import.")
@click.option("--as", "acting", metavar="EMAIL",
              help="Who imports (recorded in the audit log, with that user's permissions): an approver puts "
                   "texts in force; an editor's files become drafts of their department. Required unless --dry-run.")
@in_cli_locale
def import_command(source: Path, sheet: Path | None, dry_run: bool, as_draft: bool, split_compilations: bool,
                   acting: str | None) -> None:
    """Import the .docx, .pdf, .md and .txt files under SOURCE (a folder or a .zip) as rules.

    Sub-folders become categories; files differing only by a date in the name become versions.
    """
    actor = acting_user(acting, required=not dry_run)

    def progress(groups):
        items = list(groups)
        with click.progressbar(items, label=_("Importing"), show_pos=True) as bar:
            yield from bar

    # Index updates wait in the search outbox (same transactions) and are applied once at the end:
    # updating the index after every batch would re-merge it over and over.
    try:
        metadata = load_sheet(sheet) if sheet else None
        with outbox.held(db.session):
            report = import_path(source, actor=actor, as_draft=as_draft, progress=progress, metadata=metadata,
                                 dry_run=dry_run, split_compilations=split_compilations)
    except UserFacingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(_("Dry run, nothing was written: %(summary)s", summary=report.summary) if dry_run else report.summary)
    if report.failed:
        click.echo(_("Could not import:"))
        for path, reason in report.failed:
            click.echo(f"  {path}: {reason}")
    if report.skipped:
        click.echo(_("Skipped (not documents):"))
        for path, reason in report.skipped:
            click.echo(f"  {path}: {reason}")
    if current_app.config["SEARCH_SYNC_ON_COMMIT"] and not dry_run and (report.created or report.new_versions):
        run_search_command("sync")
