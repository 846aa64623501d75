"""The read-only JSON API."""

from __future__ import annotations

from datetime import date

BODY_1 = "## 第一章 总则\n\n第一条 旧的规定。\n\n第二条 第二条内容。\n"
BODY_2 = "## 第一章 总则\n\n第一条 新的规定。\n\n第二条 第二条内容。\n\n第三条 新增。\n"


def test_list_and_detail(client, login, make_user, make_rule):
    login(make_user())
    code = make_rule(code="办发〔2024〕3号", versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))])
    listing = client.get("/api/v1/rules?per_page=5").get_json()
    assert listing["total"] == 1 and listing["items"][0]["code"] == code
    detail = client.get(f"/api/v1/rules/{code}").get_json()
    assert detail["status"] == "in_force" and detail["version"] == 2
    assert [a["label"] for a in detail["articles"]] == ["第一条", "第二条", "第三条"]
    assert [v["effective_on"] for v in detail["versions"]] == ["2020-01-01", "2024-01-01"]
    past = client.get(f"/api/v1/rules/{code}?on=2021-05-05").get_json()
    assert past["version"] == 1 and past["articles"][0]["text"].startswith("第一条 旧的规定")


def test_errors_are_json(client, login, make_user):
    assert client.get("/api/v1/rules").get_json()["error"]["status"] == 401
    login(make_user())
    response = client.get("/api/v1/rules/NOPE")
    assert response.status_code == 404 and response.get_json()["error"]["message"]
    response = client.get("/api/v1/rules?per_page=abc")
    assert response.status_code == 400 and "per_page" in response.get_json()["error"]["message"]


def test_drafts_hidden_from_readers(client, login, make_user, make_rule):
    login(make_user())
    make_rule(code="D-1", draft=BODY_1)
    assert client.get("/api/v1/rules").get_json()["total"] == 0
    assert client.get("/api/v1/rules/D-1").status_code == 404
