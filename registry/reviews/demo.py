"""Review data of the demo: basis links from the demo content, and rules due soon whatever the date."""

from __future__ import annotations

from datetime import date, timedelta

from registry.db import today
from registry.reviews.queries import review_statuses
from registry.reviews.schedule import add_months
from registry.reviews.services import department_approvers, record_review, set_basis
from registry.rules.models import Rule

DUE_SOON_DAYS = (5, 12, 25)  # when the demo is loaded long after its content was dated


def load_demo_reviews(specs: list[dict], created: dict[str, Rule], on: date) -> None:
    """Record each rule's basis and make sure a few rules fall due within 30 days of `on`."""
    for spec in specs:
        basis = [created[code] for code in spec.get("basis", []) if code in created]
        if basis and spec["code"] in created:
            set_basis(None, created[spec["code"]], basis)
    statuses = review_statuses(on, list(created.values()))
    if sum(1 for s in statuses if 0 <= s.days_left <= 30) >= len(DUE_SOON_DAYS):
        return
    # Back-dated reviews move the next due date of some rules into the coming weeks; the most overdue stay so.
    most_overdue = {s.rule.id for s in sorted(statuses, key=lambda s: s.days_left)[:3] if s.is_overdue}
    candidates = sorted((s for s in statuses if s.rule.owner is not None and s.rule.id not in most_overdue
                         and not 0 <= s.days_left <= 30), key=lambda s: (-s.days_left, s.rule.code))
    wanted = list(DUE_SOON_DAYS)
    for status in candidates:
        if not wanted:
            break
        rule = status.rule
        reviewed_on = add_months(on + timedelta(days=wanted[0]), -rule.effective_review_cycle_months)
        effective = max(v.effective_on for v in rule.versions if v.effective_on and v.effective_on <= on)
        if effective <= reviewed_on <= today():
            record_review((department_approvers(rule) or [None])[0], rule, reviewed_on=reviewed_on, outcome="keep",
                          notes="Reviewed at the annual check; no change needed.")
            wanted.pop(0)
