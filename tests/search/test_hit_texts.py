"""Search results read their hits' texts once per process, and again when a version's row changes."""

from __future__ import annotations

from datetime import date

from tests.search.conftest import codes

BODY = "第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n"


def test_hit_texts_are_kept_and_read_again_after_an_edit(app, client, login, make_user, make_rule, api_search):
    make_rule(code="YZ-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    code = make_rule(code="YZ-2", title="用印办法", draft=BODY)
    login(make_user("approver"))
    kept = app.extensions["registry_texts"]
    page = client.get("/search?q=印章&drafts=1").get_data(as_text=True)
    assert "YZ-1" in page and "YZ-2" in page and kept.reads == 2
    client.get("/search?q=印章&drafts=1")
    assert kept.reads == 2  # the second search read no text from the database
    response = client.post(f"/rules/{code}/v/1/edit", data={
        "body": BODY + "第三条 印章使用须登记。\n", "change_summary": "登记", "row_version": "1"})
    assert response.status_code == 302
    response.close()
    hits = api_search("使用须登记", drafts="1")
    assert codes(hits) == ["YZ-2"]
    page = client.get("/search?q=使用须登记&drafts=1").get_data(as_text=True)
    assert "使用须登记" in page.replace("<mark>", "").replace("</mark>", "") and kept.reads == 3
