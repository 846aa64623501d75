"""Recording reviews, setting dates by hand, the basis of a rule, and the review panel on the rule page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registry.db import db, today
from registry.reviews.schedule import add_months
from tests.conftest import CALENDAR_EDGES


@pytest.fixture
def people(make_department, make_user):
    office = make_department()
    return {"office": office, "owner": make_user("editor", department_id=office),
            "approver": make_user("approver", department_id=office),
            "other": make_user("editor", department_id=office), "reader": make_user("reader")}


def status_of(app, code, on=None):
    from registry.reviews.queries import review_status
    from registry.rules.queries import rule_by_code

    with app.app_context():
        return review_status(rule_by_code(code), on or today())


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_owner_records_a_review_that_restarts_the_cycle(app, client, login, people, owned_rule, today):
    code = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    assert status_of(app, code).is_overdue
    login(people["owner"])
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert "Overdue by" in page and f"/reviews/rule/{code}/review" in page and f"/reviews/ics/{code}" in page
    response = client.post(f"/reviews/rule/{code}/review", data={
        "reviewed_on": today.isoformat(), "outcome": "keep", "notes": "仍然适用"})
    assert response.status_code == 302
    status = status_of(app, code)
    assert status.due_on == add_months(today, 12) and not status.is_overdue
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert "kept unchanged" in page and "仍然适用" in page and "Overdue by" not in page
    with app.app_context():
        from registry.audit.models import AuditEntry

        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "review.record"))


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_revise_opens_a_revision_task_for_the_owner(app, client, login, people, owned_rule, today):
    from registry.tasks.models import RevisionTask

    code = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    login(people["approver"])
    missing = client.post(f"/reviews/rule/{code}/review", data={"reviewed_on": today.isoformat(), "outcome": "revise"})
    assert missing.status_code == 200 and "Say by when" in missing.get_data(as_text=True)
    due = today + timedelta(days=60)
    client.post(f"/reviews/rule/{code}/review", data={"reviewed_on": today.isoformat(), "outcome": "revise",
                                                      "revise_by": due.isoformat(), "notes": "按新规定修订"})
    with app.app_context():
        task = db.session.scalar(select(RevisionTask))
        assert (task.assignee_id, task.due_on, task.source) == (people["owner"].id, due, "review")
        assert task.note == "按新规定修订"


def test_repeal_and_merge_outcomes(app, client, login, people, owned_rule, today):
    from registry.notifications.models import Notification
    from registry.rules.queries import rule_by_code

    kept = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    merged = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    repealed = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    login(people["owner"])  # an editor may only recommend the repeal: the approver is told
    client.post(f"/reviews/rule/{repealed}/review", data={"reviewed_on": today.isoformat(), "outcome": "repeal",
                                                          "notes": "已过时"})
    with app.app_context():
        assert rule_by_code(repealed).repealed_on is None
        note = db.session.scalar(select(Notification).where(Notification.kind == "review.repeal_requested"))
        assert note.user_id == people["approver"].id
    login(people["approver"])
    unknown = client.post(f"/reviews/rule/{merged}/review", data={"reviewed_on": today.isoformat(),
                                                                 "outcome": "merge", "merge_into": "NOPE"})
    assert "No rule has the code NOPE" in unknown.get_data(as_text=True)
    client.post(f"/reviews/rule/{merged}/review", data={"reviewed_on": today.isoformat(), "outcome": "merge",
                                                        "merge_into": kept})
    with app.app_context():
        rule = rule_by_code(merged)
        assert rule.repealed_on == today and kept in rule.repeal_reason
    assert status_of(app, merged) is None  # repealed rules have no reviews
    assert client.get(f"/reviews/rule/{merged}/review").status_code == 200
    refused = client.post(f"/reviews/rule/{merged}/review", data={"reviewed_on": today.isoformat(), "outcome": "keep"})
    assert "A repealed rule is not reviewed." in refused.get_data(as_text=True)


def test_who_may_record_and_set_dates(client, login, people, owned_rule, today):
    code = owned_rule(people["owner"].id, add_months(today, -6), 12, people["office"])
    for who in ("reader", "other"):
        login(people[who])
        assert client.post(f"/reviews/rule/{code}/review", data={"reviewed_on": today.isoformat(),
                                                                 "outcome": "keep"}).status_code == 403
        assert client.post(f"/reviews/rule/{code}/due", data={"due_on": "2027-01-01", "reason": "x"}).status_code == 403
    login(people["owner"])
    assert client.post(f"/reviews/rule/{code}/due", data={"due_on": "2027-01-01", "reason": "x"}).status_code == 403
    future = client.post(f"/reviews/rule/{code}/review", data={"reviewed_on": (today + timedelta(days=3)).isoformat(),
                                                               "outcome": "keep"})
    assert "cannot be dated in the future" in future.get_data(as_text=True)


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_approver_sets_the_date_by_hand_with_a_reason(app, client, login, people, owned_rule, today):
    code = owned_rule(people["owner"].id, add_months(today, -6), 12, people["office"])
    login(people["approver"])
    due_on = today + timedelta(days=45)
    no_reason = client.post(f"/reviews/rule/{code}/due", data={"due_on": due_on.isoformat(), "reason": ""})
    assert "Say why" in no_reason.get_data(as_text=True)
    client.post(f"/reviews/rule/{code}/due", data={"due_on": due_on.isoformat(), "reason": "审计整改"})
    status = status_of(app, code)
    assert (status.due_on, status.reason, status.note) == (due_on, "manual", "审计整改")
    assert "审计整改" in client.get(f"/rules/{code}").get_data(as_text=True)
    client.post(f"/reviews/rule/{code}/due", data={"due_on": "", "reason": ""})
    assert status_of(app, code).reason == "cycle"


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_a_new_version_resets_the_clock(app, people, owned_rule, today):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    code = owned_rule(people["owner"].id, add_months(today, -13), 12, people["office"])
    with app.app_context():
        rule = rule_by_code(code)
        version = services.add_draft_version(None, rule, "第一条 新文本。\n")
        services.approve_version(None, version, today - timedelta(days=1))
        db.session.commit()
    assert status_of(app, code).due_on == add_months(today - timedelta(days=1), 12)


def test_basis_changes_make_dependants_due_now_and_tell_owners_why(app, client, login, people, owned_rule, today):
    from registry.notifications.models import Notification
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    national = owned_rule(None, date(2018, 1, 1), 120, people["office"], title="党政机关公文处理工作条例")
    internal = owned_rule(people["owner"].id, today - timedelta(days=30), 36, people["office"])
    other = owned_rule(people["other"].id, today - timedelta(days=30), 36, people["office"])
    login(people["owner"])
    assert client.post(f"/reviews/rule/{internal}/basis", data={"codes": internal}).status_code == 200  # itself
    client.post(f"/reviews/rule/{internal}/basis", data={"codes": national})
    login(people["other"])
    client.post(f"/reviews/rule/{other}/basis", data={"codes": f"{national}，{internal}"})
    page = client.get(f"/rules/{national}").get_data(as_text=True)
    assert internal in page and other in page  # rules resting on it
    login(people["owner"])
    loop = client.post(f"/reviews/rule/{internal}/basis", data={"codes": other}).get_data(as_text=True)
    assert "already rests on this rule" in loop
    assert status_of(app, internal).reason == "cycle"

    with app.app_context():
        version = services.add_draft_version(None, rule_by_code(national), "第一条 修订后的条例。\n")
        services.approve_version(None, version, today)
        db.session.commit()
    for code in (internal, other):
        status = status_of(app, code)
        assert (status.due_on, status.reason) == (today, "basis") and "got version 2" in status.note
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "review.basis_changed")).all()
        assert sorted(n.user_id for n in told) == sorted([people["owner"].id, people["other"].id])
        assert "basis changed" in told[0].subject and "got version 2" in told[0].body

    login(people["owner"])
    client.post(f"/reviews/rule/{internal}/review", data={"reviewed_on": today.isoformat(), "outcome": "keep"})
    assert status_of(app, internal).reason == "cycle"
    with app.app_context():
        services.repeal_rule(None, rule_by_code(internal), today + timedelta(days=10), "被替代")
        db.session.commit()
    status = status_of(app, other)  # the earlier trigger (today) stands; the latest reason is shown
    assert status.due_on == today and "is repealed from" in status.note
