"""`flask registry export|restore`: back up everything to a portable archive, and rebuild from one."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from registry.db import db
from registry.errors import UserFacingError
from registry.io.backup import export_archive, restore_archive

registry_cli = AppGroup("registry", help="Back up and restore the whole registry.")


@registry_cli.command("export")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-password-hashes", is_flag=True, help="Include users' password hashes (keep the file safe).")
def export_command(archive: Path, with_password_hashes: bool) -> None:
    """Write every table (JSON) and every rule version (Markdown) to ARCHIVE (.zip)."""
    counts = export_archive(archive, with_password_hashes=with_password_hashes)
    db.session.rollback()
    click.echo(f"Wrote {archive}: " + ", ".join(f"{n} {name}" for name, n in counts.items() if n))
    if not with_password_hashes:
        click.echo("Password hashes were left out: users set a new password after a restore.")


@registry_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(archive: Path) -> None:
    """Fill an EMPTY database (run `flask db upgrade` first) from ARCHIVE, then rebuild the search index."""
    try:
        counts = restore_archive(archive)
        db.session.commit()
    except UserFacingError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo("Restored " + ", ".join(f"{n} {name}" for name, n in counts.items() if n))
    _rebuild_search_index()


def _rebuild_search_index() -> None:
    """Run `flask search rebuild` when the search area provides it; else say how to."""
    ctx = click.get_current_context()
    search = current_app.cli.get_command(ctx, "search")
    rebuild = search.get_command(ctx, "rebuild") if isinstance(search, click.Group) else None
    if rebuild is None:
        click.echo("No search index command is installed; run `flask search rebuild` once it is.")
        return
    ctx.invoke(rebuild)
