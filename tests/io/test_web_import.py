"""The web upload: preview first (nothing written), then import, for editors only."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from registry.db import db
from registry.rules.models import Rule, RuleVersion
from tests.io.samples import zip_bytes

GOOD = "# 印章管理办法\n\n办发〔2024〕7号\n\n第一条 印章由办公室保管。\n\n第二条 用印须登记。\n"


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Rule.id))), db.session.scalar(select(func.count(RuleVersion.id))))


def _upload(client, data: bytes, name: str, **extra):
    return client.post("/io/import", data={"document": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def test_zip_upload_previews_then_imports(app, client, login, make_user):
    login(make_user("editor"))
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
    result = client.post(f"/io/import/{token}")
    text = result.get_data(as_text=True)
    assert result.status_code == 200 and "3 rules created, 1 new versions, 0 unchanged, 2 refused" in text
    assert _counts(app) == (3, 4)
    again = client.post(f"/io/import/{token}")  # the staged upload is gone
    assert again.status_code == 302 and _counts(app) == (3, 4)


def test_single_docx_upload_and_unchanged_second_time(app, client, login, make_user, tmp_path):
    from tests.io.samples import write_docx

    login(make_user("admin"))
    data = write_docx(tmp_path / "x.docx").read_bytes()
    page = _upload(client, data, "公文处理办法.docx").get_data(as_text=True)
    assert "公文处理办法" in page and "办发〔2023〕12号" in page and ">3<" in page  # three articles detected
    token = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    client.post(f"/io/import/{token}")
    assert _counts(app) == (1, 1)
    page = _upload(client, data, "公文处理办法.docx").get_data(as_text=True)
    assert "There is nothing new to import." in page or "没有需要导入的新内容" in page


def test_upload_refusals(app, client, login, make_user):
    login(make_user("editor"))
    wrong_type = _upload(client, b"MZ...", "tool.exe")
    assert wrong_type.status_code == 200 and "Upload .docx, .pdf, .md, .txt or a .zip" in wrong_type.get_data(True)
    not_zip = _upload(client, b"not a zip at all", "bad.zip")
    assert "not a readable .zip archive" in not_zip.get_data(as_text=True)
    empty = _upload(client, b"", "empty.md")
    assert "the file is empty" in empty.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_readers_cannot_import_and_others_cannot_confirm(app, client, login, make_user):
    editor = make_user("editor")
    login(make_user("reader"))
    assert client.get("/io/import").status_code == 403
    client.post("/auth/logout")
    login(editor)
    page = _upload(client, GOOD.encode(), "印章管理办法.md").get_data(as_text=True)
    token = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    client.post("/auth/logout")
    login(make_user("editor"))
    assert client.post(f"/io/import/{token}").status_code == 302
    assert client.post("/io/import/../../etc").status_code in (302, 404, 405)
    assert _counts(app) == (0, 0)
