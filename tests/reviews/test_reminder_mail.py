"""`flask reminders send` against a real SMTP server on loopback: counts, recipients, subjects, links."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.db import db
from registry.reviews.schedule import add_months
from tests.conftest import CALENDAR_EDGES

D = date(2026, 12, 1)  # the run date of these tests


def due_in(days: int, cycle: int = 12) -> date:
    """Return the effective date that makes a rule with `cycle` months fall due `days` after D."""
    return add_months(D + timedelta(days=days), -cycle)


def send(runner, on: date = D, *extra):
    return runner.invoke(args=["reminders", "send", "--today", on.isoformat(), *extra])


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_one_message_per_user_listing_all_items_with_absolute_links(app, runner, smtp_server, make_user,
                                                                     owned_rule):
    alice, bob, carol = make_user("editor"), make_user("editor"), make_user("editor")
    a1 = owned_rule(alice.id, due_in(30), title="差旅费管理办法")
    a2 = owned_rule(alice.id, due_in(7), title="公务接待管理办法")
    a3 = owned_rule(alice.id, due_in(0), title="印章管理办法")
    b1 = owned_rule(bob.id, due_in(-3), title="会议管理办法")
    owned_rule(carol.id, due_in(45))  # not due for a reminder yet

    result = send(runner)
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 2
    (to_alice,), (to_bob,) = smtp_server.to(alice.email), smtp_server.to(bob.email)
    assert smtp_server.to(carol.email) == []
    assert "3 items need your attention" in to_alice.subject
    for code, title in ((a1, "差旅费管理办法"), (a2, "公务接待管理办法"), (a3, "印章管理办法")):
        assert title in to_alice.text
        assert f"https://rules.example.org/rules/{code}" in to_alice.text
        assert f'href="https://rules.example.org/rules/{code}"' in to_alice.html
    assert "due in 30 days" in to_alice.text and "due in 7 days" in to_alice.text and "due today" in to_alice.text
    assert to_bob.subject.endswith("Review overdue by 3 days (due 2026-11-28): " + f"{b1} 会议管理办法")
    assert to_bob.message["From"] == "registry@example.org"
    assert to_bob.message["Message-ID"].endswith("@rules.example.org>")  # the site's domain (BASE_URL)
    from email.utils import parsedate_to_datetime

    from registry.db import utcnow

    sent = parsedate_to_datetime(to_bob.message["Date"])
    assert abs((utcnow() - sent).total_seconds()) < 600  # the registry's clock, with its zone
    assert "https://rules.example.org/notifications/" in to_bob.text


def test_each_user_gets_their_own_language(app, runner, smtp_server, make_user, owned_rule, set_locale):
    english, chinese = make_user("editor"), make_user("editor")
    set_locale(english.id, "en")
    set_locale(chinese.id, "zh_CN")
    owned_rule(english.id, due_in(7))
    owned_rule(chinese.id, due_in(7))
    assert send(runner).exit_code == 0
    (en,), (zh,) = smtp_server.to(english.email), smtp_server.to(chinese.email)
    assert en.message["Content-Language"] == "en" and 'lang="en"' in en.html
    assert zh.message["Content-Language"] == "zh-CN" and 'lang="zh-CN"' in zh.html


def test_running_twice_on_the_same_day_sends_nothing_new(app, runner, smtp_server, make_user, owned_rule):
    from registry.reviews.models import ReminderLog

    user = make_user("editor")
    owned_rule(user.id, due_in(7))
    owned_rule(user.id, due_in(-17))
    assert send(runner).exit_code == 0
    assert send(runner).exit_code == 0
    assert send(runner).exit_code == 0
    assert len(smtp_server.messages) == 1
    assert count(app, ReminderLog) == 2
    next_day = send(runner, D + timedelta(days=1))
    assert next_day.exit_code == 0 and len(smtp_server.messages) == 1  # same stages: nothing new


def test_missed_fortnight_sends_what_is_due_now_once(app, runner, smtp_server, make_user, owned_rule):
    from registry.reviews.models import ReminderLog

    user = make_user("editor")
    code = owned_rule(user.id, due_in(30))
    assert send(runner).exit_code == 0  # D: the 30-day reminder
    # The job does not run for 40 days: the 7-day, due-date and first overdue stages were missed.
    later = D + timedelta(days=40)
    assert send(runner, later).exit_code == 0
    assert send(runner, later).exit_code == 0
    assert len(smtp_server.messages) == 2
    latest = smtp_server.messages[-1]
    assert "overdue by 10 days" in latest.subject and code in latest.subject
    with app.app_context():
        stages = sorted(db.session.scalars(select(ReminderLog.stage)))
    assert stages == ["before-30", "overdue-1"]


def test_escalation_to_the_departments_approver_after_two_weeks(app, runner, smtp_server, make_user,
                                                                 make_department, owned_rule):
    department = make_department()
    other = make_department(code="CWC", name="财务处")
    owner = make_user("editor", department_id=department)
    approver = make_user("approver", department_id=department)
    other_approver = make_user("approver", department_id=other)
    code = owned_rule(owner.id, due_in(-13), department_id=department)
    assert send(runner).exit_code == 0
    assert smtp_server.to(approver.email) == []
    assert send(runner, D + timedelta(days=1)).exit_code == 0  # 14 days overdue
    (escalation,) = smtp_server.to(approver.email)
    assert "Overdue review in your department" in escalation.subject and code in escalation.subject
    assert smtp_server.to(other_approver.email) == []
    assert len(smtp_server.to(owner.email)) == 2  # "due" stage, then the weekly overdue reminder


def test_refused_by_the_server_nothing_is_marked_sent_and_the_next_run_sends(app, runner, smtp_server,
                                                                             make_user, owned_rule):
    from registry.notifications.models import Notification, NotificationEmail

    user = make_user("editor")
    owned_rule(user.id, due_in(7))
    smtp_server.refuse = True
    failed = send(runner)
    assert failed.exit_code != 0
    assert "not sent" in failed.output and "550" in failed.output
    assert smtp_server.messages == [] and count(app, NotificationEmail) == 0
    with app.app_context():
        assert db.session.scalar(select(Notification.emailed_at)) is None
    smtp_server.refuse = False
    again = send(runner)
    assert again.exit_code == 0, again.output
    assert len(smtp_server.to(user.email)) == 1 and count(app, NotificationEmail) == 1
    assert send(runner).exit_code == 0 and len(smtp_server.messages) == 1


def test_server_down_then_up(app, runner, start_smtp, make_user, owned_rule):
    from registry.notifications.models import NotificationEmail

    first, second = make_user("editor"), make_user("editor")
    owned_rule(first.id, due_in(7))
    owned_rule(second.id, due_in(0))
    failed = send(runner)  # nothing listens on the port
    assert failed.exit_code != 0 and "cannot reach the mail server" in failed.output
    assert count(app, NotificationEmail) == 0
    inbox = start_smtp()
    assert send(runner).exit_code == 0
    assert sorted(a for m in inbox.messages for a in m.rcpt_tos) == sorted([first.email, second.email])
    assert send(runner).exit_code == 0 and len(inbox.messages) == 2


def test_dry_run_changes_and_sends_nothing(app, runner, smtp_server, make_user, owned_rule):
    from registry.notifications.models import Notification

    user = make_user("editor")
    owned_rule(user.id, due_in(7))
    result = send(runner, D, "--dry-run")
    assert result.exit_code == 0 and "1 reminder(s) would be given" in result.output and user.email in result.output
    assert smtp_server.messages == [] and count(app, Notification) == 0


def test_revision_tasks_due_are_reminded_by_the_same_machinery(app, runner, smtp_server, make_user, owned_rule):
    from registry.rules.queries import rule_by_code
    from registry.tasks.services import open_revision_task

    owner, drafter = make_user("editor"), make_user("editor")
    code = owned_rule(owner.id, due_in(400))
    with app.app_context():
        from registry.auth.models import User

        open_revision_task(None, rule_by_code(code), db.session.get(User, drafter.id), D + timedelta(days=7),
                           "review")
        db.session.commit()
    assert send(runner).exit_code == 0
    (message,) = smtp_server.messages
    assert message.rcpt_tos == [drafter.email] and "Revision due in 7 days" in message.subject


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_without_a_date_the_run_is_for_today(runner, smtp_server, make_user, owned_rule, today):
    user = make_user("editor")
    owned_rule(user.id, add_months(today + timedelta(days=7), -12), title="差旅费管理办法")
    overdue = owned_rule(user.id, add_months(today - timedelta(days=3), -12), title="会议管理办法")
    assert runner.invoke(args=["reminders", "send"]).exit_code == 0
    (message,) = smtp_server.to(user.email)
    assert "due in 7 days" in message.text
    assert f"Review overdue by 3 days (due {today - timedelta(days=3)}): {overdue}" in message.text
