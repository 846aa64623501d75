"""Clocks of the procedure: working days by the official calendar, reminders and escalation sent once over SMTP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.db import db
from registry.procedures.workdays import add_days, calendar_known, days_between, is_working_day


def test_working_days_follow_the_official_calendar():
    assert is_working_day(date(2026, 9, 20))  # a Sunday worked in exchange for the National Day holiday
    assert is_working_day(date(2026, 10, 10))  # a Saturday worked likewise
    assert not is_working_day(date(2026, 9, 25))  # 中秋节, a Friday
    assert not is_working_day(date(2026, 10, 5))  # 国庆节, a Monday
    assert add_days(date(2026, 9, 19), 1, True) == date(2026, 9, 20)
    # 15 working days from 21 September cross the month end, 中秋, 国庆 and the worked Saturday 10 October
    assert add_days(date(2026, 9, 21), 15, True) == date(2026, 10, 19)
    assert add_days(date(2026, 9, 21), 15, False) == date(2026, 10, 6)
    assert days_between(date(2026, 9, 30), date(2026, 10, 8), True) == 1
    assert add_days(date(2026, 1, 30), 2, False) == date(2026, 2, 1)


def test_a_year_without_published_calendar_counts_monday_to_friday():
    assert not calendar_known(date(2099, 1, 1))
    assert add_days(date(2099, 1, 2), 1, True) == date(2099, 1, 5)  # a Friday → the Monday


def _at_legal_review(app, office, code, started_on):
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        version = rule_by_code(code).versions[-1]
        from registry.auth.models import User

        run = services.start_run(db.session.get(User, office.drafter.id), version)
        run.position = run.procedure.stage_of_kind("legal_review").position
        run.stage_started_on = started_on
        db.session.commit()
        return run.id


def _send(runner, on: str):
    result = runner.invoke(args=["reminders", "send", "--today", on])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_legal_review_clock_reminds_once_then_escalates_over_smtp(app, runner, office, drafted, smtp_server,
                                                                       clock, set_locale):
    from registry.procedures.clocks import due_on
    from registry.procedures.models import ProcedureRun

    clock.set("2026-09-21")
    set_locale(office.legal.id, "zh_CN")
    run_id = _at_legal_review(app, office, drafted("行政规范性文件", code="BG-900"), date(2026, 9, 21))
    with app.app_context():
        assert due_on(db.session.get(ProcedureRun, run_id)) == date(2026, 10, 19)

    clock.set("2026-10-12")
    _send(runner, "2026-10-12")  # 7 days before: the legal unit is reminded, in Chinese
    (mail,) = smtp_server.to(office.legal.email)
    assert "合法性审核" in mail.text and "BG-900" in mail.text
    assert mail.message["Content-Language"] == "zh-CN"
    assert "https://rules.example.org/procedures/rules/BG-900/v/1" in mail.text
    count = len(smtp_server.messages)
    _send(runner, "2026-10-12")
    _send(runner, "2026-10-13")
    assert len(smtp_server.messages) == count  # once

    clock.set("2026-11-02")
    _send(runner, "2026-11-02")  # 14 days overdue: the drafting department's approver hears of it
    def escalations():
        return [m for m in smtp_server.to(office.approver.email) if "Overdue procedure stage" in m.text]

    (escalation,) = escalations()
    assert "BG-900" in escalation.text and "overdue by 14 days" in escalation.text
    assert "· Legal review" in escalation.text and "合法性审核" not in escalation.text  # the approver reads English
    assert len(smtp_server.to(office.legal.email)) == 2
    _send(runner, "2026-11-02")
    assert len(escalations()) == 1


def test_arrival_is_notified_in_app_and_by_mail(app, runner, office, drafted, smtp_server, set_locale, client,
                                                login):
    from registry.auth.models import User
    from registry.notifications.models import Notification
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    code = drafted("内部管理制度")
    with app.app_context():
        run = services.start_run(db.session.get(User, office.drafter.id), rule_by_code(code).versions[-1])
        services.complete_stage(db.session.get(User, office.drafter.id), run, opinion="起草说明")
        db.session.commit()
        arrived = db.session.scalars(select(Notification).where(Notification.kind == "procedure.arrived")).all()
        told = {n.user_id for n in arrived}
    assert office.approver.id in told and office.reader.id not in told
    _send(runner, "2026-12-01")
    (mail,) = smtp_server.to(office.approver.email)
    assert "Waiting for you: Decision of 公务接待管理办法" in mail.text  # the stage in the approver's English
    assert "审议决定" not in mail.text
    set_locale(office.approver.id, "zh_CN")  # the procedure's page, in each language
    login(office.approver)
    page = client.get(f"/procedures/rules/{code}/v/1").get_data(as_text=True)
    assert '<dd id="current-stage">审议决定</dd>' in page
    set_locale(office.approver.id, "en")
    client.get("/auth/lang/en")
    page = client.get(f"/procedures/rules/{code}/v/1").get_data(as_text=True)
    assert '<dd id="current-stage">Decision</dd>' in page and "审议决定" not in page


@pytest.mark.parametrize("clock", ["2026-12-31"], indirect=True)
def test_consultation_of_a_regulation_crosses_the_year_end(app, office, drafted, clock):
    from registry.auth.models import User
    from registry.procedures import services
    from registry.rules.queries import rule_by_code

    code = drafted("规章")
    with app.app_context():
        drafter = db.session.get(User, office.drafter.id)
        run = services.start_run(drafter, rule_by_code(code).versions[-1])
        services.complete_stage(drafter, run, opinion="起草说明")
        with pytest.raises(services.ProcedureError, match="at least 30 days: end it on 2027-01-30"):
            services.open_consultation(drafter, run, date(2027, 1, 29))
        services.open_consultation(drafter, run, date(2027, 1, 30))
