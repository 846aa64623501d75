"""The references each approved version makes to rules (by title) and their articles, for "cited by"."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.db import Model
from registry.rules.models import Rule, RuleVersion


class RuleReference(Model):
    """One reference in an approved version's text to another rule (matched by its normalised title)."""

    __tablename__ = "rule_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("rule_versions.id", ondelete="CASCADE"), index=True)
    cited_title: Mapped[str] = mapped_column(String(300), index=True)  # normal_title() of what the text names
    article: Mapped[int | None] = mapped_column()
    sub: Mapped[int | None] = mapped_column()
    citing_anchor: Mapped[str] = mapped_column(String(64), default="")  # the citing article's anchor

    rule: Mapped[Rule] = relationship()
    version: Mapped[RuleVersion] = relationship()

    def __repr__(self) -> str:
        return f"<RuleReference v{self.version_id} → {self.cited_title} {self.article or ''}>"
