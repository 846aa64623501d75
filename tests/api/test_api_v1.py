"""The grown API: versions, the text in force on a day, ETags, paging, proposals, reviews, backlog, errors."""

from __future__ import annotations

from datetime import date

BODY_1 = "## 第一章 总则\n\n第一条 旧的规定。\n\n第二条 第二条内容。\n"
BODY_2 = "## 第一章 总则\n\n第一条 新的规定。\n\n第二条 第二条内容。\n\n第三条 新增。\n"


def test_versions_version_and_text_in_force(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="办发〔2024〕3号", versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))],
                     draft=BODY_2 + "第四条 草案。\n")
    listed = client.get(f"/api/v1/rules/{code}/versions").get_json()
    assert [v["number"] for v in listed["items"]] == [1, 2]  # the draft v3 is not the reader's
    one = client.get(f"/api/v1/rules/{code}/versions/1").get_json()
    assert one["body"] == BODY_1 and [a["anchor"] for a in one["articles"]] == ["art-1", "art-2"]
    assert one["articles"][0]["parents"] == ["第一章 总则"] or one["articles"][0]["parents"]
    assert client.get(f"/api/v1/rules/{code}/versions/3").status_code == 404
    then = client.get(f"/api/v1/rules/{code}/in-force?on=2021-06-01").get_json()
    assert then["status"] == "in_force" and then["version"]["number"] == 1
    before = client.get(f"/api/v1/rules/{code}/in-force?on=2019-06-01").get_json()
    assert before["version"] is None and before["status"] == "not_yet_in_force"


def test_etags_answer_304(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(versions=[(BODY_1, date(2020, 1, 1))])
    for url in (f"/api/v1/rules/{code}", f"/api/v1/rules/{code}/versions/1", f"/api/v1/rules/{code}/versions",
                "/api/v1/rules"):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_rule_etag_changes_with_the_rule(app, client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(versions=[(BODY_1, date(2020, 1, 1))])
    etag = client.get(f"/api/v1/rules/{code}").headers["ETag"]
    with app.app_context():
        from registry.db import db
        from registry.rules import services
        from registry.rules.queries import rule_by_code

        rule = rule_by_code(code)
        services.approve_version(None, services.add_draft_version(None, rule, BODY_2), date(2021, 1, 1))
        db.session.commit()
    changed = client.get(f"/api/v1/rules/{code}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2


def test_paging_is_stable_and_filters_apply(client, login, make_user, make_rule):
    login(make_user())
    for n in range(7):
        make_rule(code=f"R-{n}", title="同名办法", versions=[(BODY_1, date(2020, 1, 1))])
    make_rule(code="OLD-1", versions=[(BODY_1, date(2010, 1, 1))], repealed_on=date(2015, 1, 1))
    seen = []
    for page in (1, 2, 3):
        answer = client.get(f"/api/v1/rules?sort=title&per_page=3&page={page}&status=in_force").get_json()
        assert answer["total"] == 7 and answer["pages"] == 3
        seen += [item["code"] for item in answer["items"]]
    assert seen == [f"R-{n}" for n in range(7)]  # same title: ordered by id, no row twice or lost
    repealed = client.get("/api/v1/rules?status=repealed").get_json()
    assert [item["code"] for item in repealed["items"]] == ["OLD-1"]


def test_errors_have_one_shape(client, login, make_user):
    login(make_user())
    bad = client.get("/api/v1/rules?per_page=0&status=nonsense")
    error = bad.get_json()["error"]
    assert bad.status_code == 400 and error["code"] == "invalid" and set(error["fields"]) == {"per_page", "status"}
    missing = client.get("/api/v1/rules/NOPE/versions").get_json()["error"]
    assert missing["status"] == 404 and missing["code"] == "not_found" and missing["message"]
    unreadable = client.post("/api/v1/proposals", data="not json", content_type="text/plain")
    assert unreadable.status_code == 422 and unreadable.get_json()["error"]["fields"]["body"]
    wrong = client.post("/api/v1/proposals", json={"rule": "X", "kind": "burn", "rationale": ""})
    assert wrong.status_code == 422 and {"kind", "rationale"} <= set(wrong.get_json()["error"]["fields"])
    assert client.delete("/api/v1/rules").get_json()["error"]["code"] == "method_not_allowed"


def test_proposals_comments_reviews_and_backlog(app, client, login, make_user, make_rule):
    code = make_rule(versions=[(BODY_1, date(2020, 1, 1))])
    login(make_user())
    refused = client.post("/api/v1/proposals", json={"rule": code, "kind": "revision", "rationale": "改",
                                                     "body": BODY_1})
    assert refused.status_code == 422 and "same as the current text" in refused.get_json()["error"]["message"]
    unknown = client.post("/api/v1/proposals", json={"rule": code, "kind": "merge", "rationale": "合并",
                                                     "merge_into": "NO-SUCH"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["message"] == "No rule has the code NO-SUCH."
    made = client.post("/api/v1/proposals", json={"rule": code, "kind": "revision", "rationale": "改一下",
                                                  "body": BODY_2})
    assert made.status_code == 201
    proposal = made.get_json()
    assert proposal["base_version"] == 1 and proposal["status"] == "submitted"
    comment = client.post(f"/api/v1/proposals/{proposal['id']}/comments", json={"body": "补充说明"})
    assert comment.status_code == 201 and comment.get_json()["body"] == "补充说明"
    assert client.post("/api/v1/proposals/99999/comments", json={"body": "x"}).status_code == 404
    one = client.get(f"/api/v1/proposals/{proposal['id']}").get_json()
    assert [c["body"] for c in one["comments"]] == ["补充说明"]
    assert [p["id"] for p in client.get(f"/api/v1/proposals?rule={code}").get_json()["items"]] == [proposal["id"]]
    assert [p["id"] for p in client.get("/api/v1/proposals").get_json()["items"]] == [proposal["id"]]
    due = client.get("/api/v1/reviews/due?within_days=3660").get_json()
    assert "items" in due and due["on"]
    assert client.get("/api/v1/backlog").get_json() == {"items": []}
    assert client.get("/api/v1/backlog?status=bogus").status_code == 400


def test_document_and_reference_page(client, login, make_user):
    login(make_user())
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    assert {"/api/v1/rules", "/api/v1/rules/{code}/versions/{number}", "/api/v1/search",
            "/api/v1/proposals"} <= set(doc["paths"])
    assert "requestBody" in doc["paths"]["/api/v1/proposals"]["post"]
    assert "NewProposal" in doc["components"]["schemas"] and "Error" in doc["components"]["schemas"]
    page = client.get("/api/v1/reference")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "GET /api/v1/rules/{code}/in-force" in text and "NewProposal" in text
    assert text.count("<script") == 1 and "https://" not in text.split("</head>")[0]  # no CDN, only registry.js


def test_etags_hold_through_compression(client, login, make_user, make_rule):
    login(make_user())
    for n in range(30):
        make_rule(code=f"R-{n}", title="很长的标题" * 10, versions=[("第一条 内容。\n" * 20, date(2020, 1, 1))])
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get("/api/v1/rules?per_page=30", headers=gzip)
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get("/api/v1/rules?per_page=30", headers={**gzip, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_names_come_in_both_languages_whatever_the_callers_language(app, client, login, make_user, make_rule,
                                                                   make_department):
    from sqlalchemy import select

    from registry.auth.models import Department
    from registry.db import db
    from registry.rules.models import Category

    office = make_department()
    code = make_rule(versions=[(BODY_1, date(2020, 1, 1))], department_id=office, category="综合管理/办文")
    with app.app_context():
        db.session.get(Department, office).name_en = "General Office"
        db.session.scalars(select(Category).where(Category.name == "综合管理")).one().name_en = "Administration"
        db.session.commit()
    login(make_user())
    answers = [client.get(f"/api/v1/rules/{code}", headers={"Accept-Language": language}).get_json()
               for language in ("zh-CN", "en")]
    assert answers[0] == answers[1]  # one answer for every caller: its ETag does not vary by language
    rule = answers[0]
    assert (rule["department"], rule["department_en"]) == ("办公室", "General Office")
    # 办文 has no English name: it keeps its Chinese one
    assert (rule["category"], rule["category_en"]) == ("综合管理/办文", "Administration/办文")
    [listed] = client.get("/api/v1/rules").get_json()["items"]
    assert listed["department_en"] == "General Office" and listed["category_en"] == "Administration/办文"
