"""Departments and categories speak the interface language everywhere; the catalogue hides repealed
rules until asked, counts a parent's children, and links a repealed rule to its successor."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from registry.db import db

BODY = "第一条 公务接待从简。\n"


@pytest.fixture
def office(app, make_rule):
    from registry.admin.services import save_category, save_department

    with app.app_context():
        department = save_department(None, None, code="BGS", name="办公室", name_en="General Office")
        parent = save_category(None, None, name="综合管理", name_en="General Administration")
        save_category(None, None, name="公文处理", name_en="Official Documents", parent=parent)
        db.session.commit()
        department_id = department.id
    new = make_rule(code="GL-002", title="公务接待管理办法", versions=[(BODY, date(2020, 1, 1))],
                    department_id=department_id, category="综合管理/公文处理")
    old = make_rule(code="GL-001", title="接待工作暂行规定", versions=[(BODY + "第二条 旧。\n", date(2010, 1, 1))],
                    department_id=department_id, category="综合管理")
    with app.app_context():
        from registry.rules import services
        from registry.rules.queries import rule_by_code

        services.repeal_rule(None, rule_by_code(old), date(2020, 1, 1), "被新办法替代", rule_by_code(new))
        db.session.commit()
    return {"new": new, "old": old, "department_id": department_id}


def test_english_names_in_the_english_interface(client, login, make_user, office):
    login(make_user("approver", locale="en"))
    rule = client.get("/rules/GL-002").get_data(as_text=True)
    assert "General Administration/Official Documents" in rule and "General Office" in rule and "办公室" not in rule
    catalogue = client.get("/rules").get_data(as_text=True)
    assert "General Office" in catalogue and "Official Documents" in catalogue and "公文处理" not in catalogue
    dashboard = client.get("/reviews/").get_data(as_text=True)
    assert ">General Office</option>" in dashboard
    assert ">General Administration/Official Documents</option>" in dashboard
    search = client.get("/search", query_string={"q": "公务接待"}).get_data(as_text=True)
    assert "General Office" in search and "General Administration/Official Documents" in search
    rows = list(csv.reader(io.StringIO(client.get("/io/catalogue.csv").data.decode("utf-8-sig"))))
    assert next(r for r in rows if r[0] == "GL-002")[2:4] == ["General Administration/Official Documents",
                                                              "General Office"]
    assert "General Office" in client.get("/rules/GL-002/edit").get_data(as_text=True)


def test_chinese_names_in_the_chinese_interface(client, login, make_user, office):
    login(make_user("approver", locale="zh_CN"))
    for page in (client.get("/rules/GL-002"), client.get("/rules"), client.get("/search?q=公务接待")):
        html = page.get_data(as_text=True)
        assert "办公室" in html and "公文处理" in html and "General Office" not in html


def test_repealed_rules_are_hidden_until_asked_for(client, login, make_user, office):
    login(make_user("reader"))
    listed = client.get("/rules").get_data(as_text=True)
    assert "GL-002" in listed and "/rules/GL-001" not in listed
    assert "Show repealed rules too (1)" in listed and "repealed=1" in listed
    shown = client.get("/rules?repealed=1").get_data(as_text=True)
    assert "/rules/GL-001" in shown and "Hide repealed rules" in shown
    assert "/rules/GL-001" in client.get("/rules?status=repealed").get_data(as_text=True)
    assert client.get("/api/v1/rules").get_json()["total"] == 2  # the API lists everything, as before


def test_a_parent_category_counts_the_rules_of_its_children(app, client, login, make_user, office):
    from sqlalchemy import select

    from registry.rules.models import Category

    login(make_user("reader"))
    with app.app_context():
        ids = {c.name: c.id for c in db.session.scalars(select(Category))}
    counts = client.get("/api/v1/rules").get_json()["counts"]["category"]
    assert counts[str(ids["综合管理"])] == 2 and counts[str(ids["公文处理"])] == 1  # GL-001 in it, GL-002 below

    def tree_count(url: str, name: str) -> str:
        html = client.get(url).get_data(as_text=True)
        return re.search(rf"category={ids[name]}[^>]*>\s*{name}</a>\s*<span class=\"count\">(\d+)", html).group(1)

    assert tree_count("/rules?lang=zh_CN", "综合管理") == "1"  # the repealed GL-001 is hidden, GL-002 counts
    assert tree_count("/rules?lang=zh_CN&repealed=1", "综合管理") == "2"


def test_a_repealed_rule_links_to_its_successor(client, login, make_user, office, make_rule):
    approver = login(make_user("approver", locale="en"))
    html = client.get("/rules/GL-001").get_data(as_text=True)
    assert 'Replaced by <a href="/rules/GL-002">GL-002 公务接待管理办法</a>' in html
    third = make_rule(code="GL-003", versions=[(BODY, date(2021, 1, 1))])
    form = client.get(f"/rules/{third}/repeal").get_data(as_text=True)
    chosen = re.search(r'<option value="(\d+)">GL-002 公务接待管理办法</option>', form).group(1)
    assert f"{third} 公务接待管理办法</option>" not in form  # a rule is not offered as its own successor
    response = client.post(f"/rules/{third}/repeal", data={"repealed_on": "2026-01-01", "reason": "合并",
                                                          "successor_id": "999999"}, follow_redirects=True)
    assert "Choose the rule that replaces it from the list of rules in force." in response.get_data(as_text=True)
    response = client.post(f"/rules/{third}/repeal", data={"repealed_on": "2020-06-30", "reason": "合并",
                                                          "successor_id": chosen}, follow_redirects=True)
    assert "cannot be repealed before it came into force (2021-01-01)" in response.get_data(as_text=True)
    client.post(f"/rules/{third}/repeal", data={"repealed_on": "2026-01-01", "reason": "合并", "successor_id": chosen})
    assert '<a href="/rules/GL-002">' in client.get(f"/rules/{third}").get_data(as_text=True)
    assert approver


def test_a_bad_date_keeps_what_was_typed_with_the_message(client, login, make_user, office):
    login(make_user("reader", locale="zh_CN"))
    html = client.get("/rules/GL-002", query_string={"on": "2024-13-45"}).get_data(as_text=True)
    assert 'value="2024-13-45"' in html and "“2024-13-45”不是有效日期" in html
    html = client.get("/rules/GL-002", query_string={"on": "2024年1月5日"}).get_data(as_text=True)
    assert 'value="2024-01-05"' in html  # the Chinese way of writing it is read
    html = client.get("/search", query_string={"q": "公务接待", "on": "去年"}).get_data(as_text=True)
    assert 'value="去年"' in html and "“去年”不是有效日期" in html
