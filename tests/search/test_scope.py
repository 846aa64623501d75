"""Which versions a search returns: in force today by default, options, dates, permissions, facets."""

from __future__ import annotations

from datetime import date, timedelta

from registry.db import db
from tests.search.conftest import codes

OLD = "第一条 出差住宿费按旧标准报销。\n"
NEW = "第一条 出差住宿费按新标准报销，会议费另行规定。\n"


def test_default_is_the_text_in_force_today(make_rule, reader, api_search, today):
    make_rule(code="CW-1", title="差旅办法", versions=[(OLD, date(2019, 1, 1)), (NEW, date(2022, 1, 1))])
    assert api_search("会议费")["hits"][0]["version"] == 2
    assert api_search("旧标准")["total"] == 0
    hit = api_search("旧标准", history=1)["hits"][0]
    assert (hit["version"], hit["status"]) == (1, "superseded")


def test_in_force_on_a_date(make_rule, reader, api_search):
    make_rule(code="CW-1", title="差旅办法", versions=[(OLD, date(2019, 1, 1)), (NEW, date(2022, 1, 1))])
    assert api_search("旧标准", on="2020-06-01")["hits"][0]["version"] == 1
    assert api_search("会议费", on="2020-06-01")["total"] == 0
    assert api_search("会议费", on="2018-01-01")["total"] == 0


def test_repealed_rules_only_on_request(make_rule, reader, api_search, today):
    make_rule(code="OLD-1", title="旧办法", versions=[(OLD, date(2019, 1, 1))], repealed_on=today - timedelta(days=1))
    assert api_search("旧标准")["total"] == 0
    assert api_search("旧标准", repealed=1)["hits"][0]["status"] == "repealed"
    assert api_search("旧标准", on=(today - timedelta(days=30)).isoformat())["total"] == 1


def test_drafts_only_for_those_who_may_see_them(make_rule, make_user, make_department, login, client, today):
    office, finance = make_department("BGS", "办公室"), make_department("CWC", "财务处")
    make_rule(code="D-1", title="草案", draft="第一条 草案中的保密条款。\n", department_id=finance)
    make_rule(code="F-1", title="未来", versions=[("第一条 将来施行的保密条款。\n", today + timedelta(days=30))])

    def found(user, **args):
        login(user)
        data = client.get("/api/v1/search", query_string={"q": "保密条款", **args}).get_json()
        client.post("/auth/logout")
        return sorted(codes(data))

    reader = make_user("reader")
    assert found(reader) == [] and found(reader, drafts=1) == []
    assert found(make_user("editor", department_id=office), drafts=1) == ["F-1"]
    assert found(make_user("editor", department_id=finance), drafts=1) == ["D-1", "F-1"]
    assert found(make_user("approver"), drafts=1) == ["D-1", "F-1"]


def test_facets_count_and_filter(make_rule, make_department, reader, api_search):
    office = make_department("BGS", "办公室")
    make_rule(code="A-1", title="甲", versions=[("第一条 印章管理。\n", date(2020, 1, 1))], category="综合/办文",
              department_id=office)
    make_rule(code="A-2", title="乙", versions=[("第一条 印章使用。\n", date(2021, 5, 1))], category="综合/档案")
    make_rule(code="B-1", title="丙", versions=[("第一条 印章保管。\n", date(2021, 7, 1))], category="财务")
    result = api_search("印章")
    assert result["total"] == 3
    facets = {name: {f["label"]: f["count"] for f in values} for name, values in result["facets"].items()}
    assert facets["year"] == {"2020": 1, "2021": 2}
    assert facets["status"] == {"in_force": 3}
    assert facets["category"] == {"综合/办文": 1, "综合/档案": 1, "财务": 1}
    assert facets["department"] == {"办公室": 1, "No department": 2}
    assert sorted(codes(api_search("印章", year=2021))) == ["A-2", "B-1"]
    assert codes(api_search("印章", department=office)) == ["A-1"]
    parent = next(f["key"] for f in result["facets"]["category"] if f["label"] == "综合/办文")
    assert codes(api_search("印章", category=parent)) == ["A-1"]
    assert codes(api_search("印章", status="repealed")) == []


def test_sort_by_date_and_pagination(make_rule, reader, api_search):
    for n in range(5):
        make_rule(code=f"P-{n}", title=f"规定{n}", versions=[("第一条 值班安排。\n", date(2015 + n, 1, 1))])
    result = api_search("值班", sort="date", limit=2)
    assert codes(result) == ["P-4", "P-3"] and result["pages"] == 3 and result["total"] == 5
    assert codes(api_search("值班", sort="date", limit=2, page=3)) == ["P-0"]


def test_anonymous_api_needs_sign_in(make_rule, client):
    response = client.get("/api/v1/search?q=x")
    assert response.status_code == 401 and "error" in response.get_json()


def test_bad_filter_values_are_ignored_not_fatal(make_rule, reader, client):
    make_rule(code="A-1", title="甲", versions=[("第一条 印章管理。\n", date(2020, 1, 1))])
    response = client.get("/search?q=印章&on=yesterday&page=x&year=abc&category=zz&sort=weird")
    assert response.status_code == 200 and "甲" in response.get_data(as_text=True)
    assert client.get("/api/v1/search?q=印章&limit=lots").status_code == 400


def test_open_registry_lets_anonymous_visitors_search_rules_in_force_only(app, make_rule, client):
    app.config["LOGIN_REQUIRED"] = False
    make_rule(code="A-1", title="印章管理", versions=[("第一条 印章保密。\n", date(2020, 1, 1))])
    make_rule(code="D-1", title="草案", draft="第一条 草案保密。\n")
    response = client.get("/api/v1/search", query_string={"q": "保密", "drafts": 1})
    data = response.get_json()
    assert response.status_code == 200, data
    assert codes(data) == ["A-1"]
    assert client.get("/search?q=保密").status_code == 200
    assert client.get("/admin/search/synonyms").status_code in (302, 401)


def test_facets_show_a_renamed_category_at_once(app, make_rule, reader, api_search):
    make_rule(code="A-1", title="甲", versions=[("第一条 印章管理。\n", date(2020, 1, 1))], category="综合/办文")
    assert [f["label"] for f in api_search("印章")["facets"]["category"]] == ["综合/办文"]
    with app.app_context():
        from sqlalchemy import select

        from registry.admin.services import save_category
        from registry.db import db
        from registry.rules.models import Category

        parent = db.session.scalar(select(Category).where(Category.name == "综合"))
        save_category(None, parent, name="综合事务")
        db.session.commit()
    assert [f["label"] for f in api_search("印章")["facets"]["category"]] == ["综合事务/办文"]


def test_a_lapsed_rule_leaves_the_default_scope_on_its_end_date(app, make_rule, reader, api_search, today):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    code = make_rule(code="YX-1", title="有效期办法", versions=[(OLD, date(2019, 1, 1))])
    with app.app_context():
        services.set_validity(None, rule_by_code(code), today, "五年有效期届满")
        db.session.commit()
    assert api_search("旧标准")["total"] == 0  # lapsed today
    assert codes(api_search("旧标准", on=(today - timedelta(days=1)).isoformat())) == ["YX-1"]
    with app.app_context():
        services.set_validity(None, rule_by_code(code), today + timedelta(days=365), "评估后延续")
        db.session.commit()
    assert codes(api_search("旧标准")) == ["YX-1"]


def test_the_texts_of_a_lapsed_rule_are_labelled_lapsed_not_superseded(app, make_rule, reader, client, api_search,
                                                                      today):
    from registry.rules import services
    from registry.rules.queries import rule_by_code

    code = make_rule(code="YX-2", title="有效期办法", versions=[(OLD, date(2019, 1, 1)), (NEW, date(2022, 1, 1))])
    with app.app_context():
        services.set_validity(None, rule_by_code(code), today - timedelta(days=1), "五年有效期届满")
        db.session.commit()
    for options in ({"history": 1}, {"repealed": 1}):
        hits = api_search("出差住宿费", **options)["hits"]
        assert sorted((h["version"], h["status"]) for h in hits) == [(1, "lapsed"), (2, "lapsed")], options
    assert api_search("出差住宿费", status="lapsed", history=1)["total"] == 2
    # the day before it lapsed, version 1 was superseded by version 2, which was in force
    before = api_search("出差住宿费", history=1, on=(today - timedelta(days=2)).isoformat())["hits"]
    assert sorted((h["version"], h["status"]) for h in before) == [(1, "superseded"), (2, "in_force")]
    page = client.get("/search", query_string={"q": "出差住宿费", "history": 1}).get_data(as_text=True)
    assert page.count('class="badge lapsed">Lapsed<') == 2 and 'class="badge superseded"' not in page
    assert "Superseded" not in page  # nor in the status facet

