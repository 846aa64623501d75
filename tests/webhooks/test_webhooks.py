"""Webhooks: events written with the change (never sent inside a request), POSTed signed by
`flask webhooks deliver` to a real receiver on loopback, retried with back-off, logged, sent again."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.db import db
from tests.webhooks.receiver import start_receiver

BODY = "第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"
SECRET = "s3cret-shared-with-the-oa-system"


@pytest.fixture
def receiver():
    state, server = start_receiver()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def admin(client, login, make_user):
    return login(make_user("admin"))


def _register(client, url, events=("version.approved",), hook_format="json", secret=SECRET):
    page = client.post("/admin/webhooks", data={"name": "OA", "url": url, "secret": secret, "events": list(events),
                                                "format": hook_format, "is_active": "y"}, follow_redirects=True)
    assert "Webhook saved" in page.get_data(as_text=True), page.get_data(as_text=True)[:3000]


def _approve(app, code, body=BODY + "第三条 新增。\n", on=date(2026, 12, 1)):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.approve_version(None, services.add_draft_version(None, rule_by_code(code), body), on)
        db.session.commit()


def _deliveries(app):
    from registry.webhooks.models import WebhookDelivery

    with app.app_context():
        return [(d.status, d.attempts, d.response_status, len(d.log), d.id)
                for d in db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))]


def test_signed_event_is_posted_by_the_deliver_command_not_by_the_request(app, client, admin, runner, receiver,
                                                                           make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, receiver.url)
    _approve(app, code)
    assert receiver.received == []  # the change only wrote the outbox
    assert _deliveries(app)[0][:2] == ("pending", 0)
    result = runner.invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0 and "delivered 1" in result.output, result.output
    [item] = receiver.received
    assert receiver.verify(item, SECRET) and not receiver.verify(item, "another-secret-entirely")
    assert item.headers["X-Registry-Event"] == "version.approved"
    payload = item.json
    assert payload["event"] == "version.approved" and payload["rule"]["code"] == code
    assert payload["data"]["version"] == 2 and payload["data"]["effective_on"] == "2026-12-01"
    assert payload["rule"]["url"] == f"http://localhost/rules/{code}"
    assert _deliveries(app)[0][:3] == ("delivered", 1, 200)
    assert runner.invoke(args=["webhooks", "deliver"]).exit_code == 0 and len(receiver.received) == 1  # once only


def test_a_failing_receiver_is_retried_with_back_off_logged_and_can_be_sent_again(app, client, admin, runner, login,
                                                                                  receiver, clock, make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, receiver.url)
    _approve(app, code)
    receiver.answers = [500] * 6
    runner.invoke(args=["webhooks", "deliver"])
    assert _deliveries(app)[0][:4] == ("pending", 1, 500, 1)
    runner.invoke(args=["webhooks", "deliver"])
    assert len(receiver.received) == 1  # not yet due again
    for minutes in (2, 6, 31, 121, 721):  # 1 min, 5 min, 30 min, 2 h, 12 h
        clock.advance(minutes=minutes)
        runner.invoke(args=["webhooks", "deliver"])
    status, attempts, answer, logged, delivery_id = _deliveries(app)[0]
    assert (status, attempts, answer, logged) == ("failed", 6, 500, 6) and len(receiver.received) == 6
    with app.app_context():
        from registry.webhooks.models import Webhook

        hook_id = db.session.scalar(select(Webhook.id))
    login(admin)  # 14 hours later: the idle sign-in has ended
    log_page = client.get(f"/admin/webhooks/log?id={hook_id}").get_data(as_text=True)
    assert "failed" in log_page and "receiver down" in log_page and "Send again" in log_page
    client.post("/admin/webhooks/redeliver", data={"id": delivery_id})
    runner.invoke(args=["webhooks", "deliver"])
    assert _deliveries(app)[0][:3] == ("delivered", 1, 200) and len(receiver.received) == 7
    assert receiver.verify(receiver.received[-1], SECRET)


def test_an_unreachable_receiver_is_logged_without_an_answer(app, client, admin, runner, make_rule):
    from tests.mailserver import free_port

    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, f"http://127.0.0.1:{free_port()}/nobody")
    _approve(app, code)
    result = runner.invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0 and "to retry 1" in result.output
    status, attempts, answer, logged, _id = _deliveries(app)[0]
    assert (status, attempts, answer, logged) == ("pending", 1, None, 1)


def test_chat_robot_formats(app, client, admin, runner, receiver, make_rule):
    code = make_rule(code="办发〔2024〕3号", title="差旅费管理办法", versions=[(BODY, date(2020, 1, 1))])
    for hook_format in ("wecom", "dingtalk", "feishu"):
        _register(client, receiver.url + f"?robot={hook_format}", events=("rule.repealed",), hook_format=hook_format)
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.repeal_rule(None, rule_by_code(code), date(2026, 12, 1), "被新办法替代")
        db.session.commit()
    runner.invoke(args=["webhooks", "deliver"])
    bodies = {item.path.split("robot=")[1].split("&")[0]: item for item in receiver.received}
    assert bodies["wecom"].json["msgtype"] == "markdown" and code in bodies["wecom"].json["markdown"]["content"]
    assert "被新办法替代" in bodies["wecom"].json["markdown"]["content"]
    assert bodies["dingtalk"].json["markdown"]["title"] == "A rule was repealed"
    assert "&timestamp=" in bodies["dingtalk"].path and "&sign=" in bodies["dingtalk"].path
    feishu = bodies["feishu"].json
    assert feishu["msg_type"] == "text" and "差旅费管理办法" in feishu["content"]["text"] and feishu["sign"]


def test_in_force_and_overdue_events_are_told_once(app, client, admin, runner, receiver, clock, make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, receiver.url, events=("version.in_force", "version.approved"))
    _approve(app, code, on=date(2026, 12, 3))
    runner.invoke(args=["webhooks", "deliver"])
    assert [r.json["event"] for r in receiver.received] == ["version.approved"]
    clock.advance(days=2)
    runner.invoke(args=["webhooks", "deliver"])
    runner.invoke(args=["webhooks", "deliver"])
    assert [r.json["event"] for r in receiver.received] == ["version.approved", "version.in_force"]
    assert receiver.received[-1].json["data"]["version"] == 2


def test_a_rolled_back_change_sends_nothing(app, client, admin, receiver, make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, receiver.url)
    from registry.rules import services
    from registry.rules.queries import rule_by_code
    from registry.webhooks.models import WebhookEvent

    with app.app_context():
        services.approve_version(None, services.add_draft_version(None, rule_by_code(code), BODY + "x\n"),
                                 date(2026, 12, 1))
        db.session.flush()
        assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1  # written with the change
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0  # and gone with it


def test_proposals_through_the_api_are_events(app, client, admin, runner, receiver, make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    _register(client, receiver.url, events=("proposal.submitted",))
    made = client.post("/api/v1/proposals", json={"rule": code, "kind": "repeal", "rationale": "已过时"})
    assert made.status_code == 201
    runner.invoke(args=["webhooks", "deliver"])
    [item] = receiver.received
    assert item.json["event"] == "proposal.submitted" and item.json["data"]["proposal_id"] == made.get_json()["id"]


def test_the_form_explains_bad_input(client, admin):
    page = client.post("/admin/webhooks", data={"name": "x", "url": "ftp://example.org", "secret": "short",
                                                "events": ["version.approved"], "format": "json"})
    assert "http:// or https://" in page.get_data(as_text=True)
    page = client.post("/admin/webhooks", data={"name": "x", "url": "http://127.0.0.1:9/", "secret": "short",
                                                "events": ["version.approved"], "format": "json"})
    assert "at least 16 characters" in page.get_data(as_text=True)
    page = client.post("/admin/webhooks", data={"name": "x", "url": "http://127.0.0.1:9/", "secret": SECRET,
                                                "format": "json"})
    assert "field-errors" in page.get_data(as_text=True)


