"""Date arithmetic of review cycles and of the reminder stages; pure functions, no database."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later, or the month's last day when it is shorter (Jan 31 → Feb 28/29)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def natural_due_date(effective_on: date, last_review_on: date | None, cycle_months: int) -> date:
    """Return the later of the last review and the current version's effective date, plus the cycle."""
    base = max(effective_on, last_review_on) if last_review_on else effective_on
    return add_months(base, cycle_months)


@dataclass(frozen=True)
class ReminderSchedule:
    """When to remind: days before the due date, then every N days while overdue, escalating after M days."""

    days_before: tuple[int, ...] = (30, 7)
    overdue_every: int = 7
    escalate_after: int = 14

    @classmethod
    def from_config(cls, config) -> ReminderSchedule:
        """Read the REMINDER_* settings (declared and typed in registry/config.py)."""
        return cls(days_before=tuple(sorted(set(config["REMINDER_DAYS_BEFORE"]), reverse=True)),
                   overdue_every=max(1, config["REMINDER_OVERDUE_EVERY_DAYS"]),
                   escalate_after=config["REMINDER_ESCALATE_AFTER_DAYS"])

    def stage(self, due_on: date, today: date) -> str | None:
        """Name the reminder stage reached on `today`; a missed stage is never sent late once superseded.

        Only the latest stage counts, so a job that did not run for a while sends what is due now, once.
        """
        days_left = (due_on - today).days
        if days_left > 0:
            reached = [d for d in self.days_before if days_left <= d]
            return f"before-{min(reached)}" if reached else None
        overdue = -days_left
        if overdue < self.overdue_every:
            return "due"
        return f"overdue-{overdue // self.overdue_every}"

    def escalates(self, due_on: date, today: date) -> bool:
        """Say whether the item is overdue long enough for the department's approver to be told."""
        return (today - due_on).days >= self.escalate_after
