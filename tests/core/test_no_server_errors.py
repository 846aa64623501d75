"""No page answers with a server error: every link reachable from the demo data, as each kind of user,
and the same pages with query-string values that make no sense."""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

HREF = re.compile(r'href="([^"#]+)')
# Files rather than pages (tested where they are made), and leaving the session.
SKIP = re.compile(r"/static/|/export|/download|\.(pdf|docx|xlsx|csv|zip|ics)(\?|$)|logout")
# The home page, and what is reached by forms rather than links: search and the read API.
SEEDS = ["/", "/search?q=公务接待", "/search?q=annual+leave&history=1", "/api/v1/search?q=规定", "/api/v1/rules"]
JUNK = [
    {"page": "-3", "per_page": "abc", "sort": "zzz"},
    {"q": '"unclosed AND OR NOT ( title:', "on": "2024-13-45", "year": "x", "category": "1e9"},
    {"status": "<script>", "department": "-1", "history": "maybe", "due": "yesterday", "next": "//evil"},
    {"q": "公务\x00接待", "code": "GL\x00-003", "category": "\x00"},  # PostgreSQL refuses NUL in text
    {"page": "9" * 20, "category": "9" * 20, "owner": "9" * 20, "edit": "9" * 20, "version": "9" * 20},  # > bigint
]


def _crawl(client, limit: int) -> list[str]:
    """Visit pages breadth-first from the home page; return the URLs visited. Fails on any 5xx."""
    seen, queue, visited, shapes = set(SEEDS), deque(SEEDS), [], Counter()
    while queue and len(visited) < limit:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        visited.append(url)
        if not response.mimetype.startswith("text/html"):
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or SKIP.search(target) or target in seen:
                continue
            # A few pages per route shape: /rules/A-1 and /rules/B-2 render the same template.
            shape = re.sub(r"[^/]*[\d%A-Z][^/]*", "0", parts.path) + ("?" if parts.query else "")
            if shapes[shape] >= 3:
                continue
            shapes[shape] += 1
            seen.add(target)
            queue.append(target)
    return visited


@pytest.mark.demo_data
@pytest.mark.parametrize(("role", "locale"), [("admin", "en"), ("admin", "zh_CN"), ("approver", "en"),
                                              ("editor", "zh_CN"), ("reader", "en"), (None, "en")])
def test_every_reachable_page_answers_without_a_server_error(app, client, make_user, login, role, locale):
    """In both languages: a translation whose placeholders do not match its English text fails here."""
    if role:
        login(make_user(role, locale=locale))
        assert ("制度目录" in client.get("/rules").get_data(as_text=True)) == (locale == "zh_CN")
    visited = _crawl(client, limit=120)
    assert len(visited) > (20 if role else 3)
    for url in visited[:60]:
        path = urlsplit(url).path
        for junk in JUNK:
            response = client.get(f"{path}?{urlencode(junk)}")
            assert response.status_code < 500, f"{path}?{urlencode(junk)} answered {response.status_code}"


FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
ACTION = re.compile(r'<form[^>]*action="([^"]*)"', re.I)
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', re.I)
NONSENSE = ["", "x" * 5000, "2024-13-45", "-1", "<script>alert(1)</script>", "公务\x00接待"]


@pytest.mark.demo_data
@pytest.mark.parametrize("role", ["admin", "editor"])
def test_every_form_takes_nonsense_without_a_server_error(app, client, make_user, login, role):
    """Post each form found on the reachable pages with empty, huge, malformed and hostile values."""
    login(make_user(role))
    posted = set()
    for url in _crawl(client, limit=120):
        response = client.get(url)
        if not response.mimetype.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        for match in FORM.finditer(html):
            action = ACTION.search(match.group(0))
            target = urljoin(url, (action.group(1) if action else url).replace("&amp;", "&"))
            shape = re.sub(r"[^/]*[\d%A-Z][^/]*", "0", urlsplit(target).path)
            if "logout" in target or shape in posted:
                continue
            posted.add(shape)
            names = [n for n in FIELD.findall(match.group(1)) if n != "csrf_token"]
            for value in NONSENSE:
                response = client.post(target, data={name: value for name in names})
                assert response.status_code < 500, f"POST {target} with {value[:20]!r} answered {response.status_code}"
    assert len(posted) > 5


def test_nul_characters_are_dropped_where_input_enters(client, make_user, login):
    """On SQLite a NUL would be stored; on PostgreSQL it would be refused: neither happens."""
    login(make_user("admin"))
    assert client.post("/admin/search/synonyms", data={"terms": "P\x00TO, annual\x00 leave"}).status_code == 302
    assert "PTO, annual leave" in client.get("/admin/search/synonyms?x=\x00").get_data(as_text=True)


def test_nul_is_dropped_from_every_value_of_a_repeated_field(app):
    with app.test_request_context("/?tag=a&tag=b%00c", method="POST",
                                  data={"tag": ["x", "y\x00z"], "n\x00ame": "v"}):
        from flask import request

        assert request.args.getlist("tag") == ["a", "bc"]
        assert request.form.getlist("tag") == ["x", "yz"] and request.form["name"] == "v"


def test_nul_is_dropped_from_json_at_any_depth(app):
    body = {"ru\x00le": "\x00Y\x01}", "list": ["a\x00b", {"k": "v\x00"}], "n": 1, "none": None}
    with app.test_request_context("/api/v1/proposals", method="POST", json=body):
        from flask import request

        assert request.get_json() == {"rule": "Y\x01}", "list": ["ab", {"k": "v"}], "n": 1, "none": None}
        assert request.json == request.get_json()


def test_an_api_write_with_nul_characters_is_answered(client, make_user, login):
    """Schemathesis found this on PostgreSQL: a rule code holding \\u0000 in a proposal was a server error."""
    login(make_user("admin"))
    response = client.post("/api/v1/proposals", json={"kind": "revision", "rule": "\x00Y\x01}", "rationale": "x",
                                                       "body": "第一条 x。"})
    assert response.status_code < 500 and response.is_json


def test_a_path_with_a_nul_names_nothing(app, client, make_user, login):
    """Every GET route with a text value in its path, that value holding a NUL: not found, never a server error
    (PostgreSQL refuses NUL in a lookup; requests.refuse_nul_in_path)."""
    from werkzeug.routing import AnyConverter, IntegerConverter

    login(make_user("admin"))
    adapter, tried = app.url_map.bind("localhost"), 0
    for rule in app.url_map.iter_rules():
        converters = rule._converters
        texts = [name for name, converter in converters.items()
                 if not isinstance(converter, IntegerConverter | AnyConverter)]
        if "GET" not in rule.methods or not texts:
            continue
        values = {name: "a\x00b" if name in texts else sorted(converters[name].items)[0]
                  if isinstance(converters[name], AnyConverter) else 1 for name in rule.arguments}
        path = adapter.build(rule.endpoint, values)
        assert client.get(path).status_code == 404, path
        tried += 1
    assert tried > 10
