"""`flask proposals …`: look at the drafting backlog and campaigns from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from registry.db import today
from registry.proposals import queries

proposals_cli = AppGroup("proposals", help="Revision proposals, the drafting backlog and campaigns.")


@proposals_cli.command("due")
@click.option("--within", default=7, show_default=True, help="Days ahead to include.")
def due(within: int) -> None:
    """List drafting items due within DAYS or overdue, per drafter (what reminders would cover)."""
    on = today()
    grouped = queries.drafting_due_by_user(on, within)
    for user, items in sorted(grouped.items(), key=lambda pair: pair[0].name):
        click.echo(f"{user.name} <{user.email}>")
        for item in items:
            late = " OVERDUE" if item.due_on < on else ""
            click.echo(f"  #{item.id} {item.due_on.isoformat()}{late} {item.title}")
    click.echo(f"{sum(len(v) for v in grouped.values())} item(s) for {len(grouped)} drafter(s).")


@proposals_cli.command("campaigns")
def campaigns() -> None:
    """Print each campaign's progress."""
    for campaign in queries.campaigns():
        figures = queries.campaign_figures(campaign)
        click.echo(f"#{campaign.id} {campaign.title} [{campaign.status}] deadline {campaign.deadline_on.isoformat()}: "
                   f"{figures['done']}/{figures['total']} ({figures['percent']}%), missing rules {figures['missing']}")
