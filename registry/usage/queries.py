"""Reads of use: what the reviewer should see, which rules are flagged, which have fallen dormant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from registry.acknowledgements.models import Acknowledgement, AcknowledgementRequest
from registry.db import db, local_time
from registry.reviews.models import Review
from registry.reviews.schedule import add_months
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.status import IN_FORCE, status_expression
from registry.usage.models import ArticleEvidence, ArticleFlag, RuleViewDay


def last_review_at(rule: Rule) -> datetime | None:
    return db.session.scalar(select(func.max(Review.created_at)).where(Review.rule_id == rule.id))


@dataclass
class RuleUse:
    flags: list[ArticleFlag]
    evidence: list[ArticleEvidence]
    views: int
    since: datetime | None  # the last review, or None: everything so far


def rule_use(rule: Rule, since_last_review: bool = False) -> RuleUse:
    """Return the rule's flags and evidence (since its last review, for the reviewer), newest first."""
    since = last_review_at(rule) if since_last_review else None

    def rows(model):
        statement = (select(model).where(model.rule_id == rule.id).options(joinedload(model.created_by))
                     .order_by(model.created_at.desc(), model.id.desc()))
        if since is not None:
            statement = statement.where(model.created_at > since)
        if model is ArticleFlag:
            statement = statement.options(joinedload(ArticleFlag.conflicting_rule))
        return list(db.session.scalars(statement))

    views = db.session.scalar(select(func.coalesce(func.sum(RuleViewDay.views), 0))
                              .where(RuleViewDay.rule_id == rule.id)) or 0
    return RuleUse(rows(ArticleFlag), rows(ArticleEvidence), int(views), since)


@dataclass
class FlaggedRule:
    rule: Rule
    flags: int
    kinds: dict[str, int]


def flagged_rules(limit: int = 20) -> list[FlaggedRule]:
    """Rules with flags raised since their last review, most flagged first: they rise in review priority."""
    last = (select(func.max(Review.created_at)).where(Review.rule_id == ArticleFlag.rule_id)
            .correlate(ArticleFlag).scalar_subquery())
    rows = db.session.execute(
        select(ArticleFlag.rule_id, ArticleFlag.kind, func.count())
        .where((last.is_(None)) | (ArticleFlag.created_at > last))
        .group_by(ArticleFlag.rule_id, ArticleFlag.kind)).all()
    counts: dict[int, dict[str, int]] = {}
    for rule_id, kind, n in rows:
        counts.setdefault(rule_id, {})[kind] = n
    rules = {r.id: r for r in db.session.scalars(select(Rule).where(Rule.id.in_(counts), Rule.repealed_on.is_(None))
                                                 .options(joinedload(Rule.department)))}
    flagged = [FlaggedRule(rules[i], sum(k.values()), k) for i, k in counts.items() if i in rules]
    return sorted(flagged, key=lambda f: (-f.flags, f.rule.code))[:limit]


@dataclass
class DormantRule:
    rule: Rule
    last_used_on: date  # the last view, citation, evidence or acknowledgement; else the day its text took effect


def _latest_per_rule(statement) -> dict[int, date]:
    latest = {}
    for rule_id, moment in db.session.execute(statement):
        if moment is not None:
            latest[rule_id] = local_time(moment).date() if isinstance(moment, datetime) else moment
    return latest


def _citations(rules: list[Rule], on: date) -> dict[int, date]:
    """Return, per rule, the latest day a text citing it took effect (a citation is a use)."""
    from registry.links.models import RuleReference
    from registry.links.references import normal_title

    by_title = {normal_title(rule.title): rule.id for rule in rules}
    latest: dict[int, date] = {}
    newest = func.max(RuleVersion.effective_on)
    rows = db.session.execute(select(RuleReference.cited_title, RuleReference.rule_id, newest)
                              .join(RuleVersion, RuleReference.version_id == RuleVersion.id)
                              .where(RuleVersion.effective_on <= on)
                              .group_by(RuleReference.cited_title, RuleReference.rule_id))
    for title, citing_id, effective_on in rows:
        rule_id = by_title.get(title)
        if rule_id is not None and rule_id != citing_id and effective_on is not None:
            latest[rule_id] = max(latest.get(rule_id, effective_on), effective_on)
    return latest


def dormant_rules(on: date, months: int) -> list[DormantRule]:
    """Rules in force without views, citations, evidence or acknowledgements for `months` months (to clean up)."""
    cutoff = add_months(on, -months)
    rules = list(db.session.scalars(select(Rule).where(status_expression(on) == IN_FORCE)
                                    .options(joinedload(Rule.department), joinedload(Rule.owner))))
    activity = [
        _latest_per_rule(select(RuleVersion.rule_id, func.max(RuleVersion.effective_on))
                         .where(RuleVersion.status == APPROVED, RuleVersion.effective_on <= on)
                         .group_by(RuleVersion.rule_id)),
        _latest_per_rule(select(RuleViewDay.rule_id, func.max(RuleViewDay.day)).group_by(RuleViewDay.rule_id)),
        _latest_per_rule(select(ArticleEvidence.rule_id, func.max(ArticleEvidence.created_at))
                         .group_by(ArticleEvidence.rule_id)),
        _latest_per_rule(select(AcknowledgementRequest.rule_id, func.max(Acknowledgement.acknowledged_at))
                         .join(Acknowledgement, Acknowledgement.request_id == AcknowledgementRequest.id)
                         .group_by(AcknowledgementRequest.rule_id)),
    ]
    activity.append(_citations(rules, on))
    dormant = []
    for rule in rules:
        last = max((a[rule.id] for a in activity if rule.id in a), default=None)
        if last is not None and last < cutoff:
            dormant.append(DormantRule(rule, last))
    return sorted(dormant, key=lambda d: (d.last_used_on, d.rule.code))
