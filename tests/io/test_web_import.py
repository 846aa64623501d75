"""The web upload: preview first (nothing written), then import, for editors only."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from registry.db import db
from registry.rules.models import Rule, RuleVersion
from tests.io.samples import zip_bytes
from tests.io.webimport import GOOD, follow
from tests.io.webimport import upload as _upload


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Rule.id))), db.session.scalar(select(func.count(RuleVersion.id))))


def test_zip_upload_previews_then_imports(app, client, login, make_user):
    login(make_user("approver"))
    archive = zip_bytes({
        "办文/印章管理办法.md": GOOD.encode(),
        "人事/考勤规定(2020-01-01).txt": "考勤规定\n\n第一条 按时上班。\n".encode("gbk"),
        "人事/考勤规定(2023-07-01).txt": "考勤规定\n\n第一条 弹性上班。\n".encode("gbk"),
        "空白.md": b"",
        "备忘.md": "# 备忘\n\n没有条文。\n".encode(),
        "../evil.md": b"# x\n",
    })
    preview = _upload(client, archive, "规章.zip")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[:500]
    assert "Import preview" in page or "导入预览" in page
    for expected in ("印章管理办法", "办发〔2024〕7号", "办文", "考勤规定", "the file is empty", "no numbered articles",
                     "the path leaves the archive&#39;s folder"):
        assert expected in page, expected
    assert _counts(app) == (0, 0)  # the preview wrote nothing

    token = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    started = client.post(f"/io/import/{token}")
    assert started.status_code == 302 and started.headers["Location"].endswith(f"/io/import/{token}")
    status = follow(client, token)
    assert status["state"] == "done" and status["percent"] == 100 and status["total"] == 6
    assert status["counts"] == {"created": 3, "new_versions": 1, "unchanged": 0, "failed": 2}
    text = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert "Import finished" in text and "3 rules created, 1 new versions, 0 unchanged, 2 refused" in text
    assert "印章管理办法" in text and "the file is empty" in text
    assert _counts(app) == (3, 4)
    again = client.post(f"/io/import/{token}")  # already imported: only shows the result again
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/io/import/{token}")
    assert _counts(app) == (3, 4)


def test_single_docx_upload_and_unchanged_second_time(app, client, login, make_user, tmp_path):
    from tests.io.samples import write_docx

    login(make_user("admin"))
    data = write_docx(tmp_path / "x.docx").read_bytes()
    page = _upload(client, data, "公文处理办法.docx").get_data(as_text=True)
    assert "公文处理办法" in page and "办发〔2023〕12号" in page and ">3<" in page  # three articles detected
    token = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    client.post(f"/io/import/{token}")
    assert follow(client, token)["state"] == "done"
    assert _counts(app) == (1, 1)
    page = _upload(client, data, "公文处理办法.docx").get_data(as_text=True)
    assert "There is nothing new to import." in page or "没有需要导入的新内容" in page


def test_upload_refusals(app, client, login, make_user):
    login(make_user("approver"))
    wrong_type = _upload(client, b"MZ...", "tool.exe")
    assert wrong_type.status_code == 200
    assert "Upload .docx, .doc, .wps, .odt, .pdf, .html, .md" in wrong_type.get_data(True)
    not_zip = _upload(client, b"not a zip at all", "bad.zip")
    assert "not a readable .zip archive" in not_zip.get_data(as_text=True)
    empty = _upload(client, b"", "empty.md")
    assert "the file is empty" in empty.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_readers_cannot_import_and_others_cannot_confirm(app, client, login, make_user):
    editor = make_user("approver")
    login(make_user("reader"))
    assert client.get("/io/import").status_code == 403
    client.post("/auth/logout")
    login(editor)
    page = _upload(client, GOOD.encode(), "印章管理办法.md").get_data(as_text=True)
    token = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    client.post("/auth/logout")
    login(make_user("approver"))
    assert client.post(f"/io/import/{token}").status_code == 302
    assert client.post("/io/import/../../etc").status_code in (302, 404, 405)
    assert _counts(app) == (0, 0)


def test_size_limits_on_upload_and_inside_zip(app_settings, make_app, make_user, login):
    limited = make_app(MAX_CONTENT_LENGTH=256 * 1024, IMPORT_MAX_FILE_MB=1)
    editor = make_user("approver")
    client = limited.test_client()
    assert client.post("/auth/login", data={"email": editor.email, "password": "correct-horse-9"}).status_code == 302
    assert _upload(client, b"x" * (300 * 1024), "big.md").status_code == 413  # refused before it is read
    archive = zip_bytes({"large.md": ("第一条 " + "长" * 600_000).encode(), "ok.md": GOOD.encode()})
    page = _upload(client, archive, "rules.zip").get_data(as_text=True)
    assert "larger than the 1 MB limit" in page and "印章管理办法" in page


def test_chinese_interface(app, client, login, make_user):
    login(make_user("approver", locale="zh_CN"))
    assert "从文件导入制度" in client.get("/io/import").get_data(as_text=True)
    page = _upload(client, b"", "empty.md").get_data(as_text=True)
    assert "文件为空" in page and "导入预览" in page
