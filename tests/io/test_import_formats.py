"""Import of real .docx, .pdf and GBK files, the metadata sheet, dry runs and every kind of bad input."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from registry.db import db
from registry.io.documents import find_cjk_font
from registry.rules import queries
from registry.rules.models import Rule
from tests.io.samples import write_docx, write_encrypted_pdf, write_pdf, zip_bytes


def _count_rules(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Rule.id)))


def test_docx_keeps_headings_articles_tables_and_states_number_and_date(app, runner, tmp_path, importer_args):
    write_docx(tmp_path / "in" / "办文" / "公文处理办法.docx")
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "in")])
    assert "1 rules created" in result.output, result.output
    with app.app_context():
        rule = queries.rule_by_code("办发〔2023〕12号")
        body = rule.versions[0].body
        assert rule.title == "公文处理办法" and rule.category.path_name == "办文"
        assert rule.versions[0].effective_on == date(2023, 3, 1)
        assert "# 第一章 总则" in body and "第二条 本办法适用于本单位各部门。" in body
        assert "| 级别 | 住宿费 |" in body and "450\\|元" in body


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-zenhei)")
def test_pdf_with_chinese_text_layer_becomes_articles(app, runner, tmp_path, importer_args):
    write_pdf(tmp_path / "in" / "会议管理规定.pdf",
              ["会议管理规定", "发布日期：2022年6月1日", "第一条 为精简会议，制定本规定。",
               "第二条 会议应当控制规模。"])
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "in")])
    assert "1 rules created" in result.output, result.output
    with app.app_context():
        rule = db.session.scalars(select(Rule)).one()
        assert rule.title == "会议管理规定" and rule.versions[0].effective_on == date(2022, 6, 1)
        assert "第二条 会议应当控制规模。" in rule.versions[0].body


def test_gbk_text_and_dated_versions(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "值班制度(2019-01-01).txt").write_bytes("值班制度\n\n第一条 节假日安排值班。\n".encode("gbk"))
    (folder / "值班制度(2024-05-01).txt").write_bytes("值班制度\n\n第一条 节假日和夜间安排值班。\n".encode("gb18030"))
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created, 1 new versions, 0 unchanged, 0 failed" in result.output, result.output
    with app.app_context():
        rule = db.session.scalars(select(Rule)).one()
        assert rule.title == "值班制度" and rule.source_path == "值班制度.txt"
        assert [v.effective_on for v in rule.versions] == [date(2019, 1, 1), date(2024, 5, 1)]
        assert "夜间" in rule.versions[1].body


def test_bad_inputs_are_refused_with_reasons_and_the_rest_imports(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text("# 保密管理办法\n\n第一条 保守秘密。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a word file")
    (folder / "protected.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    write_encrypted_pdf(folder / "locked.pdf")
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4 garbage")
    with (folder / "huge.txt").open("wb") as handle:  # 200 MB, sparse: refused before reading
        handle.truncate(200 * 1024 * 1024)
    outside = tmp_path / "secret.md"
    outside.write_text("# 外部文件\n\n第一条 不应导入。\n", encoding="utf-8")
    os.symlink(outside, folder / "link.md")
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    out = result.output
    assert result.exit_code == 0, out
    assert "1 rules created, 0 new versions, 0 unchanged, 7 failed" in out
    assert "empty.txt: the file is empty" in out
    assert "broken.docx: the file is not a readable Word" in out
    assert "protected.docx: the Word file is password-protected" in out
    assert "locked.pdf: the PDF is password-protected" in out
    assert "damaged.pdf: the PDF" in out
    assert "huge.txt: the file is 200 MB, larger than the 20 MB limit" in out
    assert "link.md: symbolic links are not followed" in out
    with app.app_context():
        assert [r.title for r in db.session.scalars(select(Rule))] == ["保密管理办法"]


def test_zip_with_bomb_traversal_links_and_good_files(app, runner, tmp_path, importer_args):
    bomb = b"\x00" * (30 * 1024 * 1024)  # compresses ~1000:1
    archive = tmp_path / "upload.zip"
    archive.write_bytes(zip_bytes({
        "财务/差旅费管理办法(2018-10-26).md": "# 差旅费管理办法\n\n第一条 住宿费350元。\n".encode(),
        "财务/差旅费管理办法(2021-04-29).md": "# 差旅费管理办法\n\n第一条 住宿费450元。\n".encode(),
        "../escape.md": b"# x\n",
        "/abs/path.md": b"# x\n",
        "bomb.txt": bomb,
        "picture.png": b"ignored",
    }, symlinks={"link.md": "/etc/passwd"}))
    result = runner.invoke(args=["rules", "import", *importer_args, str(archive)])
    out = result.output
    assert "1 rules created, 1 new versions, 0 unchanged, 4 failed" in out, out
    assert "../escape.md: the path leaves the archive's folder" in out
    assert "/abs/path.md: the path leaves the archive's folder" in out
    assert "bomb.txt: the file is 30 MB, larger than" in out or "bomb.txt: the entry expands" in out
    assert "link.md: symbolic links are not extracted" in out
    assert not (tmp_path / "escape.md").exists()


def test_zip_bomb_by_ratio_and_by_total_size(app, tmp_path):
    from registry.io.archives import ArchiveLimits, UnsafeArchive, extract_zip

    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zip_bytes({"a.txt": b"0" * (5 * 1024 * 1024)}))
    refused = extract_zip(archive, tmp_path / "out", ArchiveLimits())
    assert refused == [("a.txt", "the entry expands far more than any document would (a zip bomb?)")]
    with pytest.raises(UnsafeArchive, match="would expand to"):
        extract_zip(archive, tmp_path / "out2", ArchiveLimits(max_total_bytes=1024 * 1024))
    (tmp_path / "fake.zip").write_bytes(b"not a zip")
    with pytest.raises(UnsafeArchive, match="not a readable .zip"):
        extract_zip(tmp_path / "fake.zip", tmp_path / "out3")


def test_metadata_sheet_and_dry_run(app, runner, tmp_path, make_department, make_user, importer_args):
    department_id = make_department(code="CWC", name="财务处")
    owner = make_user("editor", department_id=department_id, email="zhang@example.org")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "报销办法.md").write_text("# 报销办法\n\n第一条 凭票报销。\n", encoding="utf-8")
    (folder / "notes.md").write_text("# 备忘\n\n没有条文。\n", encoding="utf-8")
    book = Workbook()
    book.active.append(["文件", "编号", "分类", "部门", "负责人", "生效日期", "复审周期"])
    book.active.append(["报销办法.md", "CW-001", "财务/报销", "CWC", "zhang@example.org", date(2024, 1, 1), 12])
    book.active.append(["notes.md", "", "", "不存在的部门", "", "2024-13-01", "x"])
    book.save(tmp_path / "sheet.xlsx")
    dry = runner.invoke(args=["rules", "import", *importer_args, str(folder), "--metadata",
                              str(tmp_path / "sheet.xlsx"), "--dry-run"])
    assert "Dry run, nothing was written: 2 rules created" in dry.output, dry.output
    assert _count_rules(app) == 0
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder), "--metadata",
                                 str(tmp_path / "sheet.xlsx")])
    assert "2 rules created" in result.output, result.output
    with app.app_context():
        rule = queries.rule_by_code("CW-001")
        assert rule.category.path_name == "财务/报销" and rule.department.code == "CWC"
        assert rule.owner.id == owner.id and rule.review_cycle_months == 12
        assert rule.versions[0].effective_on == date(2024, 1, 1)


def test_csv_sheet_without_file_column_is_refused(app, runner, tmp_path, importer_args):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("# A办法\n\n第一条 a。\n", encoding="utf-8")
    (tmp_path / "sheet.csv").write_text("code,title\nX,Y\n", encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "in"), "--metadata",
                                 str(tmp_path / "sheet.csv")])
    assert result.exit_code != 0 and "needs a 'file'" in result.output
    assert _count_rules(app) == 0


def test_failed_batch_leaves_database_as_it_was(app, tmp_path, monkeypatch):
    from registry.io import importer

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"r{n}.md").write_text(f"# 规定{n}\n\n第一条 内容{n}。\n", encoding="utf-8")
    real = importer.import_group
    calls = []

    def failing(group, *args, **kwargs):
        calls.append(group.key)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(group, *args, **kwargs)

    monkeypatch.setattr(importer, "import_group", failing)
    with app.app_context(), pytest.raises(RuntimeError):
        importer.import_directory(Path(folder), batch_size=None)
    assert _count_rules(app) == 0


def test_docx_automatic_article_numbering_is_written_out(app, runner, tmp_path, importer_args):
    from tests.io.samples import write_numbered_docx

    write_numbered_docx(tmp_path / "in" / "车辆管理办法.docx")
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "in")])
    assert "1 rules created" in result.output, result.output
    with app.app_context():
        body = db.session.scalars(select(Rule)).one().versions[0].body
        assert "第一条 为加强车辆管理，制定本办法。" in body and "第十一条 规定11。" in body
        assert "（一） 公务用车；" in body and "（二） 应急用车。" in body
        assert "第十二条 本办法自印发之日起施行。" in body and "\n要点" in body
        from registry.rules.articles import parse_body

        assert len([a for a in parse_body(body).articles if a.label]) == 12


def test_zip_member_names_in_gbk_are_decoded(app, tmp_path):
    from registry.io.archives import extract_zip

    name = "规定.md".encode("gbk")
    placeholder = b"x" * (len(name) - 3) + b".md"
    data = zip_bytes({placeholder.decode(): "# 规定\n\n第一条 内容。\n".encode()}).replace(placeholder, name)
    (tmp_path / "gbk.zip").write_bytes(data)
    assert extract_zip(tmp_path / "gbk.zip", tmp_path / "out") == []
    assert (tmp_path / "out" / "规定.md").read_text(encoding="utf-8").startswith("# 规定")


def test_as_draft_keeps_dated_history_and_a_bad_version_names_its_file(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "用车规定(2019-01-01).md").write_text("# 用车规定\n\n第一条 旧。\n", encoding="utf-8")
    (folder / "用车规定(2022-01-01).md").write_text("# 用车规定\n\n第一条 新。\n", encoding="utf-8")
    (folder / "会议规定(2019-01-01).md").write_text("# 会议规定\n\n第一条 旧。\n", encoding="utf-8")
    (folder / "会议规定(2022-01-01).md").write_bytes(b"")
    result = runner.invoke(args=["rules", "import", *importer_args, "--as-draft", str(folder)])
    assert "1 rules created, 1 new versions, 0 unchanged, 1 failed" in result.output, result.output
    assert "会议规定(2022-01-01).md: the file is empty" in result.output
    with app.app_context():
        rule = db.session.scalars(select(Rule)).one()
        assert [(v.status, v.effective_on) for v in rule.versions] == [("approved", date(2019, 1, 1)), ("draft", None)]
