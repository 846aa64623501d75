"""Read queries of reviews: each rule's due date, the dashboard, the history and the reminder log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.auth.models import Department, User
from registry.auth.permissions import can_edit_rule, can_record_review, can_set_review_date, readable_rules
from registry.db import db
from registry.labels import named
from registry.queryargs import clamp_page
from registry.reviews.due_dates import DaysToDue, RuleDue, all_due_dates, due_date
from registry.reviews.models import CalendarToken, ReminderLog, Review, ReviewSchedule, RuleBasis
from registry.reviews.schedule import add_months
from registry.rules.loading import versions_without_text
from registry.rules.models import Category, Rule
from registry.rules.queries import Page
from registry.rules.status import version_in_force


@dataclass
class ReviewStatus(DaysToDue):
    """Where a rule stands: when it is due, why, and its last review."""

    rule: Rule
    due_on: date
    reason: str  # due_dates.CYCLE, MANUAL or BASIS
    note: str
    last_review: Review | None
    today: date


def compute_status(rule: Rule, last_review: Review | None, schedule: ReviewSchedule | None,
                   today: date) -> ReviewStatus | None:
    """Return the rule's review status on `today`; None for repealed rules and rules not yet in force."""
    if rule.repealed_on is not None:
        return None
    current = version_in_force(rule, today)
    if current is None:
        return None
    due, reason, note = due_date(current.effective_on, last_review.reviewed_on if last_review else None,
                                 rule.effective_review_cycle_months, schedule)
    return ReviewStatus(rule, due, reason, note, last_review, today)


def _last_reviews(rule_ids: list[int]) -> dict[int, Review]:
    """Return each rule's latest review (by review date, then by entry)."""
    latest: dict[int, Review] = {}
    for start in range(0, len(rule_ids), 500):
        chunk = rule_ids[start:start + 500]
        reviews = db.session.scalars(select(Review).where(Review.rule_id.in_(chunk))
                                     .order_by(Review.reviewed_on, Review.id).options(selectinload(Review.reviewer)))
        latest.update({r.rule_id: r for r in reviews})
    return latest


def review_statuses(today: date, rules: list[Rule] | None = None) -> list[ReviewStatus]:
    """Return the status of every rule under review (all active rules unless `rules` is given)."""
    if rules is None:
        rules = list(db.session.scalars(
            select(Rule).where(Rule.repealed_on.is_(None)).options(
                versions_without_text(), selectinload(Rule.owner), selectinload(Rule.department),
                selectinload(Rule.category))))
    ids = [r.id for r in rules]
    last = _last_reviews(ids)
    schedules = {s.rule_id: s for s in db.session.scalars(
        select(ReviewSchedule).where(ReviewSchedule.rule_id.in_(ids)) if len(ids) <= 500 else select(ReviewSchedule))
    } if ids else {}  # a rule page's one rule reads its own schedule, the dashboard all of them
    statuses = (compute_status(r, last.get(r.id), schedules.get(r.id), today) for r in rules)
    return sorted((s for s in statuses if s is not None), key=lambda s: (s.due_on, s.rule.code))


def review_status(rule: Rule, today: date) -> ReviewStatus | None:
    return next(iter(review_statuses(today, [rule])), None)


def basis_of(rule: Rule) -> list[Rule]:
    """Return the rules this rule implements."""
    return list(db.session.scalars(select(Rule).join(RuleBasis, RuleBasis.basis_id == Rule.id)
                                   .where(RuleBasis.rule_id == rule.id).order_by(Rule.code)))


def dependants_of(rule: Rule) -> list[Rule]:
    """Return the rules that name `rule` as their basis."""
    return list(db.session.scalars(select(Rule).join(RuleBasis, RuleBasis.rule_id == Rule.id)
                                   .where(RuleBasis.basis_id == rule.id).order_by(Rule.code)))


@dataclass
class DashboardFilters:
    department_id: int | None = None
    category_id: int | None = None
    owner_id: int | None = None


@dataclass
class Dashboard:
    """The numbers and lists of the reviews dashboard: every due date counted, a page of each band loaded."""

    today: date
    overdue: list[RuleDue] = field(default_factory=list)
    due_30: list[RuleDue] = field(default_factory=list)
    due_60: list[RuleDue] = field(default_factory=list)
    due_90: list[RuleDue] = field(default_factory=list)
    recent: list[Review] = field(default_factory=list)
    due_per_month: list[tuple[date, int]] = field(default_factory=list)
    overdue_per_department: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0

    BANDS = ("overdue", "due_30", "due_60", "due_90")

    def band_page(self, band: str, page: int, per_page: int) -> Page:
        """Return one page of a band as review statuses of whole rules (with owner and department): the page
        lists a screenful, the counts above it stay whole."""
        items: list[RuleDue] = getattr(self, band)
        page = clamp_page(page, len(items), per_page)
        shown = items[(page - 1) * per_page:page * per_page]
        ids = [d.rule_id for d in shown]
        rules = {r.id: r for r in db.session.scalars(
            select(Rule).where(Rule.id.in_(ids)).options(selectinload(Rule.owner), selectinload(Rule.department)))
        } if ids else {}
        last = _last_reviews(ids)
        statuses = [ReviewStatus(rules[d.rule_id], d.due_on, d.reason, d.note, last.get(d.rule_id), self.today)
                    for d in shown if d.rule_id in rules]
        return Page(statuses, len(items), page, per_page)


def _category_ids(category_id: int) -> set[int]:
    """Return the category and all categories below it."""
    children: dict[int | None, list[int]] = {}
    for cid, parent in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(parent, []).append(cid)
    found, todo = set(), [category_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def _matches(rule: Rule | RuleDue, filters: DashboardFilters, categories: set[int] | None) -> bool:
    return ((filters.department_id is None or rule.department_id == filters.department_id)
            and (filters.owner_id is None or rule.owner_id == filters.owner_id)
            and (categories is None or rule.category_id in categories))


def rule_filter(filters: DashboardFilters):
    """Return a test of a rule (or a RuleDue row) against the dashboard's filters (department, category and those
    below, owner)."""
    categories = _category_ids(filters.category_id) if filters.category_id else None
    return lambda rule: _matches(rule, filters, categories)


def dashboard(filters: DashboardFilters, today: date, months: int = 12) -> Dashboard:
    """Group the rules under review into overdue / due in 30, 60, 90 days, with the chart series."""
    keep = rule_filter(filters)
    due = [d for d in all_due_dates(today) if keep(d)]
    board = Dashboard(today=today, total=len(due))
    for item in due:
        days = item.days_left
        if days < 0:
            board.overdue.append(item)
        elif days <= 30:
            board.due_30.append(item)
        elif days <= 60:
            board.due_60.append(item)
        elif days <= 90:
            board.due_90.append(item)
    board.overdue.sort(key=lambda d: (-d.days_overdue, d.code))
    first = today.replace(day=1)
    per_month = Counter(d.due_on.replace(day=1) for d in due if d.due_on >= first)
    board.due_per_month = [(m, per_month.get(m, 0)) for m in (add_months(first, i) for i in range(months))]
    department_ids = {d.department_id for d in board.overdue} - {None}
    names = {d.id: named(d) for d in db.session.scalars(select(Department).where(Department.id.in_(department_ids)))
             } if department_ids else {}
    per_department = Counter(names.get(d.department_id, named(None)) for d in board.overdue)
    board.overdue_per_department = sorted(per_department.items(), key=lambda item: (-item[1], item[0]))
    recent = (select(Review).where(Review.reviewed_on >= today - timedelta(days=90)).join(Review.rule)
              .options(selectinload(Review.rule), selectinload(Review.reviewer))
              .order_by(Review.reviewed_on.desc(), Review.id.desc()))
    board.recent = [r for r in db.session.scalars(recent) if keep(r.rule)][:50]
    return board


def reminder_log(page: int = 1, per_page: int = 50) -> tuple[list[ReminderLog], int]:
    """Return one page of sent reminders, newest first, and the total count."""
    total = db.session.scalar(select(func.count(ReminderLog.id))) or 0
    rows = db.session.scalars(select(ReminderLog).options(selectinload(ReminderLog.user))
                              .order_by(ReminderLog.sent_at.desc(), ReminderLog.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def user_by_calendar_token(token: str) -> User | None:
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token == token))
    return row.user if row is not None and row.user.is_active else None


def calendar_token_of(user) -> str | None:
    row = db.session.get(CalendarToken, user.id)
    return row.token if row else None


def owned_statuses(user, today: date) -> list[ReviewStatus]:
    """Return the review statuses of the rules the user is responsible for."""
    rules = list(db.session.scalars(select(Rule).where(Rule.owner_id == user.id, Rule.repealed_on.is_(None))
                                    .options(versions_without_text(), selectinload(Rule.category))))
    return review_statuses(today, rules)


@dataclass
class RulePanel:
    """What the rule page shows about reviews."""

    status: ReviewStatus | None
    reviews: list[Review]
    basis: list[Rule]
    dependants: list[Rule]


def rule_panel(rule: Rule, today: date, user) -> RulePanel:
    """Return the review panel of a rule page; the basis and dependants the user may not read are left out.

    Three queries: the reviews (the newest is the last review), the schedule, and the rules on either side
    of the rule's basis links.
    """
    reviews = list(db.session.scalars(select(Review).where(Review.rule_id == rule.id)
                                      .order_by(Review.reviewed_on.desc(), Review.id.desc())
                                      .options(joinedload(Review.reviewer))))
    status = compute_status(rule, reviews[0] if reviews else None, db.session.get(ReviewSchedule, rule.id), today)
    basis, dependants = [], []
    for other, rests_on_other in db.session.execute(
            select(Rule, RuleBasis.rule_id == rule.id)
            .join(RuleBasis, or_(and_(RuleBasis.rule_id == rule.id, RuleBasis.basis_id == Rule.id),
                                 and_(RuleBasis.basis_id == rule.id, RuleBasis.rule_id == Rule.id)))
            .order_by(Rule.code)):
        (basis if rests_on_other else dependants).append(other)
    return RulePanel(status, reviews, readable_rules(user, basis, today), readable_rules(user, dependants, today))


def rule_page_panel(rule: Rule, today: date, user) -> dict:
    """Return what the rule page's review panel shows (reviews/_rule_panel.html): the panel and the user's buttons."""
    return {"panel": rule_panel(rule, today, user),
            "can_record": can_record_review(user, rule) and not rule.repealed_on,
            "can_set_due": can_set_review_date(user) and not rule.repealed_on,
            "can_edit_basis": can_edit_rule(user, rule)}
