"""The bell, the list, marking as read, e-mail preferences and digests, and the admin's reminder log."""

from __future__ import annotations

from datetime import date, timedelta

from registry.db import db, utcnow
from registry.reviews.schedule import add_months


def tell(app, user_id: int, subject: str, url: str = "/rules/GL-1") -> None:
    from registry.auth.models import User
    from registry.notifications.services import notify

    with app.app_context():
        notify(db.session.get(User, user_id), "proposal.received", subject, "body text", url)
        db.session.commit()


def deliver(app, on: date):
    from registry.notifications.delivery import deliver_pending_notifications

    with app.app_context():
        return deliver_pending_notifications(on)


def test_bell_list_and_mark_read(app, client, login, make_user):
    user = make_user("reader")
    tell(app, user.id, "第一条通知")
    tell(app, user.id, "Second notice", "/rules/GL-2")
    login(user)
    page = client.get("/rules").get_data(as_text=True)
    assert 'class="bell unread"' in page and '<span class="count">2</span>' in page
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "第一条通知" in listing and "Second notice" in listing
    from registry.notifications.models import Notification

    with app.app_context():
        first = db.session.query(Notification).filter_by(subject="第一条通知").one().id
    opened = client.post("/notifications/read", data={"id": str(first), "next": "/rules/GL-1"})
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/rules/GL-1")
    assert '<span class="count">1</span>' in client.get("/rules").get_data(as_text=True)
    evil = client.post("/notifications/read", data={"next": "//evil.example.org/"})
    assert evil.headers["Location"].endswith("/notifications/")
    assert 'class="bell"' in client.get("/rules").get_data(as_text=True)


def test_others_cannot_mark_my_notifications(app, client, login, make_user):
    from registry.notifications.models import Notification

    owner, other = make_user("reader"), make_user("reader")
    tell(app, owner.id, "private")
    login(other)
    with app.app_context():
        nid = db.session.query(Notification).one().id
    client.post("/notifications/read", data={"id": str(nid)})
    assert "private" not in client.get("/notifications/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Notification, nid).read_at is None


def test_immediate_delivery_for_other_areas(app, smtp_server, make_user):
    user = make_user("editor")
    tell(app, user.id, "Your proposal was accepted", "/rules/GL-9")
    report = deliver(app, date(2026, 12, 1))
    assert report.sent == [(user.email, 1)] and report.failures == []
    (message,) = smtp_server.messages
    assert message.subject == "[Rules registry] Your proposal was accepted"
    assert "https://rules.example.org/rules/GL-9" in message.text
    assert deliver(app, date(2026, 12, 1)).sent == []


def test_daily_and_weekly_digests_and_email_off(app, client, login, smtp_server, make_user):
    daily, weekly, silent = make_user("editor"), make_user("editor"), make_user("editor")
    for user, data in ((daily, {"email_enabled": "y", "frequency": "daily"}),
                       (weekly, {"email_enabled": "y", "frequency": "weekly"}), (silent, {"frequency": "immediate"})):
        login(user)
        assert client.post("/notifications/preferences", data=data).status_code == 302
        client.post("/auth/logout")
    day = date(2026, 12, 1)
    for user in (daily, weekly, silent):
        tell(app, user.id, "one")
    deliver(app, day)
    for user in (daily, weekly, silent):
        tell(app, user.id, "two")
    deliver(app, day)  # the same day: digests already went out
    assert [len(smtp_server.to(u.email)) for u in (daily, weekly, silent)] == [1, 1, 0]
    deliver(app, day + timedelta(days=1))
    assert [len(smtp_server.to(u.email)) for u in (daily, weekly, silent)] == [2, 1, 0]
    assert "one" not in smtp_server.to(daily.email)[1].text and "two" in smtp_server.to(daily.email)[1].subject
    deliver(app, day + timedelta(days=7))
    assert [len(smtp_server.to(u.email)) for u in (daily, weekly, silent)] == [2, 2, 0]


def test_reminder_log_is_for_admins(app, client, login, runner, smtp_server, make_user, owned_rule):
    owner, admin = make_user("editor"), make_user("admin")
    owned_rule(owner.id, add_months(date(2026, 12, 8), -12), 12, title="印章管理办法")
    assert runner.invoke(args=["reminders", "send", "--today", "2026-12-01"]).exit_code == 0
    login(owner)
    assert client.get("/reviews/log").status_code == 403
    client.post("/auth/logout")
    login(admin)
    page = client.get("/reviews/log").get_data(as_text=True)
    assert owner.email in page and "印章管理办法" in page and "before-7" in page
    assert "not sent" not in page  # the e-mail went out: its time is shown


def test_a_notification_for_the_same_rule_and_reason_replaces_the_older(app, client, login, make_user):
    from registry.notifications.models import Notification

    user = make_user("reader")
    tell(app, user.id, "Review overdue by 9 days")
    deliver(app, date(2026, 12, 1))
    login(user)
    client.post("/notifications/read")
    tell(app, user.id, "Review overdue by 16 days")
    tell(app, user.id, "Another rule's review is overdue", "/rules/GL-2")
    with app.app_context():
        rows = db.session.query(Notification).order_by(Notification.id).all()
        assert [n.subject for n in rows] == ["Review overdue by 16 days", "Another rule's review is overdue"]
        assert rows[0].read_at is None and rows[0].emailed_at is None  # news: unread, e-mailed in its turn
    listing = client.get("/notifications/").get_data(as_text=True)
    assert '<a href="/rules/GL-1">Review overdue by 16 days</a>' in listing and "9 days" not in listing


def test_the_bells_count_is_kept_a_few_seconds_and_forgotten_on_change(app, client, login, make_user, monkeypatch):
    from sqlalchemy import update

    from registry.notifications import services
    from registry.notifications.models import Notification

    user = make_user("reader")
    tell(app, user.id, "第一条通知")
    login(user)
    assert '<span class="count">1</span>' in client.get("/rules").get_data(as_text=True)
    with app.app_context():  # read elsewhere (another node): this process shows its kept count a while
        db.session.execute(update(Notification).values(read_at=utcnow()))
        db.session.commit()
    assert '<span class="count">1</span>' in client.get("/rules").get_data(as_text=True)
    monkeypatch.setattr(services, "BELL_SECONDS", 0.0)  # … for BELL_SECONDS at most
    assert 'class="bell"' in client.get("/rules").get_data(as_text=True)
    monkeypatch.undo()
    tell(app, user.id, "第二条通知")  # made in this process: counted again at once
    assert '<span class="count">1</span>' in client.get("/rules").get_data(as_text=True)
    client.post("/notifications/read", data={})
    assert 'class="bell"' in client.get("/rules").get_data(as_text=True)
