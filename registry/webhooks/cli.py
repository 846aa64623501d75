"""`flask webhooks deliver`: find the periodic events and send what the outbox holds (run it every minute)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from registry.db import db, today
from registry.webhooks import services

webhooks_cli = AppGroup("webhooks", help="Send webhook events.")


@webhooks_cli.command("deliver")
@click.option("--limit", default=100, show_default=True, help="At most this many deliveries in one run.")
def deliver_command(limit: int) -> None:
    """Write today's in-force and overdue events, then POST every delivery that is due (retries included)."""
    found = services.enqueue_scheduled(today())
    db.session.commit()
    counts = services.deliver_due(limit)
    click.echo(f"{found} new scheduled events; delivered {counts['delivered']}, "
               f"to retry {counts['pending']}, failed for good {counts['failed']}.")
