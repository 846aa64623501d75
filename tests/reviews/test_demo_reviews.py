"""The demo sends real reminders: basis links, rules overdue and due soon, owners with e-mail addresses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.db import db


@pytest.mark.parametrize("on", [None, date.today() + timedelta(days=400)])
def test_demo_has_overdue_and_due_soon_reviews_and_reminders_go_out(app, runner, smtp_server, on, monkeypatch):
    if on is not None:  # loaded long after the demo content was dated: due-soon rules are made
        monkeypatch.setattr("registry.demo.services.today", lambda: on)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    run_on = on or date.today()
    from registry.reviews.models import RuleBasis
    from registry.reviews.queries import review_statuses

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RuleBasis)) >= 5
        statuses = review_statuses(run_on)
        assert sum(s.is_overdue for s in statuses) >= 3
        assert sum(0 <= s.days_left <= 30 for s in statuses) >= 3
    result = runner.invoke(args=["reminders", "send", "--today", run_on.isoformat()])
    assert result.exit_code == 0, result.output
    recipients = {a for m in smtp_server.messages for a in m.rcpt_tos}
    from registry.demo.data import USERS

    assert len(recipients) >= 3 and recipients <= {u["email"] for u in USERS}
    assert len(smtp_server.messages) == len(recipients)
