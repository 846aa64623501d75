"""Two `reminders send` processes at the same moment give every reminder once (SQLite, or PostgreSQL
when REGISTRY_TEST_DATABASE_URL is set): the database's unique keys decide, not only the code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from registry.db import db
from registry.reviews.schedule import add_months
from tests.reviews.at_once import send_at_once

D = date(2026, 12, 1)


def test_two_processes_at_the_same_moment_send_each_reminder_once(app, app_settings, smtp_server, make_user,
                                                                   owned_rule):
    from registry.notifications.models import Notification, NotificationEmail
    from registry.reviews.models import ReminderLog

    users = [make_user("editor") for _ in range(8)]
    for user in users:
        owned_rule(user.id, add_months(D + timedelta(days=7), -12))
        owned_rule(user.id, add_months(D - timedelta(days=2), -12))
    smtp_server.delay = 0.03  # keep each run busy long enough for the two to overlap
    outputs = send_at_once([(app_settings, None)] * 2, D)

    recipients = sorted(address for m in smtp_server.messages for address in m.rcpt_tos)
    assert recipients == sorted(u.email for u in users)  # one message each, none twice
    with app.app_context():
        assert db.session.scalar(select(func.count(ReminderLog.id))) == 16
        assert db.session.scalar(select(func.count(Notification.id))) == 16
        assert db.session.scalar(select(func.count()).select_from(NotificationEmail)) == 16
    given = sum(int(out.split("reminder(s) given")[0].split()[-1]) for _, out in outputs)
    assert given == 16, outputs


def test_the_database_itself_refuses_a_second_copy_of_a_reminder(app, make_user):
    from registry.notifications.models import NotificationEmail
    from registry.notifications.services import notify
    from registry.reviews.models import ReminderLog

    user = make_user("editor")
    with app.app_context():
        db.session.add(ReminderLog(user_id=user.id, item_key="review:1:2026-12-01", stage="before-7", run_on=D))
        db.session.commit()
        db.session.add(ReminderLog(user_id=user.id, item_key="review:1:2026-12-01", stage="before-7", run_on=D))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        from registry.auth.models import User

        notification = notify(db.session.get(User, user.id), "test", "subject")
        db.session.flush()
        db.session.add(NotificationEmail(notification_id=notification.id, user_id=user.id))
        db.session.commit()
        db.session.add(NotificationEmail(notification_id=notification.id, user_id=user.id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
