"""Reminder providers of this area: reviews due, and revision tasks due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.auth.models import User
from registry.db import db
from registry.notifications.links import path_for
from registry.reviews.queries import review_statuses
from registry.reviews.reminders import ReminderItem, ReminderProvider
from registry.rules.models import Rule
from registry.tasks.models import OPEN, RevisionTask


class People:
    """Who answers for a rule and who is told when it is late, looked up once per run."""

    def __init__(self) -> None:
        active = list(db.session.scalars(select(User).where(User.is_active_account.is_(True)).order_by(User.id)))
        self.admins = [u for u in active if u.role == "admin"]
        self.approvers: dict[int, list[User]] = {}
        for user in active:
            if user.role == "approver" and user.department_id is not None:
                self.approvers.setdefault(user.department_id, []).append(user)

    def approvers_of(self, rule: Rule) -> list[User]:
        return self.approvers.get(rule.department_id, []) or self.admins

    def responsible_for(self, rule: Rule, assignee: User | None = None) -> list[User]:
        person = assignee or rule.owner
        return [person] if person is not None and person.is_active else self.approvers_of(rule)


def when(due_on: date, today: date) -> str:
    """Say in words how the due date relates to today."""
    days = (due_on - today).days
    if days > 0:
        return _("due in %(n)s days, on %(d)s", n=days, d=due_on.isoformat())
    if days == 0:
        return _("due today")
    return _("overdue by %(n)s days (due %(d)s)", n=-days, d=due_on.isoformat())


class ReviewsDue(ReminderProvider):
    """Rules whose next review is due."""

    name = "reviews"

    def items(self, today: date) -> Iterable[ReminderItem]:
        people = People()
        for status in review_statuses(today):
            rule = status.rule
            yield ReminderItem(key=f"review:{rule.id}:{status.due_on.isoformat()}", kind="review.due",
                               title=f"{rule.code} {rule.title}", due_on=status.due_on,
                               path=path_for("rules.rule_page", code=rule.code),
                               recipients=people.responsible_for(rule), escalate_to=people.approvers_of(rule),
                               rule=rule)

    def describe(self, item, stage, today, escalation):
        if escalation:
            owner = item.rule.owner.name if item.rule.owner else "—"
            return (_("Overdue review in your department: %(title)s", title=item.title),
                    _("Review of %(title)s is %(when)s. Responsible: %(owner)s.", title=item.title,
                      when=when(item.due_on, today), owner=owner))
        return (_("Review %(when)s: %(title)s", when=when(item.due_on, today), title=item.title),
                _("Please review %(title)s and record the outcome.", title=item.title))


class RevisionTasksDue(ReminderProvider):
    """Open revision tasks (from reviews, campaigns, proposals) that are due."""

    name = "tasks"

    def items(self, today: date) -> Iterable[ReminderItem]:
        people = People()
        tasks = db.session.scalars(select(RevisionTask).where(RevisionTask.status == OPEN)
                                   .options(selectinload(RevisionTask.rule), selectinload(RevisionTask.assignee)))
        for task in tasks:
            rule = task.rule
            if rule.repealed_on is not None:
                continue
            yield ReminderItem(key=f"task:{task.id}:{task.due_on.isoformat()}", kind="task.due",
                               title=f"{rule.code} {rule.title}", due_on=task.due_on,
                               path=path_for("rules.rule_page", code=rule.code),
                               recipients=people.responsible_for(rule, task.assignee),
                               escalate_to=people.approvers_of(rule), rule=rule)

    def describe(self, item, stage, today, escalation):
        if escalation:
            return (_("Overdue revision in your department: %(title)s", title=item.title),
                    _("The revision of %(title)s is %(when)s.", title=item.title, when=when(item.due_on, today)))
        return (_("Revision %(when)s: %(title)s", when=when(item.due_on, today), title=item.title),
                _("Please revise %(title)s and submit the new version for approval.", title=item.title))
