"""Saving re-indexes after the response, only the documents that changed, and the next search sees the change."""

from __future__ import annotations

from datetime import date

from flask import has_request_context

from registry.search import engine, outbox
from tests.search.conftest import codes

BODY = "第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n"


def _written(monkeypatch) -> list[str]:
    """Record the doc_id of every document the index writes (not merely is given)."""
    seen: list[str] = []
    original = engine.Writer._w

    def _w(self):
        writer = original(self)
        if not getattr(writer, "recorded", False):
            add = writer.add_document

            def add_document(**fields):
                seen.append(fields["doc_id"])
                return add(**fields)

            writer.add_document, writer.recorded = add_document, True
        return writer

    monkeypatch.setattr(engine.Writer, "_w", _w)
    return seen


def test_an_edit_is_indexed_after_its_response_and_only_its_version(client, login, make_user, make_rule,
                                                                     monkeypatch, api_search):
    code = make_rule(code="YZ-1", title="印章管理办法",
                     versions=[(BODY, date(2019, 1, 1)), (BODY + "第三条 修订。\n", date(2021, 1, 1))],
                     draft=BODY + "第三条 草稿。\n")
    login(make_user("approver"))
    written = _written(monkeypatch)
    in_request: list[bool] = []
    original = outbox.apply_now

    def apply_now() -> None:
        in_request.append(has_request_context())
        original()

    monkeypatch.setattr(outbox, "apply_now", apply_now)
    response = client.post(f"/rules/{code}/v/3/edit", data={
        "body": BODY + "第三条 钤印须登记盖章用途。\n", "change_summary": "登记", "row_version": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    response.close()  # what the WSGI server does once the response is sent
    assert in_request == [False]  # applied after the response, outside its request
    assert len(written) == 1  # the edited draft only, not the rule's two approved versions
    assert codes(api_search("钤印", drafts="1")) == ["YZ-1"]


def test_the_next_search_waits_for_a_change_not_yet_indexed(client, login, make_user, make_rule, monkeypatch,
                                                            api_search):
    code = make_rule(code="YZ-2", title="印章管理办法", draft=BODY)
    login(make_user("approver"))
    assert api_search("印章", drafts="1")["total"] == 1  # the process has synced once
    monkeypatch.setattr(outbox, "apply_now", lambda: None)  # the worker that saved has not indexed yet
    response = client.post(f"/rules/{code}/v/1/edit", data={
        "body": BODY + "第三条 骑缝章另行规定。\n", "change_summary": "骑缝", "row_version": "1"})
    assert response.status_code == 302
    response.close()
    assert codes(api_search("骑缝章", drafts="1")) == ["YZ-2"]  # within SEARCH_SYNC_INTERVAL_SECONDS



def test_only_the_editors_own_searches_wait_for_the_index(app, client, login, make_user, make_rule, monkeypatch):
    """Read-your-writes for the editor; nobody else's search queries the outbox or waits for a writer."""
    from tests.conftest import sign_in
    from tests.core.test_query_counts import counted

    app.config["SEARCH_SYNC_INTERVAL_SECONDS"] = 3600  # no periodic sync inside the test
    code = make_rule(code="YZ-3", title="印章管理办法", draft=BODY)
    login(make_user("approver"))
    other = app.test_client()
    sign_in(other, make_user("approver").email)

    def found(browser) -> list[str]:
        response = browser.get("/api/v1/search", query_string={"q": "骑缝章", "drafts": "1"})
        assert response.status_code == 200
        return codes(response.get_json())

    assert found(client) == found(other) == []  # both processes' first searches synced
    monkeypatch.setattr(outbox, "apply_now", lambda: None)  # the worker that saved has not indexed yet
    response = client.post(f"/rules/{code}/v/1/edit", data={
        "body": BODY + "第三条 骑缝章另行规定。\n", "change_summary": "骑缝", "row_version": "1"})
    assert response.status_code == 302
    response.close()
    with counted(app) as statements:
        assert found(other) == []  # another reader searches on, without waiting for the index
    assert not [s for s in statements if "search_outbox" in s]
    assert found(client) == ["YZ-3"]  # the editor's search applied the outbox first
    assert found(other) == ["YZ-3"]  # and everyone sees it once it is written
