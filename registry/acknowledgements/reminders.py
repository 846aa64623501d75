"""Reminders of acknowledgements not yet given, through the registry's one reminder machinery."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _

from registry.acknowledgements.queries import open_requests, stragglers
from registry.notifications.links import path_for
from registry.reviews.providers import when
from registry.reviews.reminders import ReminderItem, ReminderProvider


class AcknowledgementsDue(ReminderProvider):
    """People who must still confirm they read a rule; its owner hears when they are long overdue."""

    name = "acknowledgements"

    def items(self, today: date) -> Iterable[ReminderItem]:
        for request in open_requests():
            people = stragglers(request)
            if not people:
                continue
            rule = request.rule
            owner = [rule.owner] if rule.owner is not None and rule.owner.is_active else []
            yield ReminderItem(key=f"ack:{request.id}:{request.due_on.isoformat()}", kind="acknowledgement.due",
                               title=f"{rule.code} {rule.title}", due_on=request.due_on,
                               path=path_for("rules.rule_page", code=rule.code) + "#acknowledge",
                               recipients=people, escalate_to=owner, rule=rule)

    def describe(self, item, stage, today, escalation):
        if escalation:
            return (_("Staff have not confirmed reading %(title)s", title=item.title),
                    _("Confirmations of %(title)s are %(when)s. See who is missing on the rule's page.",
                      title=item.title, when=when(item.due_on, today)))
        return (_("Read and confirm %(when)s: %(title)s", when=when(item.due_on, today), title=item.title),
                _("Please read %(title)s and confirm on its page that you have.", title=item.title))
