"""Tables of the search area: the index outbox, admin-managed synonyms, queries that found nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import Model, utcnow


class SearchOutbox(Model):
    """A rule whose search documents must be rebuilt, written in the same transaction as the change.

    Rows are kept (not deleted when applied) so that every node applies them to its own index; each
    index remembers which rows it applied. `flask search sync` prunes rows past the retention period.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(index=True)  # no foreign key: a deleted rule must still be removed
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.id} rule {self.rule_id}>"


class Synonym(Model):
    """A group of interchangeable terms (简称 and full name), one per line or comma-separated."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Synonym {self.id} {self.terms[:30]!r}>"

    @property
    def term_list(self) -> list[str]:
        """Return the terms of the group, trimmed and without duplicates."""
        parts = [p.strip() for p in self.terms.replace("，", ",").replace("\n", ",").split(",")]
        return list(dict.fromkeys(p for p in parts if p))


class SearchMiss(Model):
    """A query that found nothing, counted: each is a hint of a rule that is missing."""

    __tablename__ = "search_misses"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200), unique=True)
    count: Mapped[int] = mapped_column(default=1)
    first_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchMiss {self.query!r} x{self.count}>"
