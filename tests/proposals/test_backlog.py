"""The drafting backlog: each step allowed and refused by role, overdue items, the reminder provider."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.db import db, today
from registry.proposals.models import MissingRule
from registry.proposals.queries import drafting_due_by_user, overdue_drafting
from tests.conftest import CALENDAR_EDGES


def propose(client, login, user, title="公务用车管理办法"):
    login(user)
    data = {"title": title, "need": "目前无章可循", "scope": "机关公务用车"}
    response = client.post("/proposals/backlog/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def step(client, item_id, action, **data):
    return client.post(f"/proposals/backlog/{item_id}", data={"action": action, **data}, follow_redirects=True)


def status(app, item_id):
    with app.app_context():
        return db.session.get(MissingRule, item_id).status


def test_the_whole_workflow_with_roles(app, client, login, office):
    item_id = propose(client, login, office.reader)
    due = (today() + timedelta(days=30)).isoformat()
    for who in ("reader", "owner"):  # not approvers: refused
        login(getattr(office, who))
        step(client, item_id, "accept", drafter_id=office.owner.id, due_on=due)
        assert status(app, item_id) == "proposed"
    login(office.approver)
    assert "Assign a drafter" in step(client, item_id, "accept").get_data(as_text=True)
    step(client, item_id, "accept", drafter_id=office.owner.id, due_on=due)
    assert status(app, item_id) == "accepted"
    login(office.stranger)
    step(client, item_id, "start")
    assert status(app, item_id) == "accepted"  # only the drafter (or an approver) drafts
    login(office.owner)
    step(client, item_id, "start")
    step(client, item_id, "submit")
    assert status(app, item_id) == "in_review"
    step(client, item_id, "enact", rule_code=office.code)
    assert status(app, item_id) == "in_review"  # enacting is an approver's step
    login(office.approver)
    assert "No rule has the code" in step(client, item_id, "enact", rule_code="NOPE").get_data(as_text=True)
    step(client, item_id, "enact", rule_code=office.code)
    assert status(app, item_id) == "enacted"
    with app.app_context():
        assert db.session.get(MissingRule, item_id).rule.code == office.code
    page = client.get(f"/proposals/backlog/{item_id}").get_data(as_text=True)
    assert office.code in page


def test_decline_needs_a_reason_and_a_stale_step_is_refused(app, client, login, office):
    item_id = propose(client, login, office.reader)
    login(office.approver)
    step(client, item_id, "decline")
    assert status(app, item_id) == "proposed"
    html = step(client, item_id, "decline", reason="已有规定覆盖", row_version=0).get_data(as_text=True)
    assert "changed by someone else" in html and status(app, item_id) == "proposed"
    step(client, item_id, "decline", reason="已有规定覆盖")
    assert status(app, item_id) == "declined"
    step(client, item_id, "accept", drafter_id=office.owner.id, due_on="2030-01-01")
    assert status(app, item_id) == "declined"


@pytest.fixture
def drafting(app, office):
    from registry.auth.models import User
    from registry.proposals.backlog import advance, propose_missing_rule

    with app.app_context():
        approver, owner = db.session.get(User, office.approver.id), db.session.get(User, office.owner.id)
        on = today()
        for title, due in (("逾期的办法", on - timedelta(days=3)), ("本周到期", on + timedelta(days=5)),
                           ("下季度", on + timedelta(days=90))):
            item = propose_missing_rule(approver, title=title, need="需要")
            advance(approver, item, "accept", drafter=owner, due_on=max(due, on))
            item.due_on = due  # a due date in the past is refused; this one has passed since it was set
        db.session.commit()
    return office


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_overdue_drafting_is_on_the_dashboard_and_in_the_reminder_provider(app, client, login, drafting):
    with app.app_context():
        assert [i.title for i in overdue_drafting(today())] == ["逾期的办法"]
        due = drafting_due_by_user(today(), within_days=7)
        assert {u.id: [i.title for i in items] for u, items in due.items()} == {
            drafting.owner.id: ["逾期的办法", "本周到期"]}
    login(drafting.owner)
    html = client.get("/proposals/").get_data(as_text=True)
    assert "Overdue drafting" in html and "逾期的办法" in html


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_the_reminder_provider_plugs_into_the_reviews_machinery(app, drafting):
    from registry.proposals.reminders import DraftingDue

    with app.app_context():
        provider = DraftingDue()
        items = list(provider.items(today()))
        assert [i.title for i in items] == ["逾期的办法", "本周到期", "下季度"]
        assert items[0].recipients[0].id == drafting.owner.id and items[0].escalate_to[0].id == drafting.approver.id
        subject, _body = provider.describe(items[0], "overdue", today(), False)
        assert "逾期的办法" in subject


def test_cli_lists_what_is_due(runner, drafting):
    result = runner.invoke(args=["proposals", "due", "--within", "7"])
    assert result.exit_code == 0, result.output
    assert "OVERDUE 逾期的办法" in result.output and "下季度" not in result.output
    assert "2 item(s) for 1 drafter(s)." in result.output
    assert runner.invoke(args=["proposals", "campaigns"]).exit_code == 0


def test_only_an_approver_sends_an_item_back_to_drafting(app, client, login, drafting):
    with app.app_context():
        item_id = db.session.scalar(select(MissingRule.id).where(MissingRule.title == "本周到期"))
    login(drafting.owner)
    step(client, item_id, "start")
    step(client, item_id, "submit")
    step(client, item_id, "return")
    assert status(app, item_id) == "in_review"  # the drafter cannot send their own work back
    login(drafting.approver)
    step(client, item_id, "return")
    assert status(app, item_id) == "drafting"
