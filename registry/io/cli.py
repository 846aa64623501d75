"""`flask registry export|restore`: back up everything to a portable archive, and rebuild from one."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from registry.db import db
from registry.errors import UserFacingError
from registry.i18n import in_cli_locale
from registry.io.backup import export_archive, restore_archive

registry_cli = AppGroup("registry", help="Back up and restore the whole registry.")


@registry_cli.command("export")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-password-hashes", is_flag=True, help="Include users' password hashes (keep the file safe).")
@in_cli_locale
def export_command(archive: Path, with_password_hashes: bool) -> None:
    """Write every table (JSON) and every rule version (Markdown) to ARCHIVE (.zip)."""
    counts = export_archive(archive, with_password_hashes=with_password_hashes)
    db.session.rollback()
    click.echo(_("Wrote %(archive)s: %(counts)s", archive=archive, counts=_counted(counts)))
    if not with_password_hashes:
        click.echo(_("Password hashes were left out: users set a new password after a restore."))


@registry_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@in_cli_locale
def restore_command(archive: Path) -> None:
    """Fill an EMPTY database (run `flask db upgrade` first) from ARCHIVE, then rebuild the search index."""
    try:
        counts = restore_archive(archive)
        db.session.commit()
    except UserFacingError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(_("Restored %(counts)s", counts=_counted(counts)))
    _rebuild_search_index()


def _counted(counts: dict[str, int]) -> str:
    """List the rows per table, e.g. "12 rules, 30 rule_versions" (table names stay as they are)."""
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n)


def _rebuild_search_index() -> None:
    run_search_command("rebuild")


def run_search_command(name: str) -> None:
    """Run `flask search NAME` when the search area provides it; else say how to, later."""
    ctx = click.get_current_context()
    search = current_app.cli.get_command(ctx, "search")
    command = search.get_command(ctx, name) if isinstance(search, click.Group) else None
    if command is None:
        click.echo(_("No search index command is installed; run `flask search %(name)s` once it is.", name=name))
        return
    ctx.invoke(command)
