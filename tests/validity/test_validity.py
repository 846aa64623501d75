"""Validity periods (有效期): a rule lapses (失效) on its end date unless renewed; its evaluation (后评估) is
asked for through the reminder machinery (real SMTP on loopback), once per stage."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from registry.db import db

END = date(2031, 3, 31)


def _set_end(app, code, until, reason="规范性文件有效期五年"):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():
        services.set_validity(None, rule_by_code(code), until, reason)
        db.session.commit()


def _status(app, code, on):
    from registry.rules.models import Rule
    from registry.rules.queries import rule_by_code
    from registry.rules.status import rule_status, status_expression, version_in_force

    with app.app_context():
        rule = rule_by_code(code)
        in_sql = db.session.execute(select(status_expression(on)).where(Rule.id == rule.id)).scalar_one()
        assert in_sql == rule_status(rule, on), "the SQL status and the Python status agree"
        return in_sql, version_in_force(rule, on) is not None


def test_a_rule_lapses_on_its_end_date_and_not_the_day_before(app, clock, office, rule_in_force, client_for):
    code = rule_in_force(date(2026, 4, 1))
    _set_end(app, code, END)
    assert _status(app, code, END - timedelta(days=1)) == ("in_force", True)
    assert _status(app, code, END) == ("lapsed", False)

    clock.set(END - timedelta(days=1))
    reader = client_for(office["clerk"])
    page = reader.get(f"/rules/{code}").get_data(as_text=True)
    assert 'class="badge in_force"' in page and "it lapses in 1 days unless renewed" in page
    assert reader.get("/api/v1/rules/" + code).get_json()["status"] == "in_force"
    assert code in reader.get("/rules").get_data(as_text=True)

    clock.set(END)
    reader = client_for(office["clerk"])  # a new session: five years passed
    page = reader.get(f"/rules/{code}").get_data(as_text=True)
    assert 'class="badge lapsed"' in page and "Lapsed on 2031-03-31" in page
    assert "No version is in force today" in page
    assert "<strong>lapsed on 2031-03-31</strong>" in page  # the history names the text that lapsed
    detail = reader.get("/api/v1/rules/" + code).get_json()
    assert (detail["status"], detail["valid_until"]) == ("lapsed", "2031-03-31")
    assert code not in reader.get("/rules").get_data(as_text=True)  # left out like repealed rules …
    assert code in reader.get("/rules?repealed=1").get_data(as_text=True)  # … unless asked for
    assert code in reader.get("/rules?status=lapsed").get_data(as_text=True)


def test_the_status_label_is_chinese(app):
    from registry.i18n import speaking
    from registry.labels import label

    with app.test_request_context(), speaking("zh_CN"):
        assert label("lapsed", "rule_status") == "已失效"
    with app.test_request_context(), speaking("en"):
        assert label("lapsed", "rule_status") == "Lapsed"


def test_the_export_heading_says_when_it_lapses(app, office, rule_in_force):
    from registry.io.exports import rule_heading
    from registry.rules.queries import rule_by_code

    code = rule_in_force(date(2026, 4, 1))
    _set_end(app, code, END)
    with app.test_request_context():
        rule = rule_by_code(code)
        _, before, _ = rule_heading(rule, rule.versions[-1], None, END - timedelta(days=1))
        _, after, _ = rule_heading(rule, rule.versions[-1], None, END)
    assert ("有效期至", "2031年3月31日") in before
    assert ("失效日期", "2031年3月31日") in after


def test_the_evaluation_is_asked_for_once_per_stage_months_before_the_end(app, runner, smtp_server, office,
                                                                         rule_in_force):
    code = rule_in_force(date(2026, 4, 1))
    _set_end(app, code, END)  # evaluation due six months before: 2030-09-30

    def send(on):
        result = runner.invoke(args=["reminders", "send", "--today", on.isoformat()])
        assert result.exit_code == 0, result.output

    from registry.rules.queries import rule_by_code

    with app.app_context():  # its review falls due in ten years, so the evaluation comes alone
        rule_by_code(code).review_cycle_months = 120
        db.session.commit()

    def asked():
        return smtp_server.messages

    send(date(2030, 8, 1))  # more than 30 days before the evaluation is due: nothing yet
    assert asked() == []
    for _ in range(3):
        send(date(2030, 9, 1))
    (first,) = asked()
    assert first.rcpt_tos == [office["owner"].email]
    assert "Evaluate due in 29 days" in first.subject and code in first.subject
    assert "lapses on 2031-03-31 unless renewed" in first.text
    assert f"https://rules.example.org/rules/{code}" in first.text
    send(date(2030, 9, 2))  # the same stage the next day: nothing new
    assert len(asked()) == 1

    _set_end(app, code, date(2036, 3, 31), "后评估结论：继续有效")  # renewed: no reminder for the old end date
    send(date(2030, 9, 23))
    assert len(asked()) == 1
    _set_end(app, code, END, "撤回延续")
    send(END)  # nor once the rule is lapsed
    assert len(asked()) == 1


def test_the_owner_renews_with_the_form_and_it_is_audited(app, clock, office, rule_in_force, client_for):
    from registry.audit.models import AuditEntry

    code = rule_in_force(date(2026, 4, 1))
    _set_end(app, code, END)
    clock.set(END)
    owner = client_for(office["owner"])
    assert "Validity period" in owner.get(f"/rules/{code}").get_data(as_text=True)
    assert owner.get(f"/rules/{code}/validity").status_code == 200

    empty = owner.post(f"/rules/{code}/validity", data={"valid_until": "2036-03-31", "reason": ""})
    assert empty.status_code == 200 and "This field is required." in empty.get_data(as_text=True)
    early = owner.post(f"/rules/{code}/validity", data={"valid_until": "2026-01-01", "reason": "评估"})
    assert early.status_code == 200
    assert "validity ends after it came into force (2026-04-01)" in early.get_data(as_text=True)
    bad = owner.post(f"/rules/{code}/validity", data={"valid_until": "2036-02-30", "reason": "评估"})
    assert bad.status_code == 200 and _status(app, code, END)[0] == "lapsed"

    done = owner.post(f"/rules/{code}/validity", data={"valid_until": "2036-03-31", "reason": "后评估：继续有效"},
                      follow_redirects=True)
    assert "Validity period of BGS-001 saved." in done.get_data(as_text=True)
    assert _status(app, code, END) == ("in_force", True)
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rule.validity")
                                   .order_by(AuditEntry.id.desc())).first()
        assert (entry.before, entry.after, entry.summary) == (
            {"valid_until": "2031-03-31"}, {"valid_until": "2036-03-31"}, "后评估：继续有效")
        assert entry.actor_id == office["owner"].id

    clerk = client_for(office["clerk"])
    assert "Validity period" not in clerk.get(f"/rules/{code}").get_data(as_text=True)
    assert clerk.post(f"/rules/{code}/validity", data={"valid_until": "", "reason": "x"}).status_code == 403
