"""What searches keep between requests: pages while their hits stay the same, stored fields per segment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from registry.db import db
from tests.core.test_query_counts import counted
from tests.search.conftest import codes

BODY = "第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n"


@pytest.fixture
def statements(app):
    """The SQL statements run while the test runs, in order."""
    with counted(app) as seen:
        yield seen


def _reads_rules(statements: list[str]) -> bool:
    return any("rule_versions" in s for s in statements)


def test_a_page_searched_again_reads_no_rule_and_shows_the_same(app, client, reader, make_rule, statements):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    first = client.get("/search?q=印章").get_data(as_text=True)
    assert "YZ-1" in first and "<mark>印章</mark>" in first and _reads_rules(statements)
    statements.clear()
    again = client.get("/search?q=印章").get_data(as_text=True)
    assert not _reads_rules(statements)  # neither the hits' columns nor their texts
    assert again.count("YZ-1") == first.count("YZ-1") and "<mark>印章</mark>" in again
    statements.clear()
    client.get("/search?q=印章&page=2")  # another page of the same words is another key
    client.get("/search?q=印章&sort=date")
    assert len(app.extensions["registry_search"].pages._items) == 3


def test_a_change_makes_the_next_search_new(app, reader, make_rule, api_search, today):
    from registry.rules import queries, services

    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    assert [h["title"] for h in api_search("印章")["hits"]] == ["印章管理办法"]
    with app.app_context():
        services.update_rule(None, queries.rule_by_code("YZ-1"), title="印章使用管理规定")
        db.session.commit()
    assert [h["title"] for h in api_search("印章")["hits"]] == ["印章使用管理规定"]
    with app.app_context():
        services.repeal_rule(None, queries.rule_by_code("YZ-1"), today, "合并")
        db.session.commit()
    assert api_search("印章")["total"] == 0


def test_a_page_outlives_a_change_of_another_rule(app, client, reader, make_rule, statements):
    from registry.rules import queries, services

    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    make_rule(code="CL-1", title="差旅费管理办法", versions=[("第一条 差旅费按标准报销。\n", date(2020, 1, 1))])
    first = client.get("/search?q=印章").get_data(as_text=True)
    with app.app_context():
        services.update_rule(None, queries.rule_by_code("CL-1"), tags=["报销"])
        db.session.commit()  # a new index generation
    statements.clear()
    again = client.get("/search?q=印章").get_data(as_text=True)
    assert not _reads_rules(statements)  # the engine ran again, found the same version with the same fingerprint
    assert "YZ-1" in again and "<mark>印章</mark>" in again and again.count("YZ-1") == first.count("YZ-1")
    make_rule(code="YZ-2", title="用印办法", versions=[("第一条 印章使用须登记。\n", date(2020, 1, 1))])
    statements.clear()
    third = client.get("/search?q=印章").get_data(as_text=True)
    assert "YZ-2" in third and "YZ-1" in third and _reads_rules(statements)  # a new hit: the page is new


def test_a_kept_page_takes_the_new_scores_and_total(reader, make_rule, api_search, statements):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    before = api_search("印章")
    make_rule(code="CL-1", title="差旅费管理办法", versions=[("第一条 差旅费按标准报销。\n", date(2020, 1, 1))])
    statements.clear()
    after = api_search("印章")  # a new generation: one more document, so other statistics and scores
    assert not _reads_rules(statements) and codes(after) == ["YZ-1"] and after["total"] == 1
    fresh = api_search("印章", limit=5)  # another key: worked out afresh
    assert after["hits"][0]["score"] == fresh["hits"][0]["score"] != before["hits"][0]["score"]


def test_who_asks_is_part_of_the_key(client, login, make_user, make_rule, api_search):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    make_rule(code="YZ-2", title="用印办法", draft=BODY)
    login(make_user("approver", email="approver@example.org"))
    assert sorted(codes(api_search("印章", drafts="1"))) == ["YZ-1", "YZ-2"]
    login(make_user("reader", email="reader@example.org"))  # may not see drafts: the same words, another page
    assert codes(api_search("印章", drafts="1")) == ["YZ-1"]


def test_the_day_is_part_of_the_key(login, make_user, make_rule, api_search, clock, today):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, today + timedelta(days=1))])
    reader = login(make_user("reader"))
    assert codes(api_search("印章")) == []
    clock.set(today + timedelta(days=1))  # in force from today: the page kept yesterday is not today's
    login(reader)  # a day idle ends a sign-in
    assert codes(api_search("印章")) == ["YZ-1"]


def test_no_pages_kept_when_told(make_app, make_rule):
    application = make_app(SEARCH_PAGES_KEPT=0)
    assert application.extensions["registry_search"].pages is None


def test_stored_fields_outlive_the_commit_of_another_rule(app, reader, make_rule, api_search):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    make_rule(code="CL-1", title="差旅费管理办法", versions=[("第一条 差旅费按标准报销。\n", date(2020, 1, 1))])
    kept = app.extensions["registry_search"].index.cache.segments.stored
    assert codes(api_search("印章")) == ["YZ-1"]
    read = dict(kept._items)
    assert read  # the hit's stored fields, by segment and number in it
    from registry.rules import queries, services

    with app.app_context():
        services.update_rule(None, queries.rule_by_code("CL-1"), tags=["报销"])
        db.session.commit()  # a new generation: the edited rule's document in a new segment
    assert codes(api_search("印章")) == ["YZ-1"] and codes(api_search("tag:报销")) == ["CL-1"]
    assert all(key in kept._items for key in read)
    assert len(kept._items) == len(read) + 1  # only the new segment's document was read


@pytest.fixture
def written(app):
    """The names of the templates rendered while the test runs."""
    from flask import template_rendered

    names: list[str] = []

    def record(_sender, template, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def _content(html: str) -> str:
    return html[html.index('<div class="layout search">'):html.index("<footer")]


def test_a_results_pages_content_is_written_once_while_it_shows_the_same(app, client, reader, make_rule, written):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    first = client.get("/search?q=印章").get_data(as_text=True)
    again = client.get("/search?q=印章").get_data(as_text=True)
    assert written.count("search/results.html") == 2 and written.count("search/_results.html") == 1
    assert _content(again) == _content(first) and "<mark>印章</mark>" in again
    client.get("/search?q=印章&page=1")  # another query string, another content (its links keep it)
    assert "1 result" in first
    client.get("/auth/lang/zh_CN")
    chinese = client.get("/search?q=印章").get_data(as_text=True)
    assert written.count("search/_results.html") == 3 and "1 result" not in _content(chinese)
    make_rule(code="YZ-2", title="用印办法", versions=[("第一条 印章使用须登记。\n", date(2020, 1, 1))])
    assert "YZ-2" in client.get("/search?q=印章").get_data(as_text=True)
    assert written.count("search/_results.html") == 4
