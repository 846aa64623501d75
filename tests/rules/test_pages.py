"""The catalogue and rule pages through the test client."""

from __future__ import annotations

from datetime import date, timedelta

from registry.db import db
from registry.rules import queries

BODY = "## 第一章 总则\n\n第一条 为规范公务接待工作，制定本办法。\n\n第二条 公务接待坚持简化礼仪。\n"


def test_login_required_by_default(client):
    response = client.get("/rules")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_wrong_password_is_explained(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": "nope"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True) or "密码" in response.get_data(as_text=True)


def test_rule_page_has_toc_and_anchors(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="办发〔2024〕3号", versions=[(BODY, date(2024, 1, 1))])
    html = client.get(f"/rules/{code}").get_data(as_text=True)
    assert 'id="art-1"' in html and 'id="art-2"' in html and 'href="#ch-1"' in html
    assert "公务接待坚持简化礼仪" in html


def test_point_in_time_selector(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(versions=[(BODY, date(2020, 1, 1)), (BODY + "\n第三条 新增条款。\n", date(2023, 1, 1))])
    old = client.get(f"/rules/{code}?on=2021-06-01").get_data(as_text=True)
    new = client.get(f"/rules/{code}?on=2024-06-01").get_data(as_text=True)
    assert "新增条款" not in old and "新增条款" in new
    bad = client.get(f"/rules/{code}?on=2021-13-45")
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.get_data(as_text=True)


def test_codes_with_slashes_route(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="GB/T 9704-2012", versions=[(BODY, date(2020, 1, 1))])
    assert client.get(f"/rules/{code}").status_code == 200
    assert client.get(f"/rules/{code}/v/1").status_code == 200


def test_readers_do_not_see_drafts(client, login, make_user, make_rule):
    login(make_user("reader"))
    code = make_rule(draft=BODY)
    assert client.get(f"/rules/{code}").status_code == 404
    assert code not in client.get("/rules").get_data(as_text=True)


def test_editor_creates_drafts_and_approver_approves(client, login, make_user, make_department, app):
    department = make_department()
    editor = make_user("editor", department_id=department)
    login(editor)
    response = client.post("/rules/new", data={
        "code": "GL-100", "title": "会议管理办法", "category_id": "", "department_id": str(department),
        "owner_id": str(editor.id), "tags": "办会, 会议", "related": "", "v-body": BODY, "v-change_summary": "首次制定",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert client.get("/rules/GL-100/v/1/approve").status_code == 403
    client.post("/auth/logout")
    login(make_user("approver"))
    response = client.post("/rules/GL-100/v/1/approve", data={"effective_on": "2025-01-01"})
    assert response.status_code == 302
    with app.app_context():
        rule = queries.rule_by_code("GL-100")
        assert rule.versions[0].is_approved and sorted(t.name for t in rule.tags) == ["会议", "办会"]


def test_invalid_form_input_is_explained_not_500(client, login, make_user, make_rule):
    login(make_user("approver"))
    code = make_rule(draft=BODY)
    response = client.post(f"/rules/{code}/v/1/approve", data={"effective_on": "not-a-date"})
    assert response.status_code == 200 and "YYYY-MM-DD" in response.get_data(as_text=True)
    response = client.post("/rules/new", data={"code": "", "title": ""})
    assert response.status_code == 200


def test_concurrent_edit_is_refused_and_text_kept(client, login, make_user, make_rule, app):
    login(make_user("approver"))
    code = make_rule(draft=BODY)
    with app.app_context():
        version = queries.rule_by_code(code).versions[0]
        stale = version.row_version
        version.change_summary = "someone else"
        db.session.commit()
    mine = BODY + "\n第三条 我的修改。\n"
    response = client.post(f"/rules/{code}/v/1/edit", data={"body": mine, "change_summary": "mine",
                                                           "row_version": str(stale)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "我的修改" in html and "changed by someone else" in html


def test_repeal_needs_reason(client, login, make_user, make_rule, today):
    login(make_user("approver"))
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    response = client.post(f"/rules/{code}/repeal", data={"repealed_on": today.isoformat(), "reason": ""})
    assert response.status_code == 200
    response = client.post(f"/rules/{code}/repeal", data={"repealed_on": today.isoformat(), "reason": "已被替代"})
    assert response.status_code == 302
    assert "已被替代" in client.get(f"/rules/{code}").get_data(as_text=True)


def test_catalogue_filters_and_counts(client, login, make_user, make_rule, today):
    login(make_user())
    make_rule(code="A-1", versions=[(BODY, date(2020, 1, 1))], category="办文/公文处理")
    make_rule(code="B-1", versions=[(BODY, date(2020, 1, 1))], category="财务")
    make_rule(code="C-1", versions=[(BODY, today + timedelta(days=3))], category="财务")
    html = client.get("/rules?status=in_force").get_data(as_text=True)
    assert "A-1" in html and "B-1" in html and "C-1" not in html
    html = client.get("/rules?category=1").get_data(as_text=True)
    assert "A-1" in html and "B-1" not in html
    assert client.get("/rules?page=abc&category=x&sort=zzz").status_code == 200


def test_catalogue_counts_from_one_pass_equal_a_count_per_facet(app, make_rule, make_department, today):
    """facet_counts reads one grouped pass (and one more per active department or category filter); each
    facet, and the total, equals a count of the rules that pass every other filter, for every combination."""
    from itertools import product

    from sqlalchemy import func, select

    from registry.rules.models import Category
    from registry.rules.queries import CatalogueFilters, _filtered, facet_counts, with_descendants

    office, finance = make_department(), make_department(code="CWC", name="财务处")
    make_rule(code="A-1", versions=[(BODY, date(2020, 1, 1))], category="办文/公文处理", department_id=office)
    make_rule(code="B-1", versions=[(BODY, date(2020, 1, 1))], category="财务", department_id=finance)
    make_rule(code="C-1", versions=[(BODY, today + timedelta(days=3))], category="财务", department_id=finance)
    make_rule(code="D-1", versions=[(BODY, date(2019, 1, 1))], repealed_on=date(2021, 1, 1), department_id=office)
    make_rule(code="E-1", draft=BODY, category="办文")
    with app.app_context():
        documents = db.session.scalar(select(Category.id).where(Category.name == "办文"))

        def reference(filters):
            counts = {}
            for facet, column in (("department", "department_id"), ("category", "category_id")):
                sub = _filtered(filters, today, skip=facet)[0].subquery()
                counts[facet] = dict(db.session.execute(
                    select(sub.c[column], func.count()).group_by(sub.c[column])).all())
            counts["category"] = with_descendants(counts["category"])
            query, status = _filtered(filters, today, skip="status")
            sub = query.add_columns(status.label("st")).subquery()
            counts["status"] = dict(db.session.execute(select(sub.c.st, func.count()).group_by(sub.c.st)).all())
            total = db.session.scalar(select(func.count()).select_from(_filtered(filters, today)[0].subquery()))
            return counts, total

        combinations = product((None, documents), (None, office, finance), (None, "in_force", "repealed", "lapsed"),
                               (True, False), ("", "B-"))
        for category, department, status, repealed, text in combinations:
            filters = CatalogueFilters(category_id=category, department_id=department, status=status, text=text,
                                       include_repealed=repealed)
            assert facet_counts(filters, today) == reference(filters), filters
        everything = facet_counts(CatalogueFilters(include_repealed=False), today)
        assert everything[1] == 4 and everything[0]["status"]["repealed"] == 1  # counted, though not listed


def test_anonymous_reading_when_published(make_app):
    from registry.rules import services

    app = make_app(LOGIN_REQUIRED=False)
    with app.app_context():
        rule = services.create_rule(None, code="PUB-1", title="公开制度")
        services.approve_version(None, services.add_draft_version(None, rule, BODY), date(2020, 1, 1))
        draft = services.create_rule(None, code="DRAFT-1", title="草案")
        services.add_draft_version(None, draft, BODY)
        db.session.commit()
    client = app.test_client()
    html = client.get("/rules").get_data(as_text=True)
    assert "PUB-1" in html and "DRAFT-1" not in html
    assert client.get("/rules/PUB-1").status_code == 200
    assert client.get("/rules/DRAFT-1").status_code == 404
    assert client.get("/rules/new").status_code in (302, 401)
    with app.app_context():
        db.engine.dispose()  # this second app's pooled connections must not outlive the test


def test_language_switch(client, login, make_user):
    login(make_user())
    client.get("/auth/lang/en")
    assert "Catalogue" in client.get("/rules").get_data(as_text=True)


def test_searched_words_are_marked_on_the_rule_page(client, make_user, login, make_rule):
    login(make_user("reader"))
    code = make_rule(title="Leave policy", versions=[("Article 1. Staff take annual leave & rest <b>.\n\n"
                                                      "Article 2. Leave is planned.\n", date(2020, 1, 1))])
    page = client.get(f"/rules/{code}?hl=annual+-planned").get_data(as_text=True)
    assert "<mark>annual</mark>" in page and "<mark>planned</mark>" not in page  # a negated word is not marked
    assert "&amp; rest &lt;b&gt;" in page  # the text around stays escaped
    assert client.get(f"/rules/{code}/v/1?hl=" + "x" * 5000).status_code == 200
    assert "<mark>" not in client.get(f"/rules/{code}").get_data(as_text=True)


def test_each_article_has_a_citation_and_a_permalink_to_its_version(app, client, make_user, login, make_rule):
    user = make_user("reader", locale="zh_CN")
    code = make_rule(title="差旅费管理办法", versions=[("第一条 差旅费按标准报销。\n", date(2020, 1, 1)),
                                                      ("第一条 差旅费按新标准报销。\n", date(2024, 3, 1))])
    login(user)
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert 'data-copy="《差旅费管理办法》（2024年修订）第一条"' in page
    assert f'data-copy="http://localhost/rules/{code}/v/2#art-1"' in page
    client.get("/auth/lang/en")
    old = client.get(f"/rules/{code}/v/1").get_data(as_text=True)
    assert 'data-copy="差旅费管理办法 (2020), 第一条"' in old and f"/rules/{code}/v/1#art-1" in old


def test_refusals_speak_the_interface_language(client, make_user, login, make_rule):
    login(make_user("admin", locale="zh_CN"))
    code = make_rule(versions=[("第一条 总则。\n", date(2020, 1, 1))])
    page = client.get(f"/rules/{code}?on=2024-13-45").get_data(as_text=True)
    assert "“2024-13-45”不是有效日期" in page and "is not a valid date" not in page
    response = client.post("/rules/new", data={"code": code, "title": "重复", "v-body": "第一条 x。"},
                           follow_redirects=True)
    assert f"编号 {code} 已被其他制度使用。" in response.get_data(as_text=True)


def test_a_rule_pages_text_is_kept_and_written_again_when_it_could_change(app, client, login, make_user, make_rule):
    """The text's HTML is kept per version, rule, language and searched words (rules/body_html.py); a rule that
    becomes citable, a retitled rule and a searched word each give it afresh."""
    from registry.rules.queries import rule_by_code

    login(make_user())
    code = make_rule(code="CITE-1", title="差旅费管理办法",
                     versions=[("第一条 依照《会议费管理办法》第二条执行。\n", date(2020, 1, 1))])
    cache = app.extensions["registry_rule_bodies"]
    first = client.get(f"/rules/{code}").get_data(as_text=True)
    assert 'class="ref-missing"' in first and "差旅费管理办法 (2020), 第一条" in first
    written = cache.renders
    assert client.get(f"/rules/{code}").get_data(as_text=True) == first and cache.renders == written
    marked = client.get(f"/rules/{code}?hl=执行").get_data(as_text=True)
    assert "<mark>执行</mark>" in marked and cache.renders == written + 1
    make_rule(code="MEET-1", title="会议费管理办法", versions=[(BODY, date(2020, 1, 1))])
    linked = client.get(f"/rules/{code}").get_data(as_text=True)
    assert 'href="/rules/MEET-1#art-2"' in linked and 'class="ref-missing"' not in linked
    with app.app_context():
        rule_by_code(code).title = "差旅费办法"
        db.session.commit()
    assert "差旅费办法 (2020), 第一条" in client.get(f"/rules/{code}").get_data(as_text=True)
    client.get("/auth/lang/en")
    assert "Copy citation" in client.get(f"/rules/{code}").get_data(as_text=True)
