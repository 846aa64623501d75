"""Inventory campaigns: scope, dispositions by owners, figures per department, close and freeze, exports."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from registry.db import db, today
from registry.proposals.models import Campaign, CampaignItem
from registry.tasks.models import RevisionTask
from tests.conftest import CALENDAR_EDGES


def open_campaign(client, login, office, **scope):
    login(office.admin)
    deadline = (today() + timedelta(days=30)).isoformat()
    response = client.post("/proposals/campaigns/new",
                           data={"title": "2026年制度梳理", "deadline_on": deadline, **scope})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def items(app, campaign_id):
    with app.app_context():
        rows = db.session.scalars(select(CampaignItem).where(CampaignItem.campaign_id == campaign_id)).all()
        return {row.rule.code: row.id for row in rows}


def test_only_admins_open_and_close(app, client, login, office):
    login(office.approver)
    assert client.get("/proposals/campaigns/new").status_code == 403
    campaign_id = open_campaign(client, login, office)
    login(office.approver)
    assert client.post(f"/proposals/campaigns/{campaign_id}/close").status_code == 403


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_scope_by_department(app, client, login, office, make_rule):
    make_rule(code="GL-009", versions=[("第一条 废止。\n", date(2020, 1, 1))], repealed_on=date(2024, 1, 1))
    campaign_id = open_campaign(client, login, office, department_ids=[office.office_id])
    assert set(items(app, campaign_id)) == {office.code}
    everything = open_campaign(client, login, office)
    assert set(items(app, everything)) == {office.code, "GL-002"}  # repealed rules are out of scope


@pytest.mark.parametrize("clock", CALENDAR_EDGES, indirect=True)
def test_dispositions_figures_tasks_and_freezing(app, client, login, office):
    campaign_id = open_campaign(client, login, office)
    ids = items(app, campaign_id)
    url = f"/proposals/campaigns/{campaign_id}"
    login(office.stranger)  # 财务处 editor: may decide GL-002 only
    client.post(f"{url}/items/{ids[office.code]}", data={"disposition": "keep"})
    client.post(f"{url}/items/{ids['GL-002']}", data={"disposition": "merge", "merge_into": office.code})
    missing = {"title": "财务报销细则", "need": "报销标准不统一", "department_id": office.other_id}
    client.post(f"{url}/missing", data=missing)
    with app.app_context():
        from registry.proposals.queries import campaign_figures

        figures = campaign_figures(db.session.get(Campaign, campaign_id))
    assert (figures["total"], figures["done"], figures["percent"], figures["missing"]) == (2, 1, 50, 1)
    assert {d["name"]: d["percent"] for d in figures["departments"]} == {"办公室": 0, "财务处": 100}
    assert figures["dispositions"] == {"merge": 1}
    chart = client.get(url).get_data(as_text=True)  # the one chart helper draws the progress per department
    assert "<title>办公室: 0% (0/1)</title>" in chart and "<title>财务处: 100% (1/1)</title>" in chart
    assert chart.count('class="bar done"') == 1
    login(office.owner)
    due_on = today() + timedelta(days=90)
    client.post(f"{url}/items/{ids[office.code]}", data={"disposition": "revision", "due_on": due_on.isoformat(),
                                                          "note": "按新规定修订"})
    with app.app_context():
        (task,) = db.session.scalars(select(RevisionTask)).all()
        assert (task.source, task.assignee_id, task.due_on) == ("campaign", office.owner.id, due_on)
    client.post(f"{url}/items/{ids[office.code]}", data={"disposition": "keep"})  # a change of mind …
    with app.app_context():
        assert db.session.get(RevisionTask, task.id).status == "cancelled"  # … cancels the task
    client.post(f"{url}/items/{ids[office.code]}", data={"disposition": "revision", "due_on": due_on.isoformat()})
    page = client.get(url).get_data(as_text=True)
    assert "<svg" in page and "100%" in page and "2 of 2 rules decided (100%)" in page
    login(office.admin)
    client.post(f"{url}/close")
    login(office.owner)
    client.post(f"{url}/items/{ids[office.code]}", data={"disposition": "keep"})
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        assert campaign.status == "closed" and campaign.closed_by_id == office.admin.id
        assert db.session.get(CampaignItem, ids[office.code]).disposition == "revision"  # frozen
        assert campaign.result["done"] == 2
    book = load_workbook(io.BytesIO(client.get(f"{url}/export.xlsx").data))
    decisions = list(book["Decisions"].iter_rows(values_only=True))
    assert decisions[0][:4] == ("Code", "Title", "Department", "Decision")
    assert {row[0]: row[3] for row in decisions[1:]} == {office.code: "Revision", "GL-002": "Merge"}
    client.get("/auth/lang/zh_CN")
    book = load_workbook(io.BytesIO(client.get(f"{url}/export.xlsx").data))
    assert book.sheetnames == ["处理决定", "进度"]
    assert list(book["处理决定"].iter_rows(values_only=True))[0][:4] == ("编号", "标题", "部门", "处理意见")
    csv_text = client.get(f"{url}/export.csv").data.decode("utf-8-sig")
    assert "GL-002" in csv_text and "merge" in csv_text
