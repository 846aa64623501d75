"""A rule's status, derived from its versions and dates rather than stored."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, exists, literal, select

from registry.rules.models import APPROVED, Rule, RuleVersion

DRAFT = "draft"
NOT_YET_IN_FORCE = "not_yet_in_force"
IN_FORCE = "in_force"
REPEALED = "repealed"
LAPSED = "lapsed"  # 失效: its validity period (rules.valid_until) ended and it was not renewed
STATUSES = (IN_FORCE, NOT_YET_IN_FORCE, DRAFT, REPEALED, LAPSED)


def has_lapsed(rule: Rule, on: date) -> bool:
    """Tell whether the rule's validity period is over on `on` (it lapses on its end date itself)."""
    return rule.valid_until is not None and rule.valid_until <= on


def version_in_force(rule: Rule, on: date) -> RuleVersion | None:
    """Return the approved version whose text applies on `on`, or None."""
    if (rule.repealed_on is not None and rule.repealed_on <= on) or has_lapsed(rule, on):
        return None
    candidates = [v for v in rule.versions if v.status == APPROVED and v.effective_on and v.effective_on <= on]
    return max(candidates, key=lambda v: (v.effective_on, v.number), default=None)


def last_text_before_lapse(rule: Rule, on: date) -> RuleVersion | None:
    """Return the version that was in force when the rule lapsed, if it has lapsed by `on` (its history says so)."""
    if not has_lapsed(rule, on) or (rule.repealed_on is not None and rule.repealed_on <= on):
        return None
    candidates = [v for v in rule.versions
                  if v.status == APPROVED and v.effective_on and v.effective_on < rule.valid_until]
    return max(candidates, key=lambda v: (v.effective_on, v.number), default=None)


def rule_status(rule: Rule, on: date) -> str:
    """Say whether the rule is draft, not yet in force, in force, lapsed or repealed on `on`."""
    if rule.repealed_on is not None and rule.repealed_on <= on:
        return REPEALED
    approved = [v for v in rule.versions if v.status == APPROVED]
    if not approved:
        return DRAFT
    if any(v.effective_on and v.effective_on <= on for v in approved):
        return LAPSED if has_lapsed(rule, on) else IN_FORCE
    return NOT_YET_IN_FORCE


def status_expression(on: date):
    """Return a SQL expression computing rule_status() in the database, for filters and counts."""
    approved = select(RuleVersion.id).where(RuleVersion.rule_id == Rule.id, RuleVersion.status == APPROVED)
    effective = approved.where(RuleVersion.effective_on <= on)
    return case(
        (and_(Rule.repealed_on.is_not(None), Rule.repealed_on <= on), literal(REPEALED)),
        (and_(exists(effective), Rule.valid_until.is_not(None), Rule.valid_until <= on), literal(LAPSED)),
        (exists(effective), literal(IN_FORCE)),
        (exists(approved), literal(NOT_YET_IN_FORCE)),
        else_=literal(DRAFT),
    )
