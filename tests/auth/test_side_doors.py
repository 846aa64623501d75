"""The side doors of issue 11, each shut: who may approve, import, link, inventory, suggest and list drafts."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.db import db
from registry.rules.models import Rule
from tests.io.samples import write_folder, zip_bytes
from tests.io.webimport import follow, upload

TEXT = "第一条 印章由办公室保管。\n\n第二条 用印须登记。\n\n第三条 本办法自2020年1月1日起施行。\n"
SEAL_RULE_ZIP = zip_bytes({"印章管理办法.md": ("# 印章管理办法\n\n" + TEXT).encode()})
SECRET = "秘密草案标题"  # the title of a draft nobody outside its department may learn


@pytest.fixture
def office(make_department):
    return make_department("BGS", "办公室")


@pytest.fixture
def finance(make_department):
    return make_department("CWC", "财务处")


def _rule(app, code):
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.code == code))
        return None if rule is None else {
            "department": rule.department.code if rule.department else None, "title": rule.title,
            "statuses": [v.status for v in rule.versions], "approved_by": [v.approved_by_id for v in rule.versions]}


def _import_folder(app, folder: Path, actor_email: str | None, **options):
    from registry.auth.models import User
    from registry.io.importer import import_path

    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == actor_email)) if actor_email else None
        report = import_path(folder, actor=actor, keep_items=True, **options)
        return report.summary, {i.file: (i.action, i.reason, i.warnings) for i in report.items}


# 1. Only approvers make a version approved: web import, CLI import.

def test_an_editors_web_import_arrives_as_drafts_and_says_so(app, client, login, make_user, office):
    editor = login(make_user("editor", department_id=office))
    preview = upload(client, SEAL_RULE_ZIP, "规章.zip").get_data(as_text=True)
    assert "imported as a draft: only an approver can put a text in force" in preview
    token = re.search(r"/io/import/([0-9a-f]{32})", preview).group(1)
    client.post(f"/io/import/{token}")
    assert follow(client, token)["state"] == "done"
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.source_path == "印章管理办法.md"))
        assert [v.status for v in rule.versions] == ["draft"] and rule.department_id == office
        assert rule.versions[0].approved_by_id is None and rule.versions[0].created_by_id == editor.id


def test_the_cli_says_who_imports_and_only_an_approver_puts_texts_in_force(app, runner, tmp_path, make_user,
                                                                           office):
    folder = write_folder(tmp_path / "in", {"印章管理办法.md": "# 印章管理办法\n\n" + TEXT})
    refused = runner.invoke(args=["rules", "import", str(folder)])
    assert refused.exit_code != 0 and "--as" in refused.output
    assert runner.invoke(args=["rules", "import", "--as", "nobody@example.org", str(folder)]).exit_code != 0
    reader = make_user("reader")
    assert runner.invoke(args=["rules", "import", "--as", reader.email, str(folder)]).exit_code != 0
    editor = make_user("editor", department_id=office)
    result = runner.invoke(args=["rules", "import", "--as", editor.email, str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.source_path == "印章管理办法.md"))
        assert [v.status for v in rule.versions] == ["draft"] and rule.department_id == office
    (folder / "印章管理办法.md").write_text("# 印章管理办法\n\n" + TEXT + "\n第三条 新增。\n", encoding="utf-8")
    approver = make_user("approver")
    with app.app_context():  # the editor's draft is discarded so the approver's text can follow
        from registry.rules import services

        rule = db.session.scalar(select(Rule).where(Rule.source_path == "印章管理办法.md"))
        services.discard_draft(None, rule.versions[0])
        db.session.commit()
    result = runner.invoke(args=["rules", "import", "--as", approver.email, str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.source_path == "印章管理办法.md"))
        assert [(v.status, v.approved_by_id) for v in rule.versions] == [("approved", approver.id)]


def test_an_editor_gets_the_newest_dated_text_as_a_draft_and_is_told_about_the_history(app, tmp_path, make_user,
                                                                                        office):
    folder = write_folder(tmp_path / "in", {
        "考勤规定(2020-01-01).md": "# 考勤规定\n\n第一条 按时上班。\n",
        "考勤规定(2023-07-01).md": "# 考勤规定\n\n第一条 弹性上班。\n",
    })
    editor = make_user("editor", department_id=office)
    _summary, items = _import_folder(app, folder, editor.email)
    assert items["考勤规定(2020-01-01).md"][0] == "failed" and "approver" in items["考勤规定(2020-01-01).md"][1]
    assert items["考勤规定(2023-07-01).md"][0] == "created"
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.source_path == "考勤规定.md"))
        assert [v.status for v in rule.versions] == ["draft"] and "弹性" in rule.versions[0].body


# 2. Import passes the same permission checks as the pages.

def test_an_editor_cannot_take_over_another_departments_rule_through_import(app, tmp_path, make_user, make_rule,
                                                                             office, finance):
    make_rule(code="CW-1", title="差旅费管理办法", versions=[(TEXT, date(2020, 1, 1))], department_id=finance)
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.code == "CW-1"))
        rule.source_path = "差旅费管理办法.md"
        db.session.commit()
    folder = write_folder(tmp_path / "in", {
        "差旅费管理办法.md": "# 差旅费管理办法（改）\n\n第一条 住宿费不限。\n",
        "印章管理办法.md": "# 印章管理办法\n\n" + TEXT,
        "sheet.csv": "file,title,department\n差旅费管理办法.md,我的办法,BGS\n",
    })
    from registry.io.metadata import load_sheet

    editor = make_user("editor", department_id=office)
    summary, items = _import_folder(app, folder, editor.email, metadata=load_sheet(folder / "sheet.csv"))
    action, reason, _warnings = items["差旅费管理办法.md"]
    assert action == "failed" and "may not change" in reason
    assert items["印章管理办法.md"][0] == "created"  # the rest imports
    assert _rule(app, "CW-1") == {"department": "CWC", "title": "差旅费管理办法", "statuses": ["approved"],
                                  "approved_by": [None]}


def test_a_sheet_cannot_place_an_editors_rules_in_another_department(app, tmp_path, make_user, make_rule,
                                                                      office, finance):
    from registry.io.metadata import load_sheet

    folder = write_folder(tmp_path / "in", {
        "新办法.md": "# 新办法\n\n" + TEXT,
        "sheet.csv": "file,code,department\n新办法.md,NEW-1,CWC\n",
    })
    editor = make_user("editor", department_id=office)
    _summary, items = _import_folder(app, folder, editor.email, metadata=load_sheet(folder / "sheet.csv"))
    assert items["新办法.md"][0] == "failed" and "department" in items["新办法.md"][1]
    assert _rule(app, "NEW-1") is None
    # An existing rule of the editor's own department cannot be moved away by the sheet either.
    (folder / "sheet.csv").write_text("file,code\n新办法.md,NEW-1\n", encoding="utf-8")
    _import_folder(app, folder, editor.email, metadata=load_sheet(folder / "sheet.csv"))
    assert _rule(app, "NEW-1")["department"] == "BGS"
    (folder / "新办法.md").write_text("# 新办法\n\n" + TEXT + "第三条 又改。\n", encoding="utf-8")
    (folder / "sheet.csv").write_text("file,department\n新办法.md,CWC\n", encoding="utf-8")
    _summary, items = _import_folder(app, folder, editor.email, metadata=load_sheet(folder / "sheet.csv"))
    assert items["新办法.md"][0] == "failed"
    assert _rule(app, "NEW-1")["department"] == "BGS"


# 3. Related rules and the basis panel name only what the visitor may read.

@pytest.fixture
def linked(app, make_rule, make_user, office, finance):
    """A published rule of the office, linked (related and basis) to a draft of finance."""
    from registry.reviews import services as reviews
    from registry.rules import services

    make_rule(code="BG-1", title="公开办法", versions=[(TEXT, date(2020, 1, 1))], department_id=office)
    make_rule(code="CW-9", title=SECRET, draft=TEXT, department_id=finance)
    with app.app_context():
        public, draft = (db.session.scalar(select(Rule).where(Rule.code == c)) for c in ("BG-1", "CW-9"))
        services.update_rule(None, public, related=[draft])
        reviews.set_basis(None, public, [draft])
        db.session.commit()


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor-of-office"])
def test_related_rules_and_basis_do_not_name_hidden_drafts(app, make_app, client, login, make_user, linked, office,
                                                           role):
    if role == "anonymous":
        client = make_app(LOGIN_REQUIRED=False).test_client()
    else:
        login(make_user("editor", department_id=office) if role == "editor-of-office" else make_user("reader"))
    for url in ("/rules/BG-1", "/api/v1/rules/BG-1"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert SECRET not in page.get_data(as_text=True) and "CW-9" not in page.get_data(as_text=True), url


def test_the_finance_editor_still_sees_the_links_and_saving_keeps_hidden_ones(app, client, login, make_user, linked,
                                                                              office, finance):
    login(make_user("editor", department_id=office))
    form = client.get("/rules/BG-1/edit").get_data(as_text=True)
    assert "CW-9" not in form
    saved = client.post("/rules/BG-1/edit", data={"code": "BG-1", "title": "公开办法", "department_id": office,
                                                   "related": ""})
    assert saved.status_code == 302
    client.post("/reviews/rule/BG-1/basis", data={"codes": ""})
    login(make_user("editor", department_id=finance))
    page = client.get("/rules/CW-9").get_data(as_text=True)
    assert "BG-1" in page  # the link made by an approver survived the office editor's save


def test_a_hidden_draft_code_is_as_unknown_as_a_code_that_does_not_exist(app, client, login, make_user, linked,
                                                                        office):
    login(make_user("editor", department_id=office))
    answers = []
    for code in ("CW-9", "NO-SUCH"):
        for url, data in (("/rules/BG-1/edit", {"code": "BG-1", "title": "公开办法", "department_id": office,
                                                "related": code}),
                          ("/reviews/rule/BG-1/basis", {"codes": code})):
            page = client.post(url, data=data)
            assert page.status_code == 200
            answers.append(re.findall(r'class="flash error"[^>]*>(.*?)</div>', page.get_data(as_text=True).replace(
                code, "CODE")))
    assert answers[0] == answers[2] == ["No rule has the code(s): CODE"] and answers[1] == answers[3]


# 4. Campaigns take stock of the record, not of drafts.

def test_campaigns_leave_drafts_out_of_the_page_and_the_exports(app, client, login, make_user, make_rule, finance):
    make_rule(code="CW-1", title="公开办法", versions=[(TEXT, date(2020, 1, 1))], department_id=finance)
    make_rule(code="CW-9", title=SECRET, draft=TEXT, department_id=finance)
    login(make_user("admin"))
    opened = client.post("/proposals/campaigns/new", data={"title": "2026 梳理", "deadline_on": "2030-01-01"})
    assert opened.status_code == 302, opened.get_data(as_text=True)[:300]
    login(make_user("reader"))
    url = opened.headers["Location"]
    for suffix in ("", "/export.csv", "/export.xlsx"):
        response = client.get(url + suffix)
        assert response.status_code == 200
        body = response.data if suffix.endswith("xlsx") else response.get_data(as_text=True)
        if suffix.endswith("xlsx"):
            from openpyxl import load_workbook

            body = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(body)) for row in ws for c in row)
        assert "CW-1" in body and SECRET not in body and "CW-9" not in body, suffix


# 5. Did you mean: only words everyone may read.

def test_did_you_mean_never_suggests_a_word_only_a_draft_contains(app, client, login, make_user, make_rule, finance):
    make_rule(code="EN-1", title="Leave policy", versions=[("Article 1 Staff get annual leave.\n", date(2020, 1, 1))])
    make_rule(code="EN-9", title="Draft", draft="Article 1 The zeppelin budget is secret.\n", department_id=finance)
    for user in (make_user("reader"), make_user("approver")):
        login(user)
        assert client.get("/api/v1/search", query_string={"q": "zeppelln"}).get_json()["did_you_mean"] is None
        # a word only in drafts is not "known": the reader gets the same answer as for any unknown word
        assert client.get("/api/v1/search", query_string={"q": "zeppelin"}).get_json()["did_you_mean"] is None
        assert client.get("/api/v1/search", query_string={"q": "polcy"}).get_json()["did_you_mean"] == "policy"


# 6. Lists, the API and exports show an editor only their own department's drafts.

@pytest.mark.parametrize("url", ["/rules?status=draft", "/rules", "/api/v1/rules?status=draft", "/api/v1/rules",
                                 "/io/catalogue.csv?status=draft", "/io/catalogue.csv"])
def test_an_editor_sees_only_their_departments_drafts_in_lists(app, client, login, make_user, make_rule, office,
                                                                finance, url):
    make_rule(code="BG-8", title="本部门草案", draft=TEXT, department_id=office)
    make_rule(code="CW-9", title=SECRET, draft=TEXT, department_id=finance)
    make_rule(code="XX-9", title="无部门草案", draft=TEXT)
    def body():
        response = client.get(url)
        assert response.status_code == 200
        return json.dumps(response.get_json(), ensure_ascii=False) if response.is_json else response.get_data(
            as_text=True)

    login(make_user("editor", department_id=office))
    seen = body()
    assert "本部门草案" in seen and SECRET not in seen and "无部门草案" not in seen
    login(make_user("approver"))
    seen = body()
    assert SECRET in seen and "无部门草案" in seen


# 7. Unassigned rules belong to approvers; editors keep rules in their department.

def test_a_rule_without_a_department_is_maintained_by_approvers_only(app, client, login, make_user, make_rule,
                                                                     office):
    code = make_rule(code="XX-1", title="无部门办法", versions=[(TEXT, date(2020, 1, 1))])
    login(make_user("editor", department_id=office))
    assert client.get(f"/rules/{code}/edit").status_code == 403
    assert client.get(f"/rules/{code}/versions/new").status_code == 403
    assert client.post(f"/rules/{code}/edit", data={"code": code, "title": "改了"}).status_code == 403
    login(make_user("editor"))  # an editor without a department maintains nothing
    assert client.get("/rules/new").status_code == 200
    created = client.post("/rules/new", data={"code": "NEW-1", "title": "新办法"})
    assert created.status_code == 200 and _rule(app, "NEW-1") is None
    login(make_user("approver"))
    assert client.get(f"/rules/{code}/edit").status_code == 200


def test_an_editor_cannot_move_a_rule_to_another_department(app, client, login, make_user, make_rule, office,
                                                            finance):
    code = make_rule(code="BG-1", title="本部门办法", versions=[(TEXT, date(2020, 1, 1))], department_id=office)
    login(make_user("editor", department_id=office))
    for department in (finance, ""):
        page = client.post(f"/rules/{code}/edit", data={"code": code, "title": "本部门办法",
                                                        "department_id": department})
        assert page.status_code == 200, department
        assert _rule(app, code)["department"] == "BGS"
    created = client.post("/rules/new", data={"code": "CW-2", "title": "别部门的", "department_id": finance})
    assert created.status_code == 200 and _rule(app, "CW-2") is None
    assert client.post("/rules/new", data={"code": "BG-2", "title": "本部门的", "department_id": office}
                       ).status_code == 302
    login(make_user("approver"))
    assert client.post(f"/rules/{code}/edit", data={"code": code, "title": "本部门办法", "department_id": finance}
                       ).status_code == 302
    assert _rule(app, code)["department"] == "CWC"


def test_an_editor_without_a_department_imports_nothing_and_is_told_why(app, tmp_path, make_user):
    folder = write_folder(tmp_path / "in", {"新办法.md": "# 新办法\n\n" + TEXT})
    _summary, items = _import_folder(app, folder, make_user("editor").email)
    assert items["新办法.md"][0] == "failed" and "no department" in items["新办法.md"][1]
