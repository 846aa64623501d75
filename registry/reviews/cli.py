"""`flask reminders send`: what cron or a systemd timer runs once a day (safe to run any number of times)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from registry.db import db, today
from registry.locks import run_alone
from registry.notifications.delivery import deliver_pending_notifications
from registry.reviews.reminders import create_reminders

reminders_cli = AppGroup("reminders", help="Review and revision reminders.")


@reminders_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; change nothing, send nothing.")
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
def send(dry_run: bool, on) -> None:
    """Give the reminders due today and e-mail each user one message listing their items."""
    run_on: date = on.date() if on else today()
    with run_alone("reminders send"):  # a second node waits, then finds everything given and sent
        reminders = create_reminders(run_on, dry_run=dry_run)
        delivery = deliver_pending_notifications(run_on, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run for {run_on}: {len(reminders.created)} reminder(s) would be given.")
        for address, key, stage in reminders.created:
            click.echo(f"  {address:<40} {key:<32} {stage}")
        click.echo(f"{len(delivery.would_send)} user(s) have notifications waiting for e-mail (before this run's).")
        return
    click.echo(f"{run_on}: {len(reminders.created)} reminder(s) given, {len(delivery.sent)} e-mail(s) sent.")
    for address, count in delivery.sent:
        click.echo(f"  sent to {address}: {count} item(s)")
    if reminders.taken_by_other_run or delivery.taken_by_other_run:
        click.echo(f"{reminders.taken_by_other_run + delivery.taken_by_other_run} batch(es) were handled by "
                   "another run at the same time.")
    if delivery.failures:
        for failure in delivery.failures:
            click.echo(f"  FAILED: {failure}", err=True)
        raise click.ClickException(f"{len(delivery.failures)} e-mail(s) not sent; they stay pending for the next run.")
