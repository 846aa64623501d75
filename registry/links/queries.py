"""Reads of links for the rule page: what cites a rule, and what replaced a repealed one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.auth.permissions import readable_rules
from registry.db import db
from registry.links.services import citing
from registry.proposals.models import CampaignItem, Proposal
from registry.reviews.models import Review
from registry.rules.models import Rule


def cited_by(rule: Rule, user, on: date) -> list[tuple[Rule, list[str]]]:
    """Return the readable rules whose text in force cites `rule`, with the anchors of their citing articles."""
    pairs = citing(rule, on)
    visible = {r.id for r in readable_rules(user, [other for other, _refs in pairs], on)}
    return [(other, sorted({r.citing_anchor for r in refs if r.citing_anchor})) for other, refs in pairs
            if other.id in visible]


def successor_of(rule: Rule) -> Rule | None:
    """Return the rule that replaced a repealed one: named on repeal, else merged into by a review, a campaign
    or an accepted proposal."""
    if rule.repealed_on is None:
        return None
    if rule.successor is not None:
        return rule.successor
    for statement in (
        select(Review.merged_into_id).where(Review.rule_id == rule.id, Review.merged_into_id.is_not(None))
        .order_by(Review.created_at.desc()),
        select(CampaignItem.merge_into_id).where(CampaignItem.rule_id == rule.id,
                                                 CampaignItem.merge_into_id.is_not(None))
        .order_by(CampaignItem.id.desc()),
        select(Proposal.merge_into_id).where(Proposal.rule_id == rule.id, Proposal.status == "accepted",
                                             Proposal.merge_into_id.is_not(None)).order_by(Proposal.id.desc()),
    ):
        found = db.session.scalar(statement.limit(1))
        if found is not None:
            return db.session.get(Rule, found)
    return None


def rule_page_panel(rule: Rule, user, on: date) -> dict:
    """What the rule page shows of links: the readable rules citing it and, when repealed, its successor."""
    return {"cited_by": cited_by(rule, user, on), "successor": successor_of(rule)}
