"""Pictures that come with a rule (a zip of one rule and its scans, a folder with a .docx and a .png) are
attached to that rule as the original files; a picture no rule can own, and a zip inside the upload,
are listed as skipped with the reason, never dropped silently."""

from __future__ import annotations

import io

from flask import url_for
from sqlalchemy import select

from registry.db import db
from registry.rules.models import Rule
from tests.io.samples import write_docx, zip_bytes


def _png(color: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def url_for_path(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def _rules() -> dict[str, Rule]:
    return {rule.title: rule for rule in db.session.scalars(select(Rule))}


def test_a_zip_of_one_rule_and_its_images_attaches_them(app, runner, tmp_path, importer_args):
    docx = write_docx(tmp_path / "src" / "公文处理办法.docx").read_bytes()
    inner = zip_bytes({"old.md": "# 旧\n\n第一条 旧。\n".encode()})
    archive = tmp_path / "upload.zip"
    archive.write_bytes(zip_bytes({"公文处理办法.docx": docx, "附图1 印章样式.png": _png(), "扫描件.jpg": _jpeg(),
                                   "旧版/更早.zip": inner}))
    result = runner.invoke(args=["rules", "import", *importer_args, str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 rules created" in result.output and "1 skipped" in result.output, result.output
    assert "旧版/更早.zip: an archive inside the upload is not unpacked" in result.output
    with app.app_context():
        version = _rules()["公文处理办法"].versions[-1]
        pictures = {a.filename: a for a in version.attachments}
        assert set(pictures) == {"附图1 印章样式.png", "扫描件.jpg"}
        seal = pictures["附图1 印章样式.png"]
        assert seal.content == _png() and seal.media_type == "image/png"
        assert pictures["扫描件.jpg"].media_type == "image/jpeg" and pictures["扫描件.jpg"].title == "扫描件"


def test_the_rule_page_links_the_image_and_serves_the_original(app, runner, client, tmp_path, importer_args,
                                                                 login, make_user):
    folder = tmp_path / "in"
    write_docx(folder / "公文处理办法.docx")
    (folder / "公文处理办法-图1.png").write_bytes(_png("green"))
    assert runner.invoke(args=["rules", "import", *importer_args, str(folder)]).exit_code == 0
    with app.app_context():
        rule = _rules()["公文处理办法"]
        code, attachment = rule.code, rule.versions[-1].attachments[0]
        assert attachment.filename == "公文处理办法-图1.png"
    with app.test_request_context():
        link = url_for("rules.attachment", code=code, number=1, position=attachment.position)
    login(make_user("reader"))
    page = client.get(url_for_path(app, "rules.rule_page", code=code)).get_data(as_text=True)
    assert link in page and "公文处理办法-图1" in page
    served = client.get(link)
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == _png("green")


def test_in_a_folder_of_several_rules_an_image_goes_to_the_rule_it_is_named_after(app, runner, tmp_path,
                                                                                   importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "用车规定.md").write_text("# 用车规定\n\n第一条 用车。\n", encoding="utf-8")
    (folder / "印章规定.md").write_text("# 印章规定\n\n第一条 印章。\n", encoding="utf-8")
    (folder / "印章规定-附图.png").write_bytes(_png())
    (folder / "合影.png").write_bytes(_png("white"))
    (folder / "图片" / "空.png").parent.mkdir()
    (folder / "图片" / "空.png").write_bytes(_png("black"))
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    out = result.output
    assert "2 rules created" in out and "2 skipped" in out, out
    assert "合影.png: its folder holds 2 rules: name the image after the one it belongs to" in out
    assert "图片/空.png: an image with no document beside it" in out
    with app.app_context():
        rules = _rules()
        assert [a.filename for a in rules["印章规定"].versions[-1].attachments] == ["印章规定-附图.png"]
        assert rules["用车规定"].versions[-1].attachments == []


def test_the_preview_says_which_images_will_be_attached_and_stores_nothing(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    write_docx(folder / "公文处理办法.docx")
    (folder / "附图.png").write_bytes(_png())
    result = runner.invoke(args=["rules", "import", *importer_args, "--dry-run", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _rules() == {}
