"""Revision proposals end to end: submit, decide by role, out-of-date, concurrent edits, exports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from registry.db import db
from registry.notifications.models import Notification
from registry.proposals.models import Proposal
from registry.rules.queries import rule_by_code
from tests.proposals.conftest import BODY_V1

NEW_BODY = BODY_V1.replace("定点饭店", "协议饭店").replace(
    "第三条 本办法", "第三条 接待费用应当据实结算。\n\n第四条 本办法")


def submit(client, login, user, code, body=NEW_BODY, kind="revision", **extra):
    login(user)
    data = {"kind": kind, "body": body, "rationale": "住宿安排改为协议饭店", **extra}
    response = client.post(f"/proposals/new?code={code}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def status_of(app, proposal_id):
    with app.app_context():
        return db.session.get(Proposal, proposal_id).status


def decide(client, proposal_id, action, reason=""):
    return client.post(f"/proposals/{proposal_id}/decide", data={"action": action, "reason": reason},
                       follow_redirects=True)


def test_a_reader_proposes_and_the_owner_is_told(app, client, login, office):
    page = (login(office.reader), client.get(f"/proposals/new?code={office.code}"))[1]
    assert "定点饭店" in page.get_data(as_text=True)  # the editor is prefilled with the current text
    proposal_id = submit(client, login, office.reader, office.code)
    with app.app_context():
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "proposal.submitted")).all()
    assert office.owner.id in told and office.reader.id not in told
    html = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "<del>定点</del>" in html and "<ins>协议</ins>" in html and "第四条" in html
    assert "<ins>" in client.get(f"/proposals/{proposal_id}?view=inline").get_data(as_text=True)


@pytest.mark.parametrize("who,allowed", [("owner", True), ("approver", True), ("stranger", False), ("reader", False)])
def test_who_may_review_accept_and_reject_a_revision(app, client, login, office, who, allowed):
    proposal_id = submit(client, login, office.reader, office.code)
    login(getattr(office, who))
    decide(client, proposal_id, "review")
    assert status_of(app, proposal_id) == ("under_review" if allowed else "submitted")
    decide(client, proposal_id, "reject")  # no reason: refused for everyone
    assert status_of(app, proposal_id) in ("under_review", "submitted")
    decide(client, proposal_id, "accept")
    assert status_of(app, proposal_id) == ("accepted" if allowed else "submitted")
    if allowed:
        with app.app_context():
            rule = rule_by_code(office.code)
            draft = rule.versions[-1]
            assert draft.status == "draft" and "协议饭店" in draft.body
            assert db.session.get(Proposal, proposal_id).result_version_id == draft.id
            told = db.session.scalars(select(Notification).where(Notification.kind == "proposal.decided")).all()
            assert [n.user_id for n in told] == [office.reader.id]


def test_reject_needs_a_reason_and_closed_proposals_stay_closed(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    login(office.owner)
    assert "Give the reason" in decide(client, proposal_id, "reject").get_data(as_text=True)
    decide(client, proposal_id, "reject", "与上级规定不符")
    assert status_of(app, proposal_id) == "rejected"
    decide(client, proposal_id, "accept")
    assert status_of(app, proposal_id) == "rejected"


def test_only_the_proposer_withdraws(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    login(office.owner)
    decide(client, proposal_id, "withdraw")
    assert status_of(app, proposal_id) == "submitted"
    login(office.reader)
    decide(client, proposal_id, "withdraw")
    assert status_of(app, proposal_id) == "withdrawn"


@pytest.mark.parametrize("who,allowed", [("owner", False), ("approver", True)])
def test_a_repeal_is_decided_by_an_approver_and_becomes_a_task(app, client, login, office, who, allowed):
    proposal_id = submit(client, login, office.reader, office.code, kind="repeal", body="")
    login(getattr(office, who))
    decide(client, proposal_id, "accept")
    assert status_of(app, proposal_id) == ("accepted" if allowed else "submitted")
    from registry.tasks.models import RevisionTask

    with app.app_context():
        tasks = db.session.scalars(select(RevisionTask)).all()
        assert [(t.source, t.assignee_id) for t in tasks] == ([("proposal", office.owner.id)] if allowed else [])


def test_merge_needs_another_rule(app, client, login, office):
    login(office.reader)
    response = client.post(f"/proposals/new?code={office.code}",
                           data={"kind": "merge", "rationale": "重复", "merge_into": "NOPE"})
    assert "No rule has the code" in response.get_data(as_text=True)
    proposal_id = submit(client, login, office.reader, office.code, kind="merge", body="", merge_into="GL-002")
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).merge_into.code == "GL-002"


def test_an_out_of_date_proposal_must_be_rebased_and_keeps_the_newer_change(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    from registry.rules import services

    with app.app_context():  # meanwhile the rule gets version 2, changing article 1
        rule = rule_by_code(office.code)
        v2 = services.add_draft_version(None, rule, BODY_V1.replace("公务接待", "国内公务接待"))
        services.approve_version(None, v2, date(2025, 1, 1))
        db.session.commit()
    login(office.owner)
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Out of date" in page and "Changed underneath" in page and "<ins>国内</ins>" in page
    assert "Rebase the proposal" in decide(client, proposal_id, "accept").get_data(as_text=True)
    assert status_of(app, proposal_id) == "submitted"
    rebase_page = client.get(f"/proposals/{proposal_id}/rebase").get_data(as_text=True)
    assert "No conflicts" in rebase_page
    login(office.reader)
    merged = client.get(f"/proposals/{proposal_id}/rebase")
    with app.app_context():
        from registry.proposals.rebase import merge3

        text = merge3(BODY_V1, BODY_V1.replace("公务接待", "国内公务接待"), NEW_BODY).text
    assert "国内公务接待" in text and "协议饭店" in text and "第四条 本办法" in text
    assert merged.status_code == 200
    response = client.post(f"/proposals/{proposal_id}/rebase", data={"body": text})
    assert response.status_code == 302
    login(office.owner)
    decide(client, proposal_id, "accept")
    assert status_of(app, proposal_id) == "accepted"
    with app.app_context():
        draft = rule_by_code(office.code).versions[-1]
        assert draft.number == 3 and "国内公务接待" in draft.body and "协议饭店" in draft.body


def test_a_conflicting_rebase_lists_the_conflict_and_keeps_the_newer_text():
    from registry.proposals.rebase import merge3

    latest = BODY_V1.replace("定点饭店", "机关内部宾馆")
    merge = merge3(BODY_V1, latest, NEW_BODY)
    assert len(merge.conflicts) == 1 and "机关内部宾馆" in merge.text and "协议饭店" not in merge.text
    assert "协议饭店" in merge.conflicts[0].proposed


def test_the_second_of_two_concurrent_edits_is_refused_and_its_text_kept(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    form = client.get(f"/proposals/{proposal_id}/edit").get_data(as_text=True)
    assert 'name="row_version"' in form
    with app.app_context():
        row_version = db.session.get(Proposal, proposal_id).row_version
    first = {"kind": "revision", "rationale": "第一次修改", "body": NEW_BODY, "row_version": row_version}
    assert client.post(f"/proposals/{proposal_id}/edit", data=first).status_code == 302
    second = {**first, "rationale": "第二个窗口的修改", "body": NEW_BODY + "第五条 附则。\n"}
    response = client.post(f"/proposals/{proposal_id}/edit", data=second)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "changed by someone else" in html
    assert "第二个窗口的修改" in html and "第五条 附则。" in html  # the user's text is still on the page
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).rationale == "第一次修改"


def test_only_the_proposer_edits(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    login(office.owner)
    assert client.get(f"/proposals/{proposal_id}/edit").status_code == 403


def test_docx_export_has_the_approval_form_table(app, client, login, office):
    notes = "第二条：改为协议饭店，便于结算\n第三条：新增结算要求"
    proposal_id = submit(client, login, office.reader, office.code, article_notes=notes)
    response = client.get(f"/proposals/{proposal_id}/export.docx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert "修订理由：住宿安排改为协议饭店" in [p.text for p in document.paragraphs]
    assert rows[0] == ["原条文", "修改后条文", "修改说明"]
    assert rows[1][0].startswith("第二条") and "定点饭店" in rows[1][0] and "协议饭店" in rows[1][1]
    assert rows[1][2] == "改为协议饭店，便于结算"
    assert rows[2] == ["—", "第三条　接待费用应当据实结算。", "新增结算要求"]
    assert len(rows) == 3  # 第三条 → 第四条 is a renumbering only: not a row of the form
    struck = [run.text for p in table.rows[1].cells[0].paragraphs for run in p.runs if run.font.strike]
    assert struck == ["定点"]
    every = Document(io.BytesIO(client.get(f"/proposals/{proposal_id}/export.docx?all=1").data)).tables[0]
    notes_column = [row.cells[2].text for row in every.rows][1:]
    assert notes_column == ["", "改为协议饭店，便于结算", "新增结算要求", "Renumbered only"]
    csv_text = client.get(f"/proposals/{proposal_id}/export.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "change,old_article,new_article,原条文,修改后条文,修改说明"
    assert "改为协议饭店，便于结算" in csv_text


def test_compare_any_two_versions(app, client, login, office):
    from registry.rules import services

    with app.app_context():
        rule = rule_by_code(office.code)
        v2 = services.add_draft_version(None, rule, NEW_BODY)
        services.approve_version(None, v2, date(2025, 1, 1))
        db.session.commit()
    login(office.reader)
    html = client.get(f"/rules/{office.code}").get_data(as_text=True)
    assert f"/proposals/compare?code={office.code}" in html and "Propose a change" in html
    page = client.get(f"/proposals/compare?code={office.code}&a=1&b=2").get_data(as_text=True)
    assert "<del>定点</del>" in page and "<ins>协议</ins>" in page
    assert client.get(f"/proposals/compare?code={office.code}&a=1&b=9").status_code == 404
    docx = client.get(f"/proposals/compare.docx?code={office.code}&a=1&b=2")
    assert Document(io.BytesIO(docx.data)).tables[0].rows[0].cells[0].text == "原条文"
    assert client.get(f"/proposals/compare.csv?code={office.code}").status_code == 200


def test_rule_page_shows_open_proposals_and_history(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    html = client.get(f"/rules/{office.code}?tab=history").get_data(as_text=True)
    assert f"/proposals/{proposal_id}" in html and "proposal.submit" in html and "version.approve" in html
    index = client.get("/proposals/").get_data(as_text=True)
    assert f"#{proposal_id}" in index


def test_a_repeal_proposal_is_edited_without_a_text(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code, kind="repeal", body="")
    with app.app_context():
        row_version = db.session.get(Proposal, proposal_id).row_version
    response = client.post(f"/proposals/{proposal_id}/edit",
                           data={"kind": "repeal", "rationale": "已被新办法取代", "row_version": row_version})
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        assert proposal.rationale == "已被新办法取代" and proposal.body is None
