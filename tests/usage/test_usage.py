"""Evidence and flags on articles, shown to the reviewer and on the dashboard; views counted; dormant rules."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select

from registry.db import db


def _use(client, code, what, **data):
    prefix = "evidence" if what == "evidence" else "flag"
    data.setdefault("article", "")  # the form's first choice: the rule as a whole
    return client.post(f"/usage/rules/{code}/{what}", data={f"{prefix}-{k}": v for k, v in data.items()})


def test_evidence_on_an_article_with_clear_refusals(app, office, rule_in_force, client_for, today):
    code = rule_in_force(today - timedelta(days=10))
    clerk = client_for(office["clerk"])
    page = clerk.get(f"/usage/rules/{code}").get_data(as_text=True)
    assert '<option value="art-2">第二条</option>' in page
    done = _use(clerk, code, "evidence", article="art-2", kind="minute", reference="会议纪要〔2026〕12号")
    assert done.status_code == 302
    done = _use(clerk, code, "evidence", article="", kind="link", url="https://intranet.example.org/forms/7")
    assert done.status_code == 302
    page = clerk.get(f"/usage/rules/{code}").get_data(as_text=True)
    assert "会议纪要〔2026〕12号" in page and "第二条" in page and 'href="https://intranet.example.org/forms/7"' in page

    bad_link = _use(clerk, code, "evidence", kind="link", url="javascript:alert(1)")
    assert bad_link.status_code == 200
    assert "A link must start with http:// or https://." in bad_link.get_data(as_text=True)
    no_number = _use(clerk, code, "evidence", kind="form")
    assert "Give the number or name" in no_number.get_data(as_text=True)
    no_article = _use(clerk, code, "evidence", article="art-99", kind="minute", reference="x")
    assert no_article.status_code == 400 and "Not a valid choice" in no_article.get_data(as_text=True)


def test_flags_reach_the_reviewer_and_raise_the_rule_on_the_dashboard(app, office, rule_in_force, client_for,
                                                                      make_rule, today):
    code = rule_in_force(today - timedelta(days=10))
    other = make_rule(code="CWC-009", title="差旅费管理办法", versions=[("第一条 差旅。\n", today)])
    clerk = client_for(office["clerk"])
    assert _use(clerk, code, "flag", article="art-3", kind="outdated", note="高档菜肴的标准已过时").status_code == 302
    assert _use(clerk, code, "flag", article="art-2", kind="conflict", conflicting_code=other,
                note="登记要求与差旅办法不一致").status_code == 302
    no_code = _use(clerk, code, "flag", article="art-2", kind="conflict", note="x")
    assert no_code.status_code == 200 and "Name the rule this one conflicts with" in no_code.get_data(as_text=True)
    unknown = _use(clerk, code, "flag", kind="conflict", conflicting_code="NOPE-1", note="x")
    assert unknown.status_code == 400 and "There is no rule with this code." in unknown.get_data(as_text=True)
    no_note = _use(clerk, code, "flag", kind="outdated")
    assert no_note.status_code == 400 and "Say what the problem is in a note." in no_note.get_data(as_text=True)

    owner = client_for(office["owner"])
    board = owner.get("/reviews/").get_data(as_text=True)
    flagged = board[board.index('id="flagged"'):board.index('id="overdue"')]
    assert code in flagged and ">2<" in flagged and "Outdated 1" in flagged
    form = owner.get(f"/reviews/rule/{code}/review").get_data(as_text=True)
    assert "Reported since the last review" in form and "高档菜肴的标准已过时" in form and other in form
    assert owner.post(f"/reviews/rule/{code}/review",
                      data={"reviewed_on": today.isoformat(), "outcome": "keep", "notes": "已核查"}).status_code == 302
    assert "Reported since the last review" not in owner.get(f"/reviews/rule/{code}/review").get_data(as_text=True)
    assert 'id="flagged"' not in owner.get("/reviews/").get_data(as_text=True)
    assert "高档菜肴的标准已过时" in owner.get(f"/usage/rules/{code}").get_data(as_text=True)  # kept on the rule


def test_rule_pages_are_counted_per_day(app, office, rule_in_force, client_for, clock, today):
    from registry.usage.models import RuleViewDay

    code = rule_in_force(today)
    clerk = client_for(office["clerk"])
    for _ in range(3):
        assert clerk.get(f"/rules/{code}").status_code == 200
    clerk.get("/rules/NO-SUCH-RULE")
    clock.advance(days=1)
    assert client_for(office["clerk"]).get(f"/rules/{code}").status_code == 200  # a sign-in lasts 8 hours
    with app.app_context():
        rows = [(r.day, r.views) for r in db.session.scalars(select(RuleViewDay).order_by(RuleViewDay.day))]
    assert rows == [(today, 3), (today + timedelta(days=1), 1)]


def test_dormant_rules_on_a_hand_made_set(app, office, make_rule, client_for, clock):
    """Eight rules, each used (or not) at a known date; the run is on 2026-12-01 with 24 months."""
    from registry.acknowledgements import services as acks
    from registry.rules.queries import rule_by_code
    from registry.usage import services as usage

    clock.set("2026-12-01")
    old, recent = date(2023, 6, 1), date(2026, 1, 1)
    codes = {name: make_rule(code=f"DM-{name}", title=f"办法{name}", versions=[(f"第一条 {name}。\n", when)])
             for name, when in (("unused", old), ("viewed", old), ("evidenced", old), ("acknowledged", old),
                                ("new", recent), ("stale-view", old))}
    codes["cited"] = make_rule(code="DM-cited", title="被引用办法", versions=[("第一条 被引。\n", old)])
    make_rule(code="DM-citing", title="引用细则", versions=[("第一条 依据《被引用办法》第一条制定。\n", recent)])
    codes["repealed"] = make_rule(code="DM-repealed", title="办法repealed", versions=[("第一条 废。\n", old)],
                                  repealed_on=date(2025, 1, 1))
    clock.set("2025-11-30")  # one year ago: inside the window
    assert client_for(office["clerk"]).get(f"/rules/{codes['viewed']}").status_code == 200
    clock.set("2024-11-30")  # 24 months and a day ago: outside
    assert client_for(office["clerk"]).get(f"/rules/{codes['stale-view']}").status_code == 200
    clock.set("2026-06-01")
    with app.app_context():
        usage.add_evidence(None, rule_by_code(codes["evidenced"]), kind="inspection", reference="检查记录 2026-05")
        rule = rule_by_code(codes["acknowledged"])
        request = acks.request_acknowledgement(None, rule.versions[-1], department_ids=[], roles=["reader"],
                                               everyone=False, due_on=date(2026, 7, 1))
        from registry.auth.models import User

        acks.acknowledge(db.session.get(User, office["clerk"].id), request)
        db.session.commit()
    clock.set("2026-12-01")
    approver = client_for(office["approver"])
    page = approver.get("/usage/dormant").get_data(as_text=True)
    listed = {c for c in codes.values() if f">{c}<" in page}
    assert listed == {codes["unused"], codes["stale-view"]}
    assert "2023-06-01" in page and "2024-11-30" in page
    assert client_for(office["clerk"]).get("/usage/dormant").status_code == 403


def _attach(client, code, name, content, **data):
    fields = {"evidence-article": data.pop("article", ""), "evidence-kind": "file",
              "evidence-file": (io.BytesIO(content), name), **{f"evidence-{k}": v for k, v in data.items()}}
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    fields["evidence-file"] = FileStorage(*fields["evidence-file"])
    boundary, body = encode_multipart(fields)  # in memory: the test client would spool a large body to a file
    return client.post(f"/usage/rules/{code}/evidence", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_evidence_as_a_file_downloaded_by_readers_of_the_rule_only(app, office, rule_in_force, client_for, today,
                                                                    make_rule, make_user, make_department):
    from registry.usage.models import ArticleEvidence

    app.config["EVIDENCE_MAX_FILE_MB"] = 1
    code = rule_in_force(today - timedelta(days=10))
    clerk = client_for(office["clerk"])
    page = clerk.get(f"/usage/rules/{code}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "at most 1 MB" in page
    scan = b"%PDF-1.4\n" + bytes(range(256)) * 40
    done = _attach(clerk, code, "接待登记表（已签字）.pdf", scan, article="art-2", note="2026年11月")
    assert done.status_code == 302
    refusals = {
        "empty": (_attach(clerk, code, "空.pdf", b""), "The file 空.pdf is empty."),
        "type": (_attach(clerk, code, "宏.exe", b"MZ"), "Files of this type cannot be attached (宏.exe)"),
        "big": (_attach(clerk, code, "大.pdf", b"x" * (1024 * 1024 + 1)),
                "The file 大.pdf is too large: 1.0 MB, at most 1 MB."),
        "none": (clerk.post(f"/usage/rules/{code}/evidence", data={"evidence-article": "", "evidence-kind": "file"}),
                 "Choose the file to attach."),
    }
    for name, (response, message) in refusals.items():
        assert response.status_code == 200 and message in response.get_data(as_text=True), name
    with app.app_context():
        rows = list(db.session.scalars(select(ArticleEvidence)))
        assert [(r.kind, r.article_label, r.filename, r.size) for r in rows] == [
            ("file", "第二条", "接待登记表（已签字）.pdf", len(scan))]
        evidence_id = rows[0].id
    url = f"/usage/rules/{code}/evidence/{evidence_id}/file"
    listing = clerk.get(f"/usage/rules/{code}").get_data(as_text=True)
    assert f'href="{url}"' in listing and "接待登记表（已签字）.pdf" in listing
    download = clerk.get(url)
    assert download.status_code == 200 and download.data == scan
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert client_for(office["accountant"]).get(url).status_code == 200  # the rule is in force: all staff read it

    # the reviewer sees it with the other evidence
    form = client_for(office["owner"]).get(f"/reviews/rule/{code}/review").get_data(as_text=True)
    assert "Reported since the last review" in form and f'href="{url}"' in form

    # not through another rule's address, nor for a rule the reader may not see (a draft-only rule: 404)
    other = make_rule(code="CWC-010", title="另一办法", versions=[("第一条 另。\n", today)])
    assert clerk.get(f"/usage/rules/{other}/evidence/{evidence_id}/file").status_code == 404
    hidden = make_rule(code="DRAFT-1", title="草案", versions=[], draft="第一条 草。\n")
    assert clerk.get(f"/usage/rules/{hidden}/evidence/{evidence_id}/file").status_code == 404
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]


def test_evidence_file_in_chinese(app, office, rule_in_force, client_for, today, set_locale):
    code = rule_in_force(today - timedelta(days=10))
    set_locale(office["clerk"].id, "zh_CN")
    clerk = client_for(office["clerk"])
    page = clerk.get(f"/usage/rules/{code}").get_data(as_text=True)
    assert "文件" in page
    refused = _attach(clerk, code, "宏.exe", b"MZ").get_data(as_text=True)
    assert "不能作为佐证附上" in refused and "宏.exe" in refused
    assert "文件 空.pdf 是空的" in _attach(clerk, code, "空.pdf", b"").get_data(as_text=True)
