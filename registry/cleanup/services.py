"""Publish a closed campaign's lists, and say whether a rule may still be relied on.

Services flush and never commit.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.permissions import can_run_campaign
from registry.cleanup.models import LAPSED, REPEAL, REVISE, VALID, Publication, PublishedEntry
from registry.db import db
from registry.errors import UserFacingError
from registry.proposals.models import MERGE, REVISION, Campaign
from registry.proposals.models import REPEAL as REPEAL_DISPOSITION

LIST_OF_DISPOSITION = {"keep": VALID, REVISION: REVISE, REPEAL_DISPOSITION: REPEAL, MERGE: REPEAL}


class CleanupError(UserFacingError):
    """A publication that is refused, with the reason."""


def publication_of(campaign: Campaign) -> Publication | None:
    return db.session.get(Publication, campaign.id)


def lists_of(campaign: Campaign, on: date) -> dict[str, list]:
    """Return the campaign's rules by list: its dispositions; a rule repealed by `on` is 失效 whatever was decided."""
    lists: dict[str, list] = {VALID: [], REVISE: [], REPEAL: [], LAPSED: []}
    for item in campaign.items:
        rule = item.rule
        if rule.repealed_on is not None and rule.repealed_on <= on:
            lists[LAPSED].append(rule)
        elif item.disposition in LIST_OF_DISPOSITION:
            lists[LIST_OF_DISPOSITION[item.disposition]].append(rule)
    for rules in lists.values():
        rules.sort(key=lambda r: r.code)
    return lists


def publish(actor, campaign: Campaign, published_on: date) -> Publication:
    """Publish the lists of a closed campaign; from `published_on` the rules off the valid list are not relied on."""
    if not can_run_campaign(actor):
        raise CleanupError(_("Only an administrator can publish the lists."))
    if campaign.is_open:
        raise CleanupError(_("Close the campaign before its lists are published."))
    if publication_of(campaign) is not None:
        raise CleanupError(_("These lists are already published."))
    undecided = [item.rule.code for item in campaign.items
                 if item.disposition is None and item.rule.repealed_on is None]
    if undecided:
        raise CleanupError(_("These rules have no decision yet: %(codes)s.", codes=", ".join(sorted(undecided)[:10])))
    publication = Publication(campaign_id=campaign.id, published_on=published_on,
                              published_by_id=getattr(actor, "id", None))
    for name, rules in lists_of(campaign, published_on).items():
        publication.entries += [PublishedEntry(rule_id=r.id, list_name=name, code=r.code, title=r.title) for r in rules]
    db.session.add(publication)
    db.session.flush()
    record(actor, "campaign.publish", campaign, f"{campaign.title} {published_on.isoformat()}",
           after={name: sum(1 for e in publication.entries if e.list_name == name)
                  for name in (VALID, REVISE, REPEAL, LAPSED)})
    return publication


def not_to_be_relied_on(rule, on: date) -> PublishedEntry | None:
    """Return the latest published entry that puts the rule off the valid list by `on`, unless a version took
    effect after it (the rule was revised) or a later publication lists it as valid again."""
    latest = db.session.execute(
        select(PublishedEntry, Publication.published_on).join(Publication)
        .where(PublishedEntry.rule_id == rule.id, Publication.published_on <= on)
        .order_by(Publication.published_on.desc(), Publication.campaign_id.desc()).limit(1)).first()
    if latest is None or latest[0].list_name == VALID:
        return None
    entry, published_on = latest
    if any(v.is_approved and v.effective_on and published_on < v.effective_on <= on for v in rule.versions):
        return None
    return entry


def reliance_notice(rule, on: date) -> dict | None:
    """What the rule page says when an inventory put the rule off the valid list: date, inventory and list."""
    entry = not_to_be_relied_on(rule, on)
    if entry is None:
        return None
    return {"published_on": entry.publication.published_on, "title": entry.publication.campaign.title,
            "list_name": entry.list_name, "campaign_id": entry.campaign_id}
