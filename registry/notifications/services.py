"""Tell users things: one call creates the in-app notification; e-mail delivery picks it up later."""

from __future__ import annotations

import threading
import time

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select, update

from registry.db import db, utcnow
from registry.notifications.models import Notification, NotificationEmail


def notify(user, kind: str, subject: str, body: str = "", url: str = "", rule=None) -> Notification:
    """Tell `user` something (in the caller's transaction).

    A notification for the same rule, reason and link replaces the older one ("overdue 16 days" replaces
    "overdue 9 days"), so the list does not pile up. The older is deleted rather than rewritten: the new
    one is news, unread and e-mailed in its turn, while an e-mail claim stays with the notification it sent.
    """
    rule_id = getattr(rule, "id", None)
    if rule_id is not None or url:
        same_rule = Notification.rule_id.is_(None) if rule_id is None else Notification.rule_id == rule_id
        older = select(Notification.id).where(Notification.user_id == user.id, Notification.kind == kind,
                                              same_rule, Notification.url == url)
        db.session.execute(delete(NotificationEmail).where(NotificationEmail.notification_id.in_(older)))
        db.session.execute(delete(Notification).where(Notification.id.in_(older)),
                           execution_options={"synchronize_session": False})
    forget_unread(user.id)
    notification = Notification(user_id=user.id, kind=kind, subject=subject[:300], body=body, url=url,
                                rule_id=rule_id)
    db.session.add(notification)
    return notification


def unread_count(user) -> int:
    """Return how many of the user's notifications are unread."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


BELL_SECONDS = 10.0  # how long a process shows the bell's count before counting again
_bell_lock = threading.Lock()


def unread_badge(user) -> int:
    """Return the bell's count: `unread_count`, kept by this process for BELL_SECONDS.

    Every page shows it; a notification made or read in this process is counted again at once, one made on
    another process or node within BELL_SECONDS. The list of notifications itself always counts afresh.
    """
    kept: dict[int, tuple[float, int]] = current_app.extensions.setdefault("registry_bell", {})
    now = time.monotonic()
    hit = kept.get(user.id)
    if hit and now - hit[0] < BELL_SECONDS:
        return hit[1]
    count = unread_count(user)
    with _bell_lock:
        if len(kept) > 10_000:
            kept.clear()
        kept[user.id] = (now, count)
    return count


def forget_unread(user_id: int) -> None:
    """Count the user's unread notifications again on the next page of this process."""
    if has_app_context():
        current_app.extensions.get("registry_bell", {}).pop(user_id, None)


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of the user's notifications read; return how many changed."""
    forget_unread(user.id)
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(notification_ids))
    return db.session.execute(statement.values(read_at=utcnow())).rowcount


def save_preferences(user, email_enabled: bool, frequency: str):
    """Store how the user wants to be e-mailed."""
    from registry.audit.services import record
    from registry.notifications.models import FREQUENCIES, NotificationPreference

    if frequency not in FREQUENCIES:
        frequency = FREQUENCIES[0]
    preference = db.session.get(NotificationPreference, user.id)
    if preference is None:
        preference = NotificationPreference(user_id=user.id)
        db.session.add(preference)
    preference.email_enabled, preference.frequency = bool(email_enabled), frequency
    record(user, "notifications.preferences", user, f"email={'on' if email_enabled else 'off'} {frequency}")
    return preference
