"""Dates that make no sense are refused with a reason and keep what was typed; statuses in flash messages
are words of the reader's language, never internal values."""

from __future__ import annotations

from datetime import timedelta

from registry.db import today
from tests.proposals.test_backlog import propose, status, step


def test_a_campaign_deadline_in_the_past_is_refused_and_a_bad_one_kept_as_typed(client, login, office):
    login(office.admin)
    yesterday = (today() - timedelta(days=1)).isoformat()
    html = client.post("/proposals/campaigns/new", data={"title": "梳理", "deadline_on": yesterday},
                       follow_redirects=True).get_data(as_text=True)
    assert f"The deadline {yesterday} has passed already" in html
    html = client.post("/proposals/campaigns/new", data={"title": "梳理", "deadline_on": "2026-02-30"},
                       follow_redirects=True).get_data(as_text=True)
    assert "“2026-02-30” is not a valid date" in html and 'value="2026-02-30"' in html
    assert "Enter a valid date" not in html  # one message, not two
    later = today() + timedelta(days=40)
    response = client.post("/proposals/campaigns/new",
                           data={"title": "梳理", "deadline_on": f"{later.year}年{later.month}月{later.day}日"})
    assert response.status_code == 302  # the Chinese way of writing a date is read as well


def test_a_drafting_due_date_in_the_past_is_refused_in_chinese(app, client, login, office, make_user):
    item_id = propose(client, login, office.reader)
    login(make_user("approver", locale="zh_CN"))
    yesterday = (today() - timedelta(days=1)).isoformat()
    html = step(client, item_id, "accept", drafter_id=office.owner.id, due_on=yesterday).get_data(as_text=True)
    assert f"截止日期 {yesterday} 已经过去" in html and status(app, item_id) == "proposed"
    html = step(client, item_id, "accept", drafter_id=office.owner.id,
                due_on=(today() + timedelta(days=9)).isoformat()).get_data(as_text=True)
    assert status(app, item_id) == "accepted"
    assert "事项状态已更新为 已采纳。" in html
    html = step(client, item_id, "accept", drafter_id=office.owner.id,
                due_on=(today() + timedelta(days=9)).isoformat()).get_data(as_text=True)
    assert "此事项当前状态为 已采纳，现在不能执行该操作。" in html  # the status in words, not "accepted"


def test_the_date_fields_show_the_format_of_the_interface_language(client, login, office, make_user):
    login(office.admin)
    english = client.get("/proposals/campaigns/new").get_data(as_text=True)
    assert 'placeholder="YYYY-MM-DD"' in english and 'type="date"' not in english
    login(make_user("admin", locale="zh_CN"))
    assert 'placeholder="年-月-日"' in client.get("/proposals/campaigns/new").get_data(as_text=True)


def test_a_notification_speaks_the_recipients_language_whoever_acted(app, client, login, office, make_user):
    from sqlalchemy import select

    from registry.db import db
    from registry.notifications.models import Notification

    proposer = make_user("reader", locale="zh_CN")
    item_id = propose(client, login, proposer, title="印章管理办法")
    login(make_user("approver", locale="en"))
    html = step(client, item_id, "decline", reason="已有规定覆盖").get_data(as_text=True)
    assert "Item is now declined." in html  # the actor reads English
    with app.app_context():
        subjects = db.session.scalars(select(Notification.subject).where(Notification.user_id == proposer.id)).all()
    assert subjects == ["拟制定制度“印章管理办法”：不予制定"]
