"""Tables of use: evidence attached to an article, flags raised on one, views counted per rule and day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow
from registry.rules.models import Rule

EVIDENCE_KINDS = ("minute", "form", "inspection", "link", "file")
FLAG_KINDS = ("hard_to_follow", "outdated", "conflict")


class ArticleEvidence(Model):
    """Something showing an article is carried out: a meeting minute's number, a form, an inspection, a link, a file.

    A file's bytes are kept in the row, as rule attachments are (so backups and restores carry them), and
    loaded only when downloaded.
    """

    __tablename__ = "article_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    article_anchor: Mapped[str] = mapped_column(String(64), default="")  # "" = the rule as a whole
    article_label: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(300), default="")  # 会议纪要〔2026〕12号, the form's name …
    url: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(300), default="")  # a file's name as uploaded; "" = no file
    media_type: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(default=0)  # bytes of the file
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[Rule] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ArticleEvidence {self.rule_id} {self.article_label or '*'} {self.kind}>"


class ArticleFlag(Model):
    """A reader's warning on an article: hard to follow, outdated, or in conflict with another rule."""

    __tablename__ = "article_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    article_anchor: Mapped[str] = mapped_column(String(64), default="")
    article_label: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))
    conflicting_rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[Rule] = relationship(foreign_keys=[rule_id])
    conflicting_rule: Mapped[Rule | None] = relationship(foreign_keys=[conflicting_rule_id])
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ArticleFlag {self.rule_id} {self.article_label or '*'} {self.kind}>"


class RuleViewDay(Model):
    """How often a rule's page was opened on one day: a cheap counter, one row per rule and day."""

    __tablename__ = "rule_view_days"

    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    views: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<RuleViewDay {self.rule_id} {self.day} {self.views}>"
