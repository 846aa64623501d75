"""E-mail delivery of in-app notifications: one message per user and run, honouring preferences.

Each notification is claimed by inserting its row in `notification_emails` (primary key: the
notification) in the same transaction that sends the message; the transaction commits only after the
SMTP server accepted it. A second run at the same moment fails on that key and skips the user; a
refused or failed send rolls the claim back so the next run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.auth.models import User
from registry.db import db, today, utcnow
from registry.notifications.claims import retry_when_locked
from registry.notifications.links import absolute, path_for
from registry.notifications.locale import locale_of, speaking_to
from registry.notifications.mail import Mailer, MailError
from registry.notifications.models import DAILY, WEEKLY, Notification, NotificationEmail, NotificationPreference


@dataclass
class DeliveryReport:
    """What a delivery run did: messages sent, users skipped, failures with reasons."""

    sent: list[tuple[str, int]] = field(default_factory=list)  # (address, number of items)
    would_send: list[tuple[str, int]] = field(default_factory=list)
    taken_by_other_run: int = 0
    failures: list[str] = field(default_factory=list)


def preference_of(user_id: int) -> NotificationPreference:
    """Return the user's preferences (defaults when none are stored yet, not added to the session)."""
    return db.session.get(NotificationPreference, user_id) or NotificationPreference(
        user_id=user_id, email_enabled=True, frequency="immediate")


def digest_is_due(preference: NotificationPreference, on: date) -> bool:
    """Say whether the user's e-mail may go out on `on`: immediately, once a day, or once a week."""
    last = preference.last_digest_on
    if preference.frequency == DAILY:
        return last is None or last < on
    if preference.frequency == WEEKLY:
        return last is None or (on - last).days >= 7
    return True


def pending_by_user() -> dict[int, list[int]]:
    """Return the ids of unread notifications not yet e-mailed, grouped by user."""
    rows = db.session.execute(select(Notification.user_id, Notification.id)
                              .where(Notification.emailed_at.is_(None), Notification.read_at.is_(None))
                              .order_by(Notification.user_id, Notification.id))
    grouped: dict[int, list[int]] = {}
    for user_id, notification_id in rows:
        grouped.setdefault(user_id, []).append(notification_id)
    return grouped


def compose(mailer: Mailer, user: User, notifications: list[Notification]):
    """Write the one message that lists all of the user's items, in the user's language."""
    with speaking_to(user):
        items = [{"subject": n.subject, "body": n.body, "url": absolute(n.url)} for n in notifications]
        if len(items) == 1:
            subject = items[0]["subject"]
        else:
            subject = ngettext("%(num)d item needs your attention", "%(num)d items need your attention",
                               len(items))
        context = {"user": user, "items": items, "subject": subject,
                   "inbox_url": absolute(path_for("notifications.index")),
                   "preferences_url": absolute(path_for("notifications.preferences"))}
        text = render_template("emails/notifications.txt", **context)
        html = render_template("emails/notifications.html", **context)
        message = mailer.message(user.name, user.email, f"[{_('Rules registry')}] {subject}", text, html)
        message["Content-Language"] = locale_of(user).replace("_", "-")
        return message


def deliver_pending_notifications(on: date | None = None, dry_run: bool = False,
                                  mailer: Mailer | None = None) -> DeliveryReport:
    """E-mail every user their pending notifications in one message; commits per user."""
    on = on or today()
    report = DeliveryReport()
    own_mailer = mailer is None
    mailer = mailer or Mailer(current_app.config)
    try:
        for user_id, ids in pending_by_user().items():
            _deliver_to(user_id, ids, on, dry_run, mailer, report)
    finally:
        if own_mailer:
            mailer.close()
    return report


def _claim(user_id: int, ids: list[int]) -> list[Notification]:
    """Insert the claim rows of these notifications; the primary key refuses a second claim."""
    notifications = list(db.session.scalars(select(Notification).where(Notification.id.in_(ids),
                                                                       Notification.emailed_at.is_(None))
                                             .order_by(Notification.id)))
    db.session.add_all(NotificationEmail(notification_id=n.id, user_id=user_id) for n in notifications)
    db.session.flush()
    return notifications


def _deliver_to(user_id: int, ids: list[int], on: date, dry_run: bool, mailer: Mailer,
                report: DeliveryReport) -> None:
    user = db.session.get(User, user_id)
    preference = preference_of(user_id)
    if user is None or not user.is_active or not user.email or not preference.email_enabled:
        return
    if not digest_is_due(preference, on):
        return
    if dry_run:
        report.would_send.append((user.email, len(ids)))
        return
    try:
        notifications = retry_when_locked(lambda: _claim(user_id, ids))
    except IntegrityError:  # another run e-mailed (some of) these meanwhile
        db.session.rollback()
        report.taken_by_other_run += 1
        return
    if not notifications:  # all e-mailed by another run meanwhile
        db.session.rollback()
        report.taken_by_other_run += 1
        return
    try:
        mailer.send(compose(mailer, user, notifications))
    except MailError as error:
        db.session.rollback()
        report.failures.append(str(error))
        return
    sent_at = utcnow()
    for notification in notifications:
        notification.emailed_at = sent_at
    if preference.frequency in (DAILY, WEEKLY):
        preference.last_digest_on = on
        db.session.merge(preference)
    db.session.commit()
    report.sent.append((user.email, len(notifications)))
