"""The reminder machinery: providers name dated items, the schedule picks the stage, each stage once.

A provider (see `ReminderProvider`) lists the items that have a due date — reviews due, revision tasks
due; the proposals work can add drafting backlog items — with who answers for each and who hears of it
when it is long overdue. `create_reminders` turns the stage each item has reached today into an in-app
notification and a `reminder_log` row. The log's unique key (user, item, stage) makes every reminder
happen once, even when two runs overlap; e-mail delivery then sends each user one message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.utils import import_string

from registry.auth.models import User
from registry.db import db
from registry.notifications.claims import retry_when_locked
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.reviews.models import ReminderLog
from registry.reviews.schedule import ReminderSchedule
from registry.rules.models import Rule

ESCALATE = "escalate"


@dataclass
class ReminderItem:
    """Something due on a date: `key` names the thing *and* its due date, so a new date restarts reminders."""

    key: str
    kind: str
    title: str
    due_on: date
    path: str
    recipients: list[User]
    escalate_to: list[User] = field(default_factory=list)
    rule: Rule | None = None
    about: object | None = None  # what else `describe` words in the recipient's language (a procedure's stage)


class ReminderProvider:
    """Base of reminder providers: list the dated items and describe a reminder in the reader's language."""

    name = "items"

    def items(self, today: date) -> Iterable[ReminderItem]:
        raise NotImplementedError

    def describe(self, item: ReminderItem, stage: str, today: date, escalation: bool) -> tuple[str, str]:
        """Return (subject, body) of the reminder; called inside the recipient's language."""
        raise NotImplementedError


@dataclass
class Reminder:
    user: User
    item: ReminderItem
    stage: str
    provider: ReminderProvider


@dataclass
class ReminderReport:
    """What a reminder run created, and what another run had already created."""

    created: list[tuple[str, str, str]] = field(default_factory=list)  # (address, item key, stage)
    taken_by_other_run: int = 0


def providers() -> list[ReminderProvider]:
    """Instantiate the providers named in REMINDER_PROVIDERS ("module:Class" strings)."""
    return [import_string(name.replace(":", "."))() for name in current_app.config["REMINDER_PROVIDERS"]]


def due_reminders(today: date, schedule: ReminderSchedule,
                  sources: list[ReminderProvider] | None = None) -> dict[int, list[Reminder]]:
    """Return, per user id, the reminders whose stage is reached on `today` (logged or not)."""
    by_user: dict[int, list[Reminder]] = {}
    for provider in sources if sources is not None else providers():
        for item in provider.items(today):
            stage = schedule.stage(item.due_on, today)
            if stage is None:
                continue
            people = [(u, stage) for u in item.recipients]
            if schedule.escalates(item.due_on, today):
                people += [(u, ESCALATE) for u in item.escalate_to]
            for user, user_stage in people:
                if user.is_active:
                    by_user.setdefault(user.id, []).append(Reminder(user, item, user_stage, provider))
    return by_user


def create_reminders(today: date, dry_run: bool = False,
                     sources: list[ReminderProvider] | None = None) -> ReminderReport:
    """Create the in-app notification and log row of each reminder due today and not yet given."""
    schedule = ReminderSchedule.from_config(current_app.config)
    report = ReminderReport()
    for user_id, reminders in due_reminders(today, schedule, sources).items():
        if dry_run:
            fresh = _not_given(user_id, reminders)
            report.created += [(r.user.email, key, stage) for (key, stage), r in fresh.items()]
            continue
        try:
            fresh = retry_when_locked(lambda: _give_all(user_id, reminders, today))  # noqa: B023
            db.session.commit()
        except IntegrityError:  # the unique key refused reminders another run gave meanwhile
            db.session.rollback()
            report.taken_by_other_run += 1
            continue
        report.created += [(r.user.email, key, stage) for (key, stage), r in fresh.items()]
    return report


def _not_given(user_id: int, reminders: list[Reminder]) -> dict[tuple[str, str], Reminder]:
    done = {tuple(row) for row in db.session.execute(select(ReminderLog.item_key, ReminderLog.stage)
                                                     .where(ReminderLog.user_id == user_id))}
    return {(r.item.key, r.stage): r for r in reminders if (r.item.key, r.stage) not in done}


def _give_all(user_id: int, reminders: list[Reminder], today: date) -> dict[tuple[str, str], Reminder]:
    fresh = _not_given(user_id, reminders)
    for reminder in fresh.values():
        _give(reminder, today)
    db.session.flush()
    return fresh


def _give(reminder: Reminder, today: date) -> None:
    user, item = reminder.user, reminder.item
    with speaking_to(user):
        subject, body = reminder.provider.describe(item, reminder.stage, today, reminder.stage == ESCALATE)
    notification = notify(user, item.kind, subject, body, item.path, item.rule)
    db.session.flush()
    db.session.add(ReminderLog(user_id=user.id, item_key=item.key, stage=reminder.stage,
                               rule_id=getattr(item.rule, "id", None), notification_id=notification.id,
                               subject=subject[:300], run_on=today))
