"""The published lists of a closed inventory campaign: 继续有效 / 需修订 / 拟废止 / 失效, frozen at publication."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.db import Model, utcnow
from registry.proposals.models import Campaign
from registry.rules.models import Rule

VALID, REVISE, REPEAL, LAPSED = "valid", "revise", "repeal", "lapsed"
LISTS = (VALID, REVISE, REPEAL, LAPSED)


class Publication(Model):
    """A campaign's lists as the office published them, from `published_on`."""

    __tablename__ = "campaign_publications"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    published_on: Mapped[date] = mapped_column(index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    entries: Mapped[list[PublishedEntry]] = relationship(back_populates="publication", cascade="all, delete-orphan",
                                                          order_by="PublishedEntry.id")

    def __repr__(self) -> str:
        return f"<Publication campaign={self.campaign_id} {self.published_on}>"


class PublishedEntry(Model):
    """One rule on one of the published lists."""

    __tablename__ = "published_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign_publications.campaign_id", ondelete="CASCADE"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    list_name: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(100))  # as published, even if the rule is renamed later
    title: Mapped[str] = mapped_column(String(300))

    publication: Mapped[Publication] = relationship(back_populates="entries")
    rule: Mapped[Rule] = relationship()

    __table_args__ = (UniqueConstraint("campaign_id", "rule_id"),)

    def __repr__(self) -> str:
        return f"<PublishedEntry {self.campaign_id} {self.code} {self.list_name}>"
