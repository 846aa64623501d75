"""What the home page shows one person, gathered from the areas that hold it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from registry.acknowledgements.queries import pending_for
from registry.db import db
from registry.proposals.models import MissingRule, Proposal
from registry.proposals.queries import drafting_due_by_user, proposals_to_decide
from registry.reviews.queries import ReviewStatus, owned_statuses
from registry.rules.models import APPROVED, DRAFT, Rule, RuleVersion
from registry.rules.status import rule_status

REVIEW_HORIZON_DAYS = 60  # reviews due this soon count as waiting
RECENT = 10


@dataclass
class OwnedRule:
    rule: Rule
    status: str  # rule_status: in_force, draft …
    review: ReviewStatus | None


@dataclass
class Home:
    reviews_due: list[ReviewStatus]
    to_decide: list[Proposal]
    drafts_to_approve: list[RuleVersion]
    drafting: list[MissingRule]
    owned: list[OwnedRule]
    recent: list[RuleVersion]
    to_acknowledge: list = field(default_factory=list)  # acknowledgement requests still to confirm
    procedure_steps: list = field(default_factory=list)  # registry.procedures.queries.Waiting

    @property
    def waiting(self) -> int:
        return (len(self.reviews_due) + len(self.to_decide) + len(self.drafts_to_approve) + len(self.drafting)
                + len(self.to_acknowledge) + len(self.procedure_steps))


def home_for(user, today: date) -> Home:
    """Return what waits for `user`, the rules they are responsible for, and the office's recent changes."""
    statuses = owned_statuses(user, today)
    by_rule = {s.rule.id: s for s in statuses}
    owned_rules = sorted((s.rule for s in statuses), key=lambda r: r.code)
    drafts = []
    if user.has_role("approver"):
        drafts = list(db.session.scalars(
            select(RuleVersion).join(Rule, RuleVersion.rule_id == Rule.id)
            .where(RuleVersion.status == DRAFT, Rule.repealed_on.is_(None))
            .options(joinedload(RuleVersion.rule)).order_by(RuleVersion.created_at)))
    recent = list(db.session.scalars(
        select(RuleVersion).where(RuleVersion.status == APPROVED, RuleVersion.approved_at.is_not(None))
        .options(joinedload(RuleVersion.rule)).order_by(RuleVersion.approved_at.desc()).limit(RECENT)))
    from registry.procedures.queries import waiting_for
    from registry.procedures.services import procedure_for

    drafts = [v for v in drafts if procedure_for(v.rule) is None]  # the others wait in their procedure
    drafting = [item for items in drafting_due_by_user(today, 14).values() for item in items
                if item.drafter_id == user.id]
    return Home(
        reviews_due=[s for s in statuses if s.due_on <= today + timedelta(days=REVIEW_HORIZON_DAYS)],
        to_decide=proposals_to_decide(user),
        drafts_to_approve=drafts,
        drafting=drafting,
        owned=[OwnedRule(r, rule_status(r, today), by_rule.get(r.id)) for r in owned_rules],
        recent=recent,
        to_acknowledge=pending_for(user),
        procedure_steps=waiting_for(user, today),
    )
