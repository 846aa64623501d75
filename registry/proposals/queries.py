"""Read queries of proposals, the backlog and campaigns, ready for templates and exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from registry.audit.models import AuditEntry
from registry.auth.models import User
from registry.db import db
from registry.labels import named
from registry.proposals.models import (
    ACCEPTED,
    DRAFTING,
    OPEN_STATUSES,
    Campaign,
    CampaignItem,
    MissingRule,
    Proposal,
)
from registry.rules.models import Rule

DRAFTING_STATUSES = (ACCEPTED, DRAFTING)


def proposal(proposal_id: int) -> Proposal | None:
    return db.session.get(Proposal, proposal_id)


def proposals_for_rule(rule: Rule, *, open_only: bool = True) -> list[Proposal]:
    """Return the proposals on a rule, newest first."""
    query = (select(Proposal).where(Proposal.rule_id == rule.id).options(selectinload(Proposal.proposer))
             .order_by(Proposal.id.desc()))
    if open_only:
        query = query.where(Proposal.status.in_(OPEN_STATUSES))
    return list(db.session.scalars(query))


def proposals_by(user) -> list[Proposal]:
    """Return the user's own proposals, newest first."""
    return list(db.session.scalars(select(Proposal).where(Proposal.proposer_id == user.id)
                                   .order_by(Proposal.id.desc()).limit(100)))


def proposals_to_decide(user) -> list[Proposal]:
    """Return the open proposals this user may decide: all for approvers, their department's for editors."""
    query = select(Proposal).join(Rule, Proposal.rule_id == Rule.id).where(Proposal.status.in_(OPEN_STATUSES))
    if not user.has_role("approver"):
        if not user.has_role("editor"):
            return []
        if user.department_id is None:
            return []
        query = query.where(Rule.department_id == user.department_id, Proposal.kind == "revision")
    return list(db.session.scalars(query.order_by(Proposal.created_at)))


def rule_history(rule: Rule, limit: int = 100) -> list[AuditEntry]:
    """Return the audit entries about a rule, newest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.rule_id == rule.id).options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.id.desc()).limit(limit)))


def rule_page_panel(rule: Rule) -> dict:
    """Return what the rule page's proposals panel shows (proposals/_rule_panel.html): open proposals, history."""
    return {"open": proposals_for_rule(rule), "history": rule_history(rule)}


def backlog(status: str | None = None) -> list[MissingRule]:
    """Return the backlog of missing rules, soonest due first."""
    query = select(MissingRule).order_by(MissingRule.due_on.is_(None), MissingRule.due_on, MissingRule.id)
    if status:
        query = query.where(MissingRule.status == status)
    return list(db.session.scalars(query))


def overdue_drafting(on: date) -> list[MissingRule]:
    """Return accepted or drafting items whose due date has passed."""
    return list(db.session.scalars(
        select(MissingRule).where(MissingRule.status.in_(DRAFTING_STATUSES), MissingRule.due_on < on)
        .order_by(MissingRule.due_on)))


def drafting_due_by_user(on: date, within_days: int = 7) -> dict[User, list[MissingRule]]:
    """Reminder provider: each drafter's backlog items due within `within_days` of `on`, or overdue.

    Returns {drafter: [MissingRule, …]} for items accepted or being drafted with `due_on <= on +
    within_days`, soonest first; an item is overdue when `item.due_on < on`. The reminders machinery
    calls this alongside its own review reminders; the item page is `/proposals/backlog/<id>`.
    """
    items = db.session.scalars(
        select(MissingRule).where(MissingRule.status.in_(DRAFTING_STATUSES), MissingRule.drafter_id.is_not(None),
                                  MissingRule.due_on <= on + timedelta(days=within_days))
        .options(selectinload(MissingRule.drafter)).order_by(MissingRule.due_on))
    grouped: dict[User, list[MissingRule]] = defaultdict(list)
    for item in items:
        grouped[item.drafter].append(item)
    return dict(grouped)


def campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.id.desc())))


def campaign_missing(campaign: Campaign) -> list[MissingRule]:
    return list(db.session.scalars(select(MissingRule).where(MissingRule.campaign_id == campaign.id)
                                   .order_by(MissingRule.id)))


@dataclass
class DepartmentProgress:
    name: str
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def campaign_figures(campaign: Campaign) -> dict:
    """Return the campaign's figures (frozen ones once it is closed): progress, dispositions, decisions."""
    if campaign.result is not None:
        return campaign.result
    items = db.session.scalars(select(CampaignItem).where(CampaignItem.campaign_id == campaign.id)
                               .options(selectinload(CampaignItem.rule), selectinload(CampaignItem.department),
                                        selectinload(CampaignItem.merge_into), selectinload(CampaignItem.decided_by))
                               .order_by(CampaignItem.id)).all()
    per_department: dict[str, DepartmentProgress] = {}
    dispositions: dict[str, int] = defaultdict(int)
    decisions = []
    for item in items:
        name = named(item.department)
        progress = per_department.setdefault(name, DepartmentProgress(name, 0, 0))
        progress.total += 1
        if item.disposition:
            progress.done += 1
            dispositions[item.disposition] += 1
        decisions.append({
            "item": item.id, "rule": item.rule.code, "title": item.rule.title, "department": name,
            "disposition": item.disposition or "", "merge_into": item.merge_into.code if item.merge_into else "",
            "note": item.note, "decided_by": item.decided_by.name if item.decided_by else "",
            "decided_at": item.decided_at.strftime("%Y-%m-%d %H:%M") if item.decided_at else "",
        })
    total, done = len(items), sum(1 for i in items if i.disposition)
    missing = db.session.scalar(select(func.count(MissingRule.id)).where(MissingRule.campaign_id == campaign.id))
    return {
        "total": total, "done": done, "percent": round(100 * done / total) if total else 100,
        "departments": [{"name": p.name, "total": p.total, "done": p.done, "percent": p.percent}
                        for p in sorted(per_department.values(), key=lambda p: (p.percent, p.name))],
        "dispositions": dict(dispositions), "missing": missing or 0, "decisions": decisions,
    }
