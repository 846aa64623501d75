"""An inventory's result published as the office's lists (page and Word), and "not to be relied on" from that day."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document

from registry.db import db


def _campaign(app, office, make_user, today):
    """Four rules of 办公室: kept, to be revised, to be repealed, and one repealed meanwhile; return (admin, id)."""
    from registry.auth.models import User
    from registry.proposals import campaigns
    from registry.rules.queries import rule_by_code

    admin = make_user("admin")
    with app.app_context():
        acting = db.session.get(User, admin.id)
        campaign = campaigns.open_campaign(acting, title="2026年度制度清理", deadline_on=today + timedelta(days=30),
                                           department_ids=[office["bgs"]])
        decisions = {"KP-1": "keep", "RV-1": "revision", "RP-1": "repeal", "GO-1": "keep"}
        for item in campaign.items:
            campaigns.dispose(acting, item, decisions[item.rule.code], due_on=today + timedelta(days=60))
        from registry.rules import services

        services.repeal_rule(None, rule_by_code("GO-1"), today, "已被上位法取代")
        campaigns.close_campaign(acting, campaign)
        db.session.commit()
        return admin, campaign.id


def test_published_lists_page_document_and_reliance(app, office, make_rule, make_user, client_for, clock, today):
    on = today - timedelta(days=400)
    for code, title in (("KP-1", "印章管理办法"), ("RV-1", "公务接待管理办法"), ("RP-1", "会议费管理办法"),
                        ("GO-1", "旧差旅办法")):
        make_rule(code=code, title=title, versions=[(f"第一条 {title}正文。\n", on)], department_id=office["bgs"])
    admin, campaign_id = _campaign(app, office, make_user, today)
    client = client_for(admin)
    draft = client.get(f"/cleanup/campaigns/{campaign_id}/lists").get_data(as_text=True)
    assert "Not yet published" in draft

    publish_on = today + timedelta(days=3)
    response = client.post(f"/cleanup/campaigns/{campaign_id}/publish", data={"published_on": publish_on.isoformat()},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The lists are published." in page and f"Published on {publish_on.isoformat()}" in page
    for list_id, code in (("valid", "KP-1"), ("revise", "RV-1"), ("repeal", "RP-1"), ("lapsed", "GO-1")):
        section = page[page.index(f'id="list-{list_id}"'):]
        assert code in section[:section.index("</section>")]
    again = client.post(f"/cleanup/campaigns/{campaign_id}/publish", data={"published_on": publish_on.isoformat()},
                        follow_redirects=True)
    assert "These lists are already published." in again.get_data(as_text=True)

    document = Document(io.BytesIO(client.get(f"/cleanup/campaigns/{campaign_id}/lists.docx").get_data()))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "清理结果：2026年度制度清理"  # the office's document is in Chinese, whoever downloads it
    assert f"发布日期：{publish_on.strftime('%Y年%m月%d日')}" in texts
    assert "继续有效（1）" in texts and "需修订（1）" in texts and "拟废止（1）" in texts and "失效（1）" in texts
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["序号", "编号", "标题"] in cells
    assert ["1", "RV-1", "公务接待管理办法"] in cells and ["1", "KP-1", "印章管理办法"] in cells
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28  # GB/T 9704 margins

    reader = client_for(office["clerk"])
    assert 'id="not-relied-on"' not in reader.get("/rules/RV-1").get_data(as_text=True)  # before the date
    clock.set(publish_on)
    reader = client_for(office["clerk"])
    notice = reader.get("/rules/RV-1").get_data(as_text=True)
    assert 'id="not-relied-on"' in notice and f"from {publish_on.isoformat()}" in notice and "需修订" in notice
    assert 'id="not-relied-on"' in reader.get("/rules/RP-1").get_data(as_text=True)
    assert 'id="not-relied-on"' not in reader.get("/rules/KP-1").get_data(as_text=True)  # on the valid list

    from registry.rules import services
    from registry.rules.queries import rule_by_code

    with app.app_context():  # the revision takes effect: the rule may be relied on again
        rule = rule_by_code("RV-1")
        services.approve_version(None, services.add_draft_version(None, rule, "第一条 修订后的正文。\n"),
                                 publish_on + timedelta(days=1))
        db.session.commit()
    clock.set(publish_on + timedelta(days=1))
    assert 'id="not-relied-on"' not in client_for(office["clerk"]).get("/rules/RV-1").get_data(as_text=True)


def test_only_a_closed_and_fully_decided_campaign_is_published(app, office, make_rule, make_user, client_for, today):
    from registry.auth.models import User
    from registry.proposals import campaigns

    make_rule(code="KP-1", title="印章管理办法", versions=[("第一条 正文。\n", date(2025, 1, 1))],
              department_id=office["bgs"])
    admin = make_user("admin")
    with app.app_context():
        campaign = campaigns.open_campaign(db.session.get(User, admin.id), title="清理",
                                           deadline_on=today + timedelta(days=30), department_ids=[office["bgs"]])
        db.session.commit()
        campaign_id = campaign.id
    client = client_for(admin)
    data = {"published_on": today.isoformat()}
    page = client.post(f"/cleanup/campaigns/{campaign_id}/publish", data=data, follow_redirects=True)
    assert "Close the campaign before its lists are published." in page.get_data(as_text=True)
    with app.app_context():
        campaigns.close_campaign(db.session.get(User, admin.id), db.session.get(campaigns.Campaign, campaign_id))
        db.session.commit()
    page = client.post(f"/cleanup/campaigns/{campaign_id}/publish", data=data, follow_redirects=True)
    assert "These rules have no decision yet: KP-1." in page.get_data(as_text=True)
    assert client_for(office["clerk"]).post(f"/cleanup/campaigns/{campaign_id}/publish", data=data).status_code == 403
