"""Verbs of inventory campaigns (梳理): open over a scope, record dispositions, close and freeze."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.permissions import can_dispose_rule, can_run_campaign
from registry.db import db, today, utcnow
from registry.errors import UserFacingError
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.proposals.backlog import propose_missing_rule
from registry.proposals.models import DISPOSITIONS, MERGE, REVISION, Campaign, CampaignItem, MissingRule
from registry.rules.models import Rule
from registry.rules.queries import descendant_ids
from registry.rules.status import DRAFT, status_expression
from registry.tasks.models import CANCELLED, OPEN, RevisionTask
from registry.tasks.services import open_revision_task


class CampaignError(UserFacingError):
    """A refused change to a campaign."""


def rules_in_scope(category_ids: list[int], department_ids: list[int]) -> list[Rule]:
    """Return the rules in the categories (and below) and departments; empty lists mean all.

    Repealed rules and drafts are left out: a draft is not yet part of the record to take stock of,
    and a campaign's page and exports are read by every signed-in user.
    """
    query = (select(Rule).where(Rule.repealed_on.is_(None), status_expression(today()) != DRAFT)
             .order_by(Rule.code))
    if category_ids:
        query = query.where(Rule.category_id.in_({c for cid in category_ids for c in descendant_ids(cid)}))
    if department_ids:
        query = query.where(Rule.department_id.in_(department_ids))
    return list(db.session.scalars(query))


def open_campaign(actor, *, title: str, deadline_on: date, category_ids=(), department_ids=(),
                  note: str = "") -> Campaign:
    """Start an inventory: every rule in scope gets an item its owner must dispose of."""
    if not can_run_campaign(actor):
        raise CampaignError(_("Only an administrator can open a campaign."))
    if not (title or "").strip():
        raise CampaignError(_("Give the campaign a title."))
    if deadline_on < today():
        raise CampaignError(_("The deadline %(d)s has passed already; choose today or a later day.",
                              d=deadline_on.isoformat()))
    rules = rules_in_scope(list(category_ids), list(department_ids))
    if not rules:
        raise CampaignError(_("No rule is in this scope."))
    campaign = Campaign(title=title.strip(), note=(note or "").strip(), deadline_on=deadline_on, opened_by_id=actor.id,
                        scope={"categories": list(category_ids), "departments": list(department_ids)})
    campaign.items = [CampaignItem(rule=rule, department_id=rule.department_id) for rule in rules]
    db.session.add(campaign)
    db.session.flush()
    record(actor, "campaign.open", campaign, f"{campaign.title} ({len(rules)})",
           after={"rules": len(rules), "deadline_on": deadline_on.isoformat(), **campaign.scope})
    owners = {r.owner.id: r.owner for r in rules if r.owner is not None}
    for owner in owners.values():
        with speaking_to(owner):  # in the owner's language, for the page and the e-mail
            notify(owner, "campaign.opened", _("Inventory “%(title)s”: decide on your rules by %(d)s",
                                               title=campaign.title, d=deadline_on.isoformat()), campaign.note,
                   f"/proposals/campaigns/{campaign.id}")
    return campaign


def dispose(actor, item: CampaignItem, disposition: str, *, merge_into: Rule | None = None, note: str = "",
            due_on: date | None = None) -> CampaignItem:
    """Record the owner's decision on a rule; "revise" opens a revision task for the owner."""
    if not item.campaign.is_open:
        raise CampaignError(_("This campaign is closed; its result can no longer change."))
    if not can_dispose_rule(actor, item.rule):
        raise CampaignError(_("Only the rule's owner or its department's editors can decide on it."))
    if disposition not in DISPOSITIONS:
        raise CampaignError(_("Choose keep, revise, repeal or merge."))
    if disposition == MERGE and (merge_into is None or merge_into.id == item.rule_id):
        raise CampaignError(_("Name the rule to merge this one into."))
    if disposition == REVISION and due_on is not None and due_on < today():
        raise CampaignError(_("The due date %(d)s has passed already; choose today or a later day.",
                              d=due_on.isoformat()))
    before = {"disposition": item.disposition}
    item.disposition, item.note = disposition, (note or "").strip()
    item.merge_into = merge_into if disposition == MERGE else None
    item.decided_by_id, item.decided_at = actor.id, utcnow()
    if disposition != REVISION and item.task_id is not None:
        _cancel_task(actor, item)
    if disposition == REVISION and item.task_id is None:
        task = open_revision_task(actor, item.rule, item.rule.owner, due_on or item.campaign.deadline_on, "campaign",
                                  item.note or item.campaign.title)
        db.session.flush()
        item.task_id = task.id
    db.session.flush()
    record(actor, "campaign.dispose", item, f"{item.rule.code}: {disposition}", rule_id=item.rule_id, before=before,
           after={"disposition": disposition, "merge_into": merge_into.code if merge_into else None,
                  "campaign": item.campaign_id})
    return item


def _cancel_task(actor, item: CampaignItem) -> None:
    """The owner changed their mind about revising: cancel the task the campaign opened."""
    task = db.session.get(RevisionTask, item.task_id)
    if task is not None and task.status == OPEN:
        task.status = CANCELLED
        record(actor, "task.cancel", task, f"{item.rule.code}: campaign disposition changed", rule_id=item.rule_id,
               before={"status": OPEN}, after={"status": CANCELLED})
    item.task_id = None


def add_missing_rule(actor, campaign: Campaign, *, title: str, need: str, department=None) -> MissingRule:
    """Let a department list a rule it lacks; the item joins the drafting backlog."""
    if not campaign.is_open:
        raise CampaignError(_("This campaign is closed; its result can no longer change."))
    return propose_missing_rule(actor, title=title, need=need, department=department, campaign=campaign)


def close_campaign(actor, campaign: Campaign) -> Campaign:
    """Close the campaign, recording who closed it and freezing its figures (as facts without language)."""
    if not can_run_campaign(actor):
        raise CampaignError(_("Only an administrator can close a campaign."))
    if not campaign.is_open:
        raise CampaignError(_("This campaign is already closed."))
    from registry.proposals.queries import campaign_facts

    figures = campaign_facts(campaign)
    campaign.status, campaign.closed_by_id, campaign.closed_at, campaign.result = "closed", actor.id, utcnow(), figures
    record(actor, "campaign.close", campaign, campaign.title, after={"done": figures.get("done"),
                                                                     "total": figures.get("total")})
    return campaign
