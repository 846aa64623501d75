"""Tell users things: one call creates the in-app notification; e-mail delivery picks it up later."""

from __future__ import annotations

from sqlalchemy import func, select, update

from registry.db import db, utcnow
from registry.notifications.models import Notification


def notify(user, kind: str, subject: str, body: str = "", url: str = "", rule=None) -> Notification:
    """Create a notification for `user` (in the caller's transaction)."""
    notification = Notification(user_id=user.id, kind=kind, subject=subject[:300], body=body, url=url,
                                rule_id=getattr(rule, "id", None))
    db.session.add(notification)
    return notification


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of the user's notifications read; return how many changed."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(notification_ids))
    return db.session.execute(statement.values(read_at=utcnow())).rowcount
