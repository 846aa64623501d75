"""Stragglers are reminded through `flask reminders send` (real SMTP on loopback), exactly once per stage;
followers hear of new versions, repeal and proposed changes in-app and by e-mail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from registry.db import db
from tests.acknowledgements.conftest import TEXT_V2


def _ask(app, code, due_on, **choices):
    from registry.acknowledgements import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        rule = rule_by_code(code)
        services.request_acknowledgement(None, rule.versions[-1], department_ids=choices.get("departments", []),
                                         roles=choices.get("roles", []), everyone=choices.get("everyone", False),
                                         due_on=due_on)
        db.session.commit()


def send(runner, on):
    result = runner.invoke(args=["reminders", "send", "--today", on.isoformat()])
    assert result.exit_code == 0, result.output
    return result


def test_stragglers_are_reminded_once_and_the_owner_hears_when_long_overdue(app, runner, smtp_server, office,
                                                                             rule_in_force, client_for, today):
    code = rule_in_force(today)
    _ask(app, code, today + timedelta(days=7), departments=[office["bgs"]])
    client_for(office["approver"]).post(f"/acknowledgements/rules/{code}/confirm")
    client_for(office["owner"]).post(f"/acknowledgements/rules/{code}/confirm")

    for _ in range(3):
        send(runner, today)
    (reminder,) = smtp_server.messages  # only the clerk has not confirmed
    assert reminder.rcpt_tos == [office["clerk"].email]
    assert "Read and confirm due in 7 days" in reminder.subject and code in reminder.subject
    assert f"https://rules.example.org/rules/{code}#acknowledge" in reminder.text
    send(runner, today + timedelta(days=1))  # same stage the next day: nothing new
    assert len(smtp_server.messages) == 1

    overdue = today + timedelta(days=7 + 14)  # two weeks late: the clerk again, and the owner once
    send(runner, overdue)
    send(runner, overdue)
    assert len(smtp_server.to(office["clerk"].email)) == 2
    (escalation,) = smtp_server.to(office["owner"].email)
    assert "Staff have not confirmed reading" in escalation.subject and code in escalation.subject


def test_nobody_is_reminded_once_everyone_confirmed(app, runner, smtp_server, office, rule_in_force, client_for,
                                                    today):
    code = rule_in_force(today)
    _ask(app, code, today, roles=["approver"])
    client_for(office["approver"]).post(f"/acknowledgements/rules/{code}/confirm")
    send(runner, today + timedelta(days=30))
    assert smtp_server.messages == []


def test_followers_hear_of_new_versions_repeal_and_proposed_changes(app, runner, smtp_server, office,
                                                                     rule_in_force, client_for, today):
    from registry.notifications.models import Notification
    from registry.proposals import services as proposals
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    code = rule_in_force(today - timedelta(days=30))
    accountant = client_for(office["accountant"])
    response = accountant.post(f"/acknowledgements/rules/{code}/follow", follow_redirects=True)
    assert "You follow 公务接待管理办法" in response.get_data(as_text=True)
    assert "Stop following" in accountant.get(f"/rules/{code}").get_data(as_text=True)
    accountant.post(f"/acknowledgements/rules/{code}/follow")  # twice is once
    client_for(office["loner"]).post(f"/acknowledgements/rules/{code}/follow")
    client_for(office["loner"]).post(f"/acknowledgements/rules/{code}/unfollow")

    with app.app_context():
        from registry.auth.models import User

        rule = rule_by_code(code)
        clerk = db.session.get(User, office["clerk"].id)
        proposals.submit_proposal(clerk, rule, "revision", "登记时限需要明确", body=TEXT_V2)
        version = services.add_draft_version(None, rule, TEXT_V2)
        services.approve_version(None, version, today, substantive=True)
        services.repeal_rule(None, rule, today + timedelta(days=5), "并入新办法")
        db.session.commit()
        kinds = sorted(db.session.scalars(select(Notification.kind).where(
            Notification.user_id == office["accountant"].id)))
        assert kinds == ["follow.proposal", "follow.repealed", "follow.version"]
        assert db.session.scalars(select(Notification).where(Notification.user_id == office["loner"].id)).all() == []
    send(runner, today)
    (mail,) = smtp_server.to(office["accountant"].email)
    assert "New version of 公务接待管理办法" in mail.text and "公务接待管理办法 is repealed" in mail.text
    assert "A change to 公务接待管理办法 is proposed" in mail.text
