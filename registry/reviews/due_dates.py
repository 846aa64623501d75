"""Every rule's review due date from a few columns: what the dashboard counts, without loading rules.

The dashboard needs the due date of each of the catalogue's rules but shows a screenful of them. Loading
every rule with its versions, owner, department and category as ORM objects cost 90 % of the page (about
1,500 rules and 1,600 versions on the shared corpus); here four narrow queries give one row per rule, and
only the rules on the pages shown are loaded whole (queries.Dashboard.band_page). The rule for the date
itself is `due_date`, shared with queries.compute_status, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from registry.db import db
from registry.reviews.models import Review, ReviewSchedule
from registry.reviews.schedule import natural_due_date
from registry.rules.models import APPROVED, Category, Rule, RuleVersion, review_cycle

CYCLE, MANUAL, BASIS = "cycle", "manual", "basis"


def due_date(effective_on: date, last_review_on: date | None, cycle_months: int,
             schedule: ReviewSchedule | None) -> tuple[date, str, str]:
    """Return when a rule in force since `effective_on` is due for review, why (CYCLE, MANUAL or BASIS) and the
    note: the cycle from its last review or version, unless a date was set by hand or a changed basis
    brought it forward."""
    due = natural_due_date(effective_on, last_review_on, cycle_months)
    reason, note = CYCLE, ""
    if schedule is not None and schedule.manual_due_on is not None:
        due, reason, note = schedule.manual_due_on, MANUAL, schedule.manual_reason
    if schedule is not None and schedule.triggered_due_on is not None and schedule.triggered_due_on <= due:
        due, reason, note = schedule.triggered_due_on, BASIS, schedule.trigger_reason
    return due, reason, note


class DaysToDue:
    """How far `due_on` is from `today`, for anything that has both (RuleDue, queries.ReviewStatus)."""

    due_on: date
    today: date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


@dataclass(frozen=True)
class RuleDue(DaysToDue):
    """One rule's due date with the columns the dashboard filters and counts by."""

    rule_id: int
    code: str
    department_id: int | None
    owner_id: int | None
    category_id: int | None
    due_on: date
    reason: str
    note: str
    today: date


def all_due_dates(today: date) -> list[RuleDue]:
    """Return the due date of every rule under review on `today` (not repealed, a version in force, not lapsed),
    soonest first: the same dates as queries.review_statuses, from columns instead of objects."""
    in_force_since = dict(db.session.execute(
        select(RuleVersion.rule_id, func.max(RuleVersion.effective_on))
        .where(RuleVersion.status == APPROVED, RuleVersion.effective_on <= today)
        .group_by(RuleVersion.rule_id)).all())
    last_reviewed = dict(db.session.execute(
        select(Review.rule_id, func.max(Review.reviewed_on)).group_by(Review.rule_id)).all())
    schedules = {s.rule_id: s for s in db.session.scalars(select(ReviewSchedule))}
    rules = db.session.execute(
        select(Rule.id, Rule.code, Rule.department_id, Rule.owner_id, Rule.category_id, Rule.valid_until,
               Rule.review_cycle_months, Category.review_cycle_months.label("category_cycle"))
        .outerjoin(Category, Category.id == Rule.category_id)
        .where(Rule.repealed_on.is_(None)))
    found = []
    for rule in rules:
        effective_on = in_force_since.get(rule.id)
        if effective_on is None or (rule.valid_until is not None and rule.valid_until <= today):
            continue
        cycle = review_cycle(rule.review_cycle_months, rule.category_cycle)  # None: no category (outer join)
        due, reason, note = due_date(effective_on, last_reviewed.get(rule.id), cycle, schedules.get(rule.id))
        found.append(RuleDue(rule.id, rule.code, rule.department_id, rule.owner_id, rule.category_id, due, reason,
                             note, today))
    return sorted(found, key=lambda d: (d.due_on, d.code))
