"""Rule codes: one shape for every way a rule is made, so that every rule's pages can be reached."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest

from registry.db import db
from registry.rules import services
from registry.rules.models import Rule

BAD = ["GL-1\r\nX-2", "GL-1\nX", "/GL-1", "GL-1/", "GL//1", "GL/../003", "GL/.x", "GL-1/edit", "A/v/1", "..",
       ".hidden", "A..B", "GL\x07-1", "GL\t1", "GL?x=1", "GL#1", "GL%2F1", "GL\\1", "GL\u200b1", "---", "G" * 101]
GOOD = ["GL-003", "GB/T 9704-2012", "DB11/T 1234", "办发〔2024〕3号", "HR 2024-01", "IMP-0A1B2C3D", "国发(2019)1号",
        "【内部】制度_7", "Ｇ１·2"]


@pytest.mark.parametrize("code", BAD)
def test_the_service_refuses_a_code_whose_pages_cannot_be_reached(app, code):
    with app.app_context():
        with pytest.raises(services.RuleError) as refused:
            services.create_rule(None, code=code, title="办法")
        assert "code" in str(refused.value)
        rule = services.create_rule(None, code="GL-100", title="办法")
        with pytest.raises(services.RuleError):
            services.update_rule(None, rule, code=code)


@pytest.mark.parametrize("code", GOOD)
def test_good_codes_are_kept_and_their_pages_answer(client, login, make_user, make_rule, code):
    login(make_user("reader"))
    make_rule(code=code, versions=[("第一条 好。\n", date(2024, 1, 1))])
    assert client.get(f"/rules/{quote(code)}").status_code == 200
    assert client.get(f"/api/v1/rules/{quote(code)}").get_json()["code"] == code


def test_surrounding_spaces_are_trimmed(app):
    with app.app_context():
        assert services.create_rule(None, code="  GL-7 \u3000", title="办法").code == "GL-7"


def test_the_form_says_the_shape_and_refuses_a_bad_code(app, client, login, make_user):
    login(make_user("admin"))
    page = client.get("/rules/new").get_data(as_text=True)
    assert "up to 100 characters" in page
    response = client.post("/rules/new", data={"code": "GL/../1", "title": "公务接待管理办法", "body": "第一条 文。\n"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "cannot start with" in html and "公务接待管理办法" in html
    with app.app_context():
        assert db.session.query(Rule).count() == 0


def test_an_import_refuses_only_the_file_with_a_bad_code(app, runner, tmp_path, importer_args):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "甲.md").write_text("# 甲办法\n\n第一条 甲。\n", encoding="utf-8")
    (folder / "乙.md").write_text("# 乙办法\n\n第一条 乙。\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("file,code\n甲.md,\"JA\r\n/../1\"\n乙.md,YI-1\n", encoding="utf-8")
    result = runner.invoke(args=["rules", "import", str(folder), "--metadata", str(sheet), *importer_args])
    assert result.exit_code == 0, result.output
    assert "1 rules created" in result.output and "1 failed" in result.output
    assert "甲.md: A rule code cannot contain" in result.output
    with app.app_context():
        assert [r.code for r in db.session.query(Rule)] == ["YI-1"]
