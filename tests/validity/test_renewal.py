"""Renewal by the procedure: a new version of a rule whose kind has a validity period (有效期), published
through its procedure, restarts the period from its effective date; the rule lapses on the right day."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from registry.db import db

KIND = "规范性文件"
V1 = "第一条 为规范公务接待，制定本办法。\n\n第二条 接待对象应当持公函。\n"
V2 = V1 + "\n第三条 本办法有效期五年。\n"


def _user(person):
    from registry.auth.models import User

    return db.session.get(User, person.id)


def _publish_through_procedure(app, clock, office, code, body, published_on, effective_on):
    """Draft `body`, run it through the two-stage procedure (起草, 公布) and publish it on `published_on`."""
    from registry.procedures import services as procedures
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    clock.set(published_on)
    with app.app_context():
        owner, approver = _user(office["owner"]), _user(office["approver"])
        version = services.add_draft_version(owner, rule_by_code(code), body)
        run = procedures.start_run(owner, version)
        procedures.complete_stage(owner, run, opinion="起草说明：依据上位法制定。")
        procedures.complete_stage(approver, run, published_on=published_on, effective_on=effective_on,
                                  interpretation="解读：……")
        db.session.commit()
        return version.number


def _state(app, code, on):
    from registry.rules.queries import rule_by_code
    from registry.rules.status import rule_status, version_in_force

    with app.app_context():
        rule = rule_by_code(code)
        shown = version_in_force(rule, on)
        return rule_status(rule, on), shown.number if shown else None, rule.valid_until


def test_a_new_version_through_the_procedure_restarts_the_validity_period(app, clock, office, client_for, make_user):
    from registry.auth.models import Department
    from registry.procedures.models import Procedure, ProcedureStage
    from registry.procedures.settings import stages_token
    from registry.rules import services

    with app.app_context():
        db.session.add(Procedure(name="规范性文件制定程序", document_type="办发", stages=[
            ProcedureStage(position=1, kind="drafting", name="起草"),
            ProcedureStage(position=2, kind="publication", name="公布", actor="role", actor_role="approver")]))
        rule = services.create_rule(None, code="BGS-010", title="公务接待管理办法", kind=KIND,
                                    owner=_user(office["owner"]), department=db.session.get(Department, office["bgs"]))
        db.session.commit()
        procedure_id, code = db.session.scalar(select(Procedure.id)), rule.code

    # the administrator gives the kind its period: five years
    admin = client_for(make_user("admin", name="Admin"))
    with app.app_context():
        token = stages_token(db.session.get(Procedure, procedure_id))
    settings = {"procedure_id": procedure_id, "kinds": KIND, "stages_token": token, "consultation_min_days": "0",
                "effective_delay_days": "0", "filing_days": "30"}
    saved = admin.post("/procedures/settings",
                       data={**settings, "document_type": "办发", "s1_codes": "", "s2_codes": ""})
    assert saved.status_code == 302
    assert f'name="validity:{KIND}"' in admin.get("/procedures/settings").get_data(as_text=True)
    refused = admin.post("/procedures/settings", data={**settings, f"validity:{KIND}": "五年"},
                         follow_redirects=True).get_data(as_text=True)
    assert "The validity period of 规范性文件 must be a whole number from 1 to 1200." in refused
    assert admin.post("/procedures/settings", data={**settings, f"validity:{KIND}": "60"}).status_code == 302

    # the first text: five years from its effective date
    _publish_through_procedure(app, clock, office, code, V1, date(2026, 3, 20), date(2026, 4, 1))
    end = date(2031, 4, 1)
    assert _state(app, code, end - timedelta(days=1)) == ("in_force", 1, end)
    assert _state(app, code, end) == ("lapsed", None, end)

    # a new version, published a year before the end, restarts the period from its own effective date
    _publish_through_procedure(app, clock, office, code, V2, date(2030, 3, 20), date(2030, 4, 1))
    renewed = date(2035, 4, 1)
    assert _state(app, code, date(2030, 3, 31)) == ("in_force", 1, renewed)  # the old text until the new one
    assert _state(app, code, end) == ("in_force", 2, renewed)  # no lapse on the old end date
    assert _state(app, code, renewed - timedelta(days=1)) == ("in_force", 2, renewed)
    assert _state(app, code, renewed) == ("lapsed", None, renewed)

    clock.set(renewed - timedelta(days=1))
    page = client_for(office["clerk"]).get(f"/rules/{code}").get_data(as_text=True)
    assert 'class="badge in_force"' in page and "it lapses in 1 days unless renewed" in page
    clock.set(renewed)
    page = client_for(office["clerk"]).get(f"/rules/{code}").get_data(as_text=True)
    assert 'class="badge lapsed"' in page and "Lapsed on 2035-04-01" in page

    with app.app_context():
        from registry.audit.models import AuditEntry

        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rule.validity")
                                          .order_by(AuditEntry.id)))
        assert [e.after["valid_until"] for e in entries] == ["2031-04-01", "2035-04-01"]
        assert "Renewed by the new version in force from 2030-04-01 (规范性文件: 60 months)." in entries[1].summary


def test_kinds_without_a_period_and_one_step_approval_leave_the_end_date_alone(app, clock, office, rule_in_force):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    code = rule_in_force(date(2026, 4, 1))
    with app.app_context():
        rule = rule_by_code(code)
        services.set_validity(None, rule, date(2031, 3, 31), "五年")
        services.approve_version(None, services.add_draft_version(None, rule, V2), date(2027, 1, 1))
        db.session.commit()
    assert _state(app, code, date(2031, 3, 31)) == ("lapsed", None, date(2031, 3, 31))
