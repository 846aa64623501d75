"""ELI-style identifiers resolve to the pages; rule pages carry schema.org Legislation as JSON-LD that the
strict Content-Security-Policy allows (a data block, not a script)."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import unquote

BODY = "第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"


def _jsonld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_identifiers_resolve_to_the_pages(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="办发〔2024〕3号", versions=[(BODY, date(2020, 1, 1))])
    slashed = make_rule(code="GB/T 9704-2012", versions=[(BODY, date(2021, 1, 1))])
    rule = client.get(f"/eli/rule/{code}")
    assert rule.status_code == 303 and unquote(rule.headers["Location"]).endswith(f"/rules/{code}")
    on_day = client.get(f"/eli/rule/{code}/2021-06-30")
    assert on_day.status_code == 303 and on_day.headers["Location"].endswith("?on=2021-06-30")
    article = client.get(f"/eli/rule/{code}/2021-06-30/art-2")
    assert article.status_code == 303 and article.headers["Location"].endswith("?on=2021-06-30#art-2")
    assert client.get(f"/eli/rule/{slashed}/2021-06-30/art-1").headers["Location"].endswith("?on=2021-06-30#art-1")
    assert client.get(f"/eli/rule/{slashed}").status_code == 303
    assert client.get(f"/eli/rule/{code}/2019-01-01/art-1").status_code == 404  # nothing in force that day
    assert client.get("/eli/rule/NOPE/2021-06-30").status_code == 404
    followed = client.get(f"/eli/rule/{code}/2021-06-30/art-2", follow_redirects=True)
    assert followed.status_code == 200 and 'id="art-2"' in followed.get_data(as_text=True)


def test_identifiers_of_hidden_drafts_are_unknown(client, login, make_user, make_rule):
    login(make_user())
    make_rule(code="D-1", draft=BODY)
    assert client.get("/eli/rule/D-1").status_code == 404


def test_rule_page_has_schema_org_legislation(app, client, login, make_user, make_rule):
    login(make_user())
    basis = make_rule(code="上位法-1", title="上位法", versions=[(BODY, date(2015, 1, 1))])
    code = make_rule(code="GL-1", title="差旅费管理办法", versions=[(BODY, date(2020, 1, 1)),
                                                                   (BODY + "第三条 新增。\n", date(2024, 1, 1))])
    with app.app_context():
        from registry.db import db
        from registry.reviews.services import set_basis
        from registry.rules.queries import rule_by_code

        set_basis(None, rule_by_code(code), [rule_by_code(basis)])
        db.session.commit()
    response = client.get(f"/rules/{code}")
    data = _jsonld(response.get_data(as_text=True))
    assert data["@type"] == "Legislation" and data["identifier"] == code and data["name"] == "差旅费管理办法"
    assert data["@id"] == "http://localhost/eli/rule/GL-1"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationDate"] == "2020-01-01" and data["legislationDateVersion"] == "2024-01-01"
    assert data["isBasedOn"][0]["name"] == "上位法"
    past = _jsonld(client.get(f"/rules/{code}?on=2021-01-01").get_data(as_text=True))
    assert past["legislationDateVersion"] == "2020-01-01"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy  # unchanged: the block is data


def test_json_ld_cannot_break_out_of_its_block(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="X-1", title="</script><script>alert(1)</script>", versions=[(BODY, date(2020, 1, 1))])
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and _jsonld(page)["name"] == "</script><script>alert(1)</script>"
