"""Admins search the audit trail by actor, action, rule and date, a page at a time."""

from __future__ import annotations

from datetime import timedelta


def test_admin_audit_filters_and_pages(app, client, login, office):
    from registry.audit.services import record
    from registry.db import db, today
    from registry.rules.services import create_rule

    with app.app_context():
        for n in range(3, 60):
            rule = create_rule(None, code=f"GL-{n:03d}", title="公务用车管理办法")
            record(None, "rule.note", rule, "batch", rule_id=rule.id)
        db.session.commit()
    login(office.admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "entries" in page and "page=2" in page
    by_rule = client.get(f"/admin/audit?rule={office.code}").get_data(as_text=True)
    assert "version.approve" in by_rule and "GL-003" not in by_rule
    assert "No entries match" in client.get("/admin/audit?actor=Nobody").get_data(as_text=True)
    assert "version.approve" in client.get("/admin/audit?action=version.&actor=").get_data(as_text=True)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert "No entries match" in client.get(f"/admin/audit?since={tomorrow}").get_data(as_text=True)
    assert "rule.create" in client.get(f"/admin/audit?until={tomorrow}&since=bad").get_data(as_text=True)
    client.post(f"/proposals/new?code={office.code}", data={"kind": "repeal", "rationale": "过时"})
    assert "proposal.submit" in client.get("/admin/audit?actor=Admin").get_data(as_text=True)
    login(office.approver)
    assert client.get("/admin/audit").status_code == 403
