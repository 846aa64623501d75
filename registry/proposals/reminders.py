"""Reminders of drafting-backlog items due, for the reminder machinery of the reviews area.

It is listed in REMINDER_PROVIDERS (registry/config.py). The class has the
shape of `registry.reviews.reminders.ReminderProvider` (name, items, describe); it imports that module
only when used, so this area does not depend on the reviews work being present.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.auth.models import User
from registry.db import db
from registry.proposals.models import MissingRule
from registry.proposals.queries import DRAFTING_STATUSES
from registry.reviews.providers import when


class DraftingDue:
    """Backlog items accepted or being drafted: remind the drafter, escalate to approvers when late."""

    name = "drafting"

    def items(self, today: date) -> Iterable:
        from registry.reviews.reminders import ReminderItem

        approvers = list(db.session.scalars(select(User).where(User.is_active_account.is_(True),
                                                               User.role.in_(("approver", "admin")))))
        rows = db.session.scalars(
            select(MissingRule).where(MissingRule.status.in_(DRAFTING_STATUSES), MissingRule.due_on.is_not(None),
                                      MissingRule.drafter_id.is_not(None))
            .options(selectinload(MissingRule.drafter)).order_by(MissingRule.due_on))
        for item in rows:
            if not item.drafter.is_active:
                continue
            deciders = [u for u in approvers if u.id == item.decided_by_id] or approvers
            yield ReminderItem(key=f"drafting:{item.id}:{item.due_on.isoformat()}", kind="drafting.due",
                               title=item.title, due_on=item.due_on, path=f"/proposals/backlog/{item.id}",
                               recipients=[item.drafter], escalate_to=deciders)

    def describe(self, item, stage: str, today: date, escalation: bool) -> tuple[str, str]:
        if escalation:
            return (_("Overdue drafting: %(title)s", title=item.title),
                    _("The new rule %(title)s is %(when)s.", title=item.title, when=when(item.due_on, today)))
        return (_("Drafting %(when)s: %(title)s", when=when(item.due_on, today), title=item.title),
                _("Please finish drafting %(title)s and submit it for review.", title=item.title))
