"""The procedure's pages: start, act, comment on an article, dispose, the Word documents and the evidence pack."""

from __future__ import annotations

import io
import json
import zipfile

from docx import Document

from registry.db import db
from tests.conftest import PASSWORD
from tests.procedures.conftest import sign_in


def _post(client, url, **data):
    response = client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(data))
    tables = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs], tables


def test_from_draft_page_to_filing_through_the_pages(app, office, drafted, clock):
    clock.set("2026-11-02")
    code = drafted("行政规范性文件")
    base = f"/procedures/rules/{code}/v/1"
    drafter, reader = sign_in(app, office.drafter), sign_in(app, office.reader)
    assert reader.get(base).status_code == 404  # a draft, not yet under consultation
    page = drafter.get(f"/rules/{code}/v/1").get_data(as_text=True)
    assert base in page
    chief = sign_in(app, office.approver)
    assert "go through the procedure" in _post(chief, f"/rules/{code}/v/1/approve", effective_on="2026-11-02")
    assert "Start the procedure" in drafter.get(base).get_data(as_text=True)
    assert "entered its procedure" in _post(drafter, f"{base}/start", countersign="CWC")
    assert "起草说明" in _post(drafter, f"{base}/act", action="complete")
    _post(drafter, f"{base}/act", action="complete", opinion="必要性与主要内容。")
    assert "not a valid date" in _post(drafter, f"{base}/act", action="open", ends_on="11/20")
    assert "at least 7 working days" in _post(drafter, f"{base}/act", action="open", ends_on="2026-11-05")
    _post(drafter, f"{base}/act", action="open", ends_on="2026-11-11")
    assert "frozen" in _post(drafter, f"/rules/{code}/v/1/edit", body="第一条 改。\n", change_summary="")

    page = reader.get(base).get_data(as_text=True)  # all staff read the 征求意见稿 while it runs
    assert "Send comment" in page and "第二条" in page
    assert "recorded" in _post(reader, f"{base}/comment", article="第二条", text="建议明确适用范围。")
    assert "Write your comment" in _post(reader, f"{base}/comment", article="", text=" ")
    _post(reader, f"{base}/comment", article="", text="总体同意。")
    assert reader.post(f"{base}/dispose", data={"comment_id": "1", "disposition": "adopted"}).status_code == 403
    legal = sign_in(app, office.legal)  # an editor who takes part, but not the drafter
    assert "Only the drafter" in _post(legal, f"{base}/dispose", comment_id="1", disposition="rejected", reason="-")

    clock.set("2026-11-12")
    drafter, reader, chief = sign_in(app, office.drafter), sign_in(app, office.reader), sign_in(app, office.approver)
    assert reader.get(base).status_code == 404  # closed: the draft is the drafter's again
    assert "disposition of 2 comment" in _post(drafter, f"{base}/act", action="complete")
    _post(drafter, f"{base}/dispose", comment_id="1", disposition="partly", reason="已在第二条列明。")
    _post(drafter, f"{base}/dispose", comment_id="2", disposition="adopted")
    _post(drafter, f"{base}/act", action="complete")

    ledger = drafter.get(f"{base}/ledger.docx")
    assert ledger.status_code == 200 and ledger.mimetype.endswith("wordprocessingml.document")
    paragraphs, rows = _docx_text(ledger.data)
    assert "征求意见采纳情况表" in paragraphs[0]
    assert rows[0] == ["序号", "条款", "意见人", "意见内容", "处理情况", "理由"]
    assert rows[1][1:] == ["全文", "Reader 6", "总体同意。", "采纳", ""]  # whole-text comments first
    assert rows[2][1:] == ["第二条", "Reader 6", "建议明确适用范围。", "部分采纳", "已在第二条列明。"]
    paragraphs, _ = _docx_text(drafter.get(f"{base}/explanation.docx").data)
    assert "必要性与主要内容。" in paragraphs and any("部分采纳1条" in p for p in paragraphs)
    assert any("第二条：建议明确适用范围。" in p for p in paragraphs)
    paragraphs, _ = _docx_text(drafter.get(f"{base}/draft.docx").data)
    assert "（征求意见稿）" in paragraphs[0] and any("本办法适用于本单位" in p for p in paragraphs)

    legal, finance = sign_in(app, office.legal), sign_in(app, office.finance)
    assert "You do not act" in _post(drafter, f"{base}/act", action="complete", opinion="自审")
    _post(legal, f"{base}/act", action="complete", opinion="经审核，合法。")
    assert "Sign" in finance.get(base).get_data(as_text=True)
    _post(finance, f"{base}/act", action="object", opinion="预算口径不一致。")
    assert "unresolved objections of CWC" in _post(drafter, f"{base}/act", action="complete")
    _post(drafter, f"{base}/act", action="complete", opinion="财务处异议保留，提请审议。")
    _post(chief, f"{base}/act", action="complete", meeting="第12次办公会", meeting_on="2026-11-13", decision="通过")
    assert "password" in _post(chief, f"{base}/act", action="complete", password="nope")
    _post(chief, f"{base}/act", action="complete", password=PASSWORD)
    page = _post(chief, f"{base}/act", action="complete", published_on="2026-11-16")
    assert "规〔2026〕1号" in page and "解读" in page
    page = _post(drafter, f"{base}/act", action="complete", filed_on="2026-11-20", filing_reference="备〔2026〕7号")
    assert "Recorded" in page, page[page.find("flash"):][:400]
    assert "备〔2026〕7号" in drafter.get(base).get_data(as_text=True)

    page = reader.get(f"/rules/{code}").get_data(as_text=True)  # in force now: its history is on the rule page
    making = page.split('id="making"')[1]
    assert "规〔2026〕1号" in making and "第12次办公会: 通过" in making and "备〔2026〕7号" in making
    assert f"{base}/evidence.zip" in making

    pack = drafter.get(f"{base}/evidence.zip")
    assert pack.status_code == 200
    with zipfile.ZipFile(io.BytesIO(pack.data)) as archive:
        names = set(archive.namelist())
        assert {"text.md", "正文.docx", "起草说明.docx", "意见采纳情况表.docx", "制定过程记录.docx",
                "record.json"} <= names
        record = json.loads(archive.read("record.json"))
        _, rows = _docx_text(archive.read("制定过程记录.docx"))
    assert record["document_number"] == "规〔2026〕1号" and record["filing_reference"] == "备〔2026〕7号"
    steps = [(a["stage"], a["action"]) for a in record["actions"]]
    assert ("countersign", "object") in steps and ("signing", "complete") in steps
    assert ("fair_competition", "skip") in steps
    decision = next(a for a in record["actions"] if a["stage"] == "decision")
    assert decision["meeting"] == "第12次办公会" and decision["decision"] == "通过"
    assert any("会签异议" in row for row in rows)
    with app.app_context():
        from registry.rules.queries import rule_by_code

        version = rule_by_code(code).versions[0]
        assert version.status == "approved" and str(version.effective_on) == "2026-11-16"
        db.session.rollback()
