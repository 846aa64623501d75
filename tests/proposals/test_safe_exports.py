"""The 新旧对照 CSV and the campaign CSV/XLSX neutralise text that a spreadsheet would run as a formula."""

from __future__ import annotations

from datetime import date

from registry.db import db
from registry.rules.queries import rule_by_code
from tests.io.test_spreadsheets import assert_no_live_formula, csv_cells, xlsx_cells
from tests.proposals.conftest import BODY_V1

EVIL = '=HYPERLINK("http://evil.example","click")'


def test_the_comparison_csv_is_safe(app, client, login, office):
    from registry.rules import services

    with app.app_context():
        rule = rule_by_code(office.code)
        body = BODY_V1 + "\n第四条 @SUM(1+1) 之类的文字。\n"
        v2 = services.add_draft_version(None, rule, body, f"第四条：{EVIL}")
        services.approve_version(None, v2, date(2025, 1, 1))
        db.session.commit()
    login(office.reader)
    rows = csv_cells(client.get(f"/proposals/compare.csv?code={office.code}&a=1&b=2").data)
    assert any(row[-1] == "'" + EVIL for row in rows), rows
    assert_no_live_formula(value for row in rows for value in row)


def test_the_campaign_exports_are_safe(app, client, login, office):
    login(office.admin)
    response = client.post("/proposals/campaigns/new", data={"title": "@SUM(A1)", "deadline_on": "2030-01-01"})
    url = response.headers["Location"]
    with app.app_context():
        from sqlalchemy import select

        from registry.proposals.models import CampaignItem

        item = db.session.scalar(select(CampaignItem).join(CampaignItem.rule).where(
            CampaignItem.rule.has(code=office.code)))
        item_id = item.id
    login(office.owner)
    client.post(f"{url}/items/{item_id}", data={"disposition": "keep", "note": EVIL})
    rows = csv_cells(client.get(f"{url}/export.csv").data)
    assert "'" + EVIL in [value for row in rows for value in row]
    assert_no_live_formula(value for row in rows for value in row)
    data = client.get(f"{url}/export.xlsx").data
    decisions, progress = xlsx_cells(data, "Decisions"), xlsx_cells(data, "Progress")
    assert EVIL in [c.value for c in decisions] and "@SUM(A1)" in [c.value for c in progress]
    assert_no_live_formula(decisions + progress)
