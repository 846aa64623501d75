"""Read queries of proposals, the backlog and campaigns, ready for templates and exports."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from registry.audit.models import AuditEntry
from registry.auth.models import Department, User
from registry.db import db, local_time
from registry.labels import in_language
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
    query = (select(Proposal).where(Proposal.rule_id == rule.id).options(joinedload(Proposal.proposer))
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
    """Return the audit entries about a rule, newest first, with their actors (joined: one statement)."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.rule_id == rule.id).options(joinedload(AuditEntry.actor))
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


def campaign_figures(campaign: Campaign) -> dict:
    """Return the campaign's figures in the viewer's language (from the frozen facts once it is closed)."""
    return localised_figures(campaign.result if campaign.result is not None else campaign_facts(campaign))


def campaign_facts(campaign: Campaign) -> dict:
    """Return the campaign's figures as language-neutral facts, as closing freezes them.

    Departments are kept by id with their names in both languages as they were, times in UTC (ISO 8601),
    dispositions as codes: whoever reads a closed campaign sees it in their own language and time zone,
    not in the language of the person who closed it.
    """
    items = db.session.scalars(select(CampaignItem).where(CampaignItem.campaign_id == campaign.id)
                               .options(selectinload(CampaignItem.rule), selectinload(CampaignItem.department),
                                        selectinload(CampaignItem.merge_into), selectinload(CampaignItem.decided_by))
                               .order_by(CampaignItem.id)).all()
    per_department: dict[int | None, dict] = {}
    dispositions: dict[str, int] = defaultdict(int)
    decisions = []
    for item in items:
        department = item.department
        progress = per_department.setdefault(item.department_id, {
            "id": item.department_id, "name": department.name if department else "",
            "name_en": department.name_en if department else "", "total": 0, "done": 0})
        progress["total"] += 1
        if item.disposition:
            progress["done"] += 1
            dispositions[item.disposition] += 1
        decisions.append({
            "item": item.id, "rule": item.rule.code, "title": item.rule.title, "department_id": item.department_id,
            "disposition": item.disposition or "", "merge_into": item.merge_into.code if item.merge_into else "",
            "note": item.note, "decided_by": item.decided_by.name if item.decided_by else "",
            "decided_at": item.decided_at.isoformat() if item.decided_at else "",
        })
    total, done = len(items), sum(1 for i in items if i.disposition)
    missing = db.session.scalar(select(func.count(MissingRule.id)).where(MissingRule.campaign_id == campaign.id))
    return {
        "total": total, "done": done, "percent": _percent(done, total), "departments": list(per_department.values()),
        "dispositions": dict(dispositions), "missing": missing or 0, "decisions": decisions,
    }


def localised_figures(facts: dict) -> dict:
    """Render a campaign's facts for the viewer: department names in their language, times in the office's zone.

    A department without an English name when the campaign closed shows the English name it has now.
    """
    ids = [d["id"] for d in facts["departments"] if d.get("id") is not None and not d.get("name_en")]
    english_now = dict(db.session.execute(select(Department.id, Department.name_en)
                                          .where(Department.id.in_(ids))).all()) if ids else {}
    names = {d.get("id"): in_language(d.get("name", ""), d.get("name_en") or english_now.get(d.get("id"), ""))
             for d in facts["departments"]}
    departments = [{"id": d.get("id"), "name": names[d.get("id")], "total": d["total"], "done": d["done"],
                    "percent": _percent(d["done"], d["total"])} for d in facts["departments"]]
    decisions = [{**d, "department": names.get(d.get("department_id"), "—"), "decided_at": _local(d["decided_at"])}
                 for d in facts["decisions"]]
    return {**facts, "departments": sorted(departments, key=lambda d: (d["percent"], d["name"])),
            "decisions": decisions}


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 100


def _local(moment: str) -> str:
    """Show a stored UTC moment (ISO 8601) as the office's wall-clock time, to the minute."""
    return local_time(datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M") if moment else ""
