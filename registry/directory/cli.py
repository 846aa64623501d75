"""`flask directory sync`: close the accounts of people the directory no longer has (run it every night)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from registry.db import db
from registry.directory import services
from registry.directory.client import DirectoryUnavailable

directory_cli = AppGroup("directory", help="Keep directory-linked accounts in step with the directory.")


@directory_cli.command("sync")
def sync_command() -> None:
    """Check every directory-linked account; deactivate, sign out and revoke the tokens of removed people."""
    if not current_app.config["LDAP_URL"]:
        raise click.ClickException("No directory is configured (REGISTRY_LDAP_URL is empty).")
    try:
        counts = services.sync_all()
    except DirectoryUnavailable as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing was changed: {error}") from None
    db.session.commit()
    click.echo(f"Checked {counts['checked']} directory accounts: {counts['present']} still in the directory, "
               f"{counts['closed']} closed because their entry is gone.")
