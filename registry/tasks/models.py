"""A revision task asks someone to revise a rule by a date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow
from registry.rules.models import Rule

OPEN = "open"
DONE = "done"
CANCELLED = "cancelled"


class RevisionTask(Model):
    """Work item: revise `rule` by `due_on`; opened by a review, a campaign or an accepted proposal."""

    __tablename__ = "revision_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    source: Mapped[str] = mapped_column(String(32))  # "review", "campaign", "proposal"
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column()

    rule: Mapped[Rule] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])

    def __repr__(self) -> str:
        return f"<RevisionTask rule={self.rule_id} due={self.due_on} {self.status}>"
