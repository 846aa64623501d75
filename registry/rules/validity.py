"""Validity periods (有效期): the evaluation (后评估) asked for before a rule lapses (失效), as reminders.

A rule with `valid_until` lapses on that day unless renewed (rules.services.set_validity, or a new
end date with a new version). Its evaluation is due REGISTRY_VALIDITY_EVALUATION_MONTHS before; the
provider below lists it in the registry's one reminder machinery (REMINDER_PROVIDERS) until the rule
lapses. The item's key holds the end date, so a renewal starts the reminders afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from registry.db import db
from registry.notifications.links import path_for
from registry.reviews.providers import People, when
from registry.reviews.reminders import ReminderItem, ReminderProvider
from registry.reviews.schedule import add_months
from registry.rules.models import Rule
from registry.rules.status import IN_FORCE, status_expression


def evaluation_due_on(rule: Rule) -> date | None:
    """Return when the rule's evaluation is due: N months before it lapses; None without an end date."""
    if rule.valid_until is None:
        return None
    return add_months(rule.valid_until, -current_app.config["VALIDITY_EVALUATION_MONTHS"])


class ValidityEvaluations(ReminderProvider):
    """Rules in force whose validity period ends: their owner evaluates them and renews or lets them lapse."""

    name = "validity"

    def items(self, today: date) -> Iterable[ReminderItem]:
        rules = db.session.scalars(select(Rule).where(Rule.valid_until.is_not(None), Rule.valid_until > today,
                                                      status_expression(today) == IN_FORCE).order_by(Rule.id))
        people = People()
        for rule in rules:
            yield ReminderItem(key=f"validity:{rule.id}:{rule.valid_until.isoformat()}", kind="validity.evaluation",
                               title=f"{rule.code} {rule.title}", due_on=evaluation_due_on(rule),
                               path=path_for("rules.rule_page", code=rule.code),
                               recipients=people.responsible_for(rule), escalate_to=people.approvers_of(rule),
                               rule=rule)

    def describe(self, item, stage, today, escalation):
        lapses = item.rule.valid_until.isoformat()
        if escalation:
            return (_("Evaluation overdue in your department: %(title)s", title=item.title),
                    _("The evaluation of %(title)s is %(when)s; the rule lapses on %(d)s unless renewed.",
                      title=item.title, when=when(item.due_on, today), d=lapses))
        return (_("Evaluate %(when)s: %(title)s", when=when(item.due_on, today), title=item.title),
                _("%(title)s lapses on %(d)s unless renewed. Please evaluate how it worked and renew its "
                  "validity period or let it lapse.", title=item.title, d=lapses))
