"""The demo sends real reminders: basis links, rules overdue and due soon, owners with e-mail addresses."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from registry.db import db, today
from registry.reviews.schedule import add_months


def test_fresh_demo_has_overdue_and_due_soon_reviews_and_reminders_go_out(app, runner, smtp_server):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    from registry.demo.data import USERS
    from registry.reviews.models import RuleBasis
    from registry.reviews.queries import review_statuses

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RuleBasis)) >= 5
        statuses = review_statuses(today())
        assert sum(s.is_overdue for s in statuses) >= 3
        assert sum(0 <= s.days_left <= 30 for s in statuses) >= 3
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    recipients = {a for m in smtp_server.messages for a in m.rcpt_tos}
    assert len(recipients) >= 3 and recipients <= {u["email"] for u in USERS}
    assert len(smtp_server.messages) == len(recipients)


def test_demo_loaded_long_after_its_dates_still_gets_rules_due_soon(app, make_user, owned_rule, today):
    from registry.reviews.demo import load_demo_reviews
    from registry.reviews.queries import review_statuses
    from registry.rules.queries import rule_by_code

    owner = make_user("editor")
    codes = [owned_rule(owner.id, add_months(today, -months), 24) for months in (60, 50, 40, 30, 28, 26, 2)]
    with app.app_context():
        rules = {code: rule_by_code(code) for code in codes}
        specs = [{"code": codes[6], "basis": [codes[5]]}, {"code": codes[5], "basis": ["EXTERNAL-1"]}]
        load_demo_reviews(specs, rules, today)
        db.session.commit()
        statuses = review_statuses(today)
        due_soon = sorted(s.days_left for s in statuses if 0 <= s.days_left <= 30)
        assert due_soon == [5, 12, 25]
        assert sum(s.is_overdue for s in statuses) == 3  # the most overdue stay overdue
        from registry.reviews.queries import basis_of

        assert [r.code for r in basis_of(rules[codes[6]])] == [codes[5]]
    assert today + timedelta(days=5) in {s.due_on for s in statuses}
