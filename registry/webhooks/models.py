"""Webhook subscriptions, the events outbox, and one delivery (with its attempts log) per event and hook."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow

EVENTS = ("version.approved", "version.in_force", "rule.repealed", "review.overdue", "proposal.submitted",
          "proposal.decided")
JSON_FORMAT = "json"
FORMATS = (JSON_FORMAT, "wecom", "dingtalk", "feishu")  # signed JSON, or a chat group robot's message
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class Webhook(Model):
    """An address that wants to hear of some events, with the secret that signs what it is sent."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list] = mapped_column(JSON, default=list)
    format: Mapped[str] = mapped_column(String(16), default=JSON_FORMAT)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Webhook {self.name} {self.url}>"


class WebhookEvent(Model):
    """One thing that happened, written in the same transaction as the change (the outbox)."""

    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    # For events found by the periodic job (in force, overdue): the same fact is told once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<WebhookEvent {self.id} {self.event}>"


class WebhookDelivery(Model):
    """Sending one event to one webhook: pending until a 2xx answer, retried with back-off, then failed."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("webhook_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    response_status: Mapped[int | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(Text, default="")
    log: Mapped[list] = mapped_column(JSON, default=list)  # the last attempts: [{at, status, error, ms}]
    delivered_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    webhook: Mapped[Webhook] = relationship()
    event: Mapped[WebhookEvent] = relationship()

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.id} {self.status} attempts={self.attempts}>"
