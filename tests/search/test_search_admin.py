"""Synonyms widen queries; queries that find nothing are logged and shown to admins."""

from __future__ import annotations

import re
from datetime import date

from tests.search.conftest import codes


def test_synonyms_are_managed_by_admins_and_widen_queries(make_rule, make_user, login, client, api_search):
    make_rule(code="HR-1", title="Holidays", versions=[("Article 1. Staff take annual leave.\n", date(2020, 1, 1))])
    body = "第一条 重大事项决策、重要干部任免、重大项目安排和大额度资金使用须集体决定。\n"
    make_rule(code="ZZ-1", title="三重一大决策制度", versions=[(body, date(2020, 1, 1))])
    login(make_user("admin"))
    assert api_search("PTO")["total"] == 0
    page = client.get("/admin/search/synonyms")
    assert page.status_code == 200
    response = client.post("/admin/search/synonyms", data={"terms": "PTO"})
    assert response.status_code == 200 and "at least two" in response.get_data(as_text=True)
    assert client.post("/admin/search/synonyms", data={"terms": "PTO, annual leave"}).status_code == 302
    assert client.post("/admin/search/synonyms", data={"terms": "大额资金, 大额度资金使用"}).status_code == 302
    assert codes(api_search("PTO")) == ["HR-1"]
    assert codes(api_search("大额资金")) == ["ZZ-1"]
    html = client.get("/admin/search/synonyms").get_data(as_text=True)
    assert "PTO, annual leave" in html
    first = re.search(r"/admin/search/synonyms/(\d+)/delete", html).group(0)  # the PTO group, listed first
    assert client.post(first).status_code == 302
    assert api_search("PTO")["total"] == 0  # seen at once, though synonyms are cached between searches


def test_synonym_pages_are_for_admins_only(make_user, login, client):
    assert client.get("/admin/search/synonyms").status_code in (302, 401)
    login(make_user("editor"))
    assert client.get("/admin/search/synonyms").status_code == 403
    assert client.get("/admin/search/misses").status_code == 403


def test_queries_that_find_nothing_are_counted_for_admins(make_rule, make_user, login, client):
    make_rule(code="A-1", title="印章管理", versions=[("第一条 印章。\n", date(2020, 1, 1))])
    login(make_user("reader"))
    for query in ("公车改革", "公车改革", "  公车改革 ", "车补", "印章"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        response.close()  # as the web server does once it has sent the page: the query is counted then
    client.post("/auth/logout")
    login(make_user("admin"))
    html = client.get("/admin/search/misses").get_data(as_text=True)
    assert "公车改革" in html and "车补" in html and ">3<" in html and "印章" not in html


def test_a_search_commits_nothing_in_its_own_request(make_rule, make_user, login, client, app):
    """A GET of /search writes nothing in the request's unit of work; a miss is counted after the response."""
    from sqlalchemy import event

    from registry.db import db

    make_rule(code="A-1", title="印章管理", versions=[("第一条 印章。\n", date(2020, 1, 1))])
    login(make_user("reader"))
    client.get("/search", query_string={"q": "印章"}).close()  # sign-in activity is written at most once a minute
    commits = []

    def count(_connection) -> None:
        commits.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", count)
    try:
        response = client.get("/search", query_string={"q": "公车改革"})
        assert response.status_code == 200 and commits == []
        response.close()
        assert len(commits) == 1  # the miss, in its own transaction once the page was sent
    finally:
        event.remove(engine, "commit", count)
