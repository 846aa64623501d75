"""In-app notifications; e-mail delivery reads the same rows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow


class Notification(Model):
    """Something a user should know: a review due, a proposal received or decided …"""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
    emailed_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.kind} to {self.user_id}>"


IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY)


class NotificationPreference(Model):
    """How a user wants to hear about notifications by e-mail; no row means e-mail on, immediately."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_enabled: Mapped[bool] = mapped_column(default=True)
    frequency: Mapped[str] = mapped_column(String(16), default=IMMEDIATE)
    last_digest_on: Mapped[date | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<NotificationPreference {self.user_id} {self.email_enabled} {self.frequency}>"


class NotificationEmail(Model):
    """Claim that a notification went out by e-mail; the primary key lets each be e-mailed only once."""

    __tablename__ = "notification_emails"

    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"),
                                                 primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<NotificationEmail {self.notification_id}>"
