"""Review cycles: what a rule rests on, reviews recorded, due-date adjustments, reminders sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow
from registry.notifications.models import Notification
from registry.rules.models import Rule

KEEP = "keep"
REVISE = "revise"
REPEAL = "repeal"
MERGE = "merge"
OUTCOMES = (KEEP, REVISE, REPEAL, MERGE)


class RuleBasis(Model):
    """`rule` implements `basis` (上位依据): a change of the basis makes the rule due for review."""

    __tablename__ = "rule_basis"

    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True)
    basis_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True, index=True)

    rule: Mapped[Rule] = relationship(foreign_keys=[rule_id])
    basis: Mapped[Rule] = relationship(foreign_keys=[basis_id])

    def __repr__(self) -> str:
        return f"<RuleBasis {self.rule_id} rests on {self.basis_id}>"


class Review(Model):
    """One review of a rule: who looked at it, when, and what they decided."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[date] = mapped_column()
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("revision_tasks.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[Rule] = relationship(foreign_keys=[rule_id])
    reviewer: Mapped[User | None] = relationship()
    merged_into: Mapped[Rule | None] = relationship(foreign_keys=[merged_into_id])

    def __repr__(self) -> str:
        return f"<Review {self.rule_id} {self.reviewed_on} {self.outcome}>"


class ReviewSchedule(Model):
    """Adjustments of a rule's computed due date: set by hand, or brought forward by a change of basis."""

    __tablename__ = "review_schedules"

    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True)
    manual_due_on: Mapped[date | None] = mapped_column()
    manual_reason: Mapped[str] = mapped_column(Text, default="")
    manual_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    triggered_due_on: Mapped[date | None] = mapped_column()
    trigger_reason: Mapped[str] = mapped_column(Text, default="")

    manual_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ReviewSchedule {self.rule_id} manual={self.manual_due_on} triggered={self.triggered_due_on}>"


class ReminderLog(Model):
    """A reminder given: one row per user, item and stage; the unique key makes every reminder happen once."""

    __tablename__ = "reminder_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(32))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(300), default="")
    run_on: Mapped[date] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship()
    notification: Mapped[Notification | None] = relationship()

    __table_args__ = (UniqueConstraint("user_id", "item_key", "stage"),)

    def __repr__(self) -> str:
        return f"<ReminderLog {self.user_id} {self.item_key} {self.stage}>"


class CalendarToken(Model):
    """The secret in a user's private calendar feed URL; replacing it revokes the old URL."""

    __tablename__ = "calendar_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CalendarToken {self.user_id}>"
