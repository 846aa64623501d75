"""Revision proposals and their comments, the backlog of missing rules, and inventory campaigns."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import Department, User
from registry.db import Model, utcnow
from registry.rules.models import Rule, RuleVersion

# Proposal kinds and statuses.
REVISION, REPEAL, MERGE = "revision", "repeal", "merge"
KINDS = (REVISION, REPEAL, MERGE)
SUBMITTED, UNDER_REVIEW = "submitted", "under_review"
ACCEPTED, REJECTED, WITHDRAWN = "accepted", "rejected", "withdrawn"
OPEN_STATUSES = (SUBMITTED, UNDER_REVIEW)

# Backlog statuses.
PROPOSED, DRAFTING, IN_REVIEW, ENACTED, DECLINED = "proposed", "drafting", "in_review", "enacted", "declined"
BACKLOG_STATUSES = (PROPOSED, ACCEPTED, DRAFTING, IN_REVIEW, ENACTED, DECLINED)

# Campaign dispositions.
KEEP = "keep"
DISPOSITIONS = ("keep", REVISION, REPEAL, MERGE)


class Proposal(Model):
    """Someone's proposal to revise, repeal or merge a rule, decided by its owners or an approver."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=SUBMITTED, index=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    article_notes: Mapped[str] = mapped_column(Text, default="")  # "第三条：说明" per line → 修改说明
    body: Mapped[str | None] = mapped_column(Text)  # the proposed text of a revision
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_versions.id", ondelete="SET NULL"))
    merge_into_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    result_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_versions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    rule: Mapped[Rule] = relationship(foreign_keys=[rule_id])
    merge_into: Mapped[Rule | None] = relationship(foreign_keys=[merge_into_id])
    base_version: Mapped[RuleVersion | None] = relationship(foreign_keys=[base_version_id])
    result_version: Mapped[RuleVersion | None] = relationship(foreign_keys=[result_version_id])
    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    comments: Mapped[list[ProposalComment]] = relationship(
        back_populates="proposal", order_by="ProposalComment.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.kind} rule={self.rule_id} {self.status}>"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProposalComment(Model):
    """A remark in the discussion of a proposal."""

    __tablename__ = "proposal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ProposalComment {self.id} on {self.proposal_id}>"


class Campaign(Model):
    """An inventory (梳理) of rules in a scope: every rule gets a disposition before the deadline."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    deadline_on: Mapped[date] = mapped_column()
    scope: Mapped[dict] = mapped_column(JSON, default=dict)  # {"categories": [ids], "departments": [ids]}
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
    result: Mapped[dict | None] = mapped_column(JSON)  # the figures frozen at closing

    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    items: Mapped[list[CampaignItem]] = relationship(
        back_populates="campaign", order_by="CampaignItem.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Campaign {self.id} {self.title} {self.status}>"

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class CampaignItem(Model):
    """One rule in a campaign and its owner's disposition: keep, revise, repeal or merge."""

    __tablename__ = "campaign_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    disposition: Mapped[str | None] = mapped_column(String(16))
    merge_into_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    task_id: Mapped[int | None] = mapped_column(ForeignKey("revision_tasks.id", ondelete="SET NULL"))

    campaign: Mapped[Campaign] = relationship(back_populates="items")
    rule: Mapped[Rule] = relationship(foreign_keys=[rule_id])
    merge_into: Mapped[Rule | None] = relationship(foreign_keys=[merge_into_id])
    department: Mapped[Department | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("campaign_id", "rule_id"),)

    def __repr__(self) -> str:
        return f"<CampaignItem {self.campaign_id}/{self.rule_id} {self.disposition}>"


class MissingRule(Model):
    """A rule that should exist but does not yet: proposed, accepted, drafted, reviewed, enacted."""

    __tablename__ = "missing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(Text, default="")
    need: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    target_on: Mapped[date | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=PROPOSED, index=True)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    drafter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    department: Mapped[Department | None] = relationship()
    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    drafter: Mapped[User | None] = relationship(foreign_keys=[drafter_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    rule: Mapped[Rule | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()

    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<MissingRule {self.id} {self.title} {self.status}>"
