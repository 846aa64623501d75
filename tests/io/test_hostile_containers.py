"""Hostile containers: parts that unpack far past their file's size, and zip member names that cannot be stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from registry.io.metadata import MetadataError, load_sheet
from registry.io.readers import UnreadableFile, read_document
from registry.io.zipparts import UnpackLimits, check_package
from tests.io.samples import write_docx, zip_bytes
from tests.io.webimport import upload

MB = 1024 * 1024


def _inflate_docx(source, target, extra_bytes: int) -> None:
    """Rewrite a real .docx with `extra_bytes` of whitespace padding inside word/document.xml (valid XML)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * extra_bytes, 1)
            bomb.writestr(info.filename, data)


def test_docx_whose_document_xml_unpacks_past_the_part_limit_is_refused(make_app, tmp_path):
    write_docx(tmp_path / "real.docx")
    _inflate_docx(tmp_path / "real.docx", tmp_path / "bomb.docx", 3 * MB)
    assert (tmp_path / "bomb.docx").stat().st_size < 200_000  # far under the file-size limit
    app = make_app(IMPORT_MAX_PART_MB=1)
    with app.app_context(), pytest.raises(UnreadableFile, match="word/document.xml unpacks to more than 1 MB"):
        read_document(tmp_path / "bomb.docx")
    with app.app_context():  # the same file without the padding still reads
        assert "第二条 本办法适用于本单位各部门。" in read_document(tmp_path / "real.docx")


def test_all_parts_together_are_bounded_too(tmp_path):
    path = tmp_path / "many.docx"
    path.write_bytes(zip_bytes({f"word/media/p{i}.xml": b" " * (600 * 1024) for i in range(4)}))
    with pytest.raises(Exception, match="parts of the file unpack to more than 2 MB"):
        check_package(path, UnpackLimits(part_bytes=1 * MB, total_bytes=2 * MB))


def test_a_lying_header_cannot_unpack_more_than_measured(tmp_path):
    from registry.io.zipparts import read_member

    path = tmp_path / "lie.zip"
    path.write_bytes(zip_bytes({"a.xml": b"a" * (2 * MB)}))
    with zipfile.ZipFile(path) as bundle:
        info = bundle.getinfo("a.xml")
        info.file_size = 10  # a header that lies low: the reader counts what comes out, not what is declared
        with pytest.raises(Exception, match="unpacks to more than|CRC|Bad"):
            read_member(bundle, info, 1 * MB)


def test_metadata_sheet_with_an_inflated_part_is_refused(make_app, tmp_path):
    workbook = Workbook()
    workbook.active.append(["file", "code"])
    workbook.save(tmp_path / "sheet.xlsx")
    with zipfile.ZipFile(tmp_path / "sheet.xlsx") as original, \
            zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (3 * MB), 1)
            bomb.writestr(info.filename, data)
    app = make_app(IMPORT_MAX_PART_MB=1)
    with app.app_context(), pytest.raises(MetadataError, match="unpacks to more than 1 MB"):
        load_sheet(tmp_path / "bomb.xlsx")


def _zip_with_raw_names(names: dict[bytes, bytes]) -> bytes:
    """A zip whose member names are raw bytes written WITHOUT the UTF-8 flag (as Linux `zip` does)."""
    placeholders = {f"{i:0{len(raw) - 3}d}.md".encode(): raw for i, raw in enumerate(names)}
    data = zip_bytes({p.decode(): names[raw] for p, raw in placeholders.items()})
    for placeholder, raw in placeholders.items():
        data = data.replace(placeholder, raw)
    return data


def test_utf8_names_without_the_flag_are_decoded_as_utf8(app, tmp_path):
    from registry.io.archives import extract_zip

    data = _zip_with_raw_names({"人事/考勤规定.md".encode(): "# 考勤规定\n\n第一条 按时上班。\n".encode()})
    (tmp_path / "linux.zip").write_bytes(data)
    assert extract_zip(tmp_path / "linux.zip", tmp_path / "out") == []
    assert (tmp_path / "out" / "人事" / "考勤规定.md").exists()


def test_over_long_names_are_refused_per_member_and_the_preview_answers(app, client, login, make_user):
    login(make_user("editor"))
    long_name = "很长的名字" * 20 + ".md"  # 303 bytes in UTF-8: no file system stores it
    archive = _zip_with_raw_names({
        long_name.encode(): "# 长\n\n第一条 内容。\n".encode(),
        ("目录" * 50 + "/规定.md").encode(): "# 规定\n\n第一条 内容。\n".encode(),
        "印章管理办法.md".encode(): "# 印章管理办法\n\n第一条 印章由办公室保管。\n".encode(),
    })
    response = upload(client, archive, "names.zip")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:800]
    assert page.count("the name is longer than 255 bytes") == 2
    assert "印章管理办法" in page and long_name in page


def test_an_image_in_a_zip_of_one_rule_is_attached_and_a_nested_zip_skipped(app, runner, tmp_path):
    inner = zip_bytes({"inner.md": b"# x\n"})
    archive = tmp_path / "upload.zip"
    archive.write_bytes(zip_bytes({
        "印章管理办法.md": "# 印章管理办法\n\n第一条 印章由办公室保管。\n".encode(),
        "scan.jpg": b"\xff\xd8\xff" + b"0" * 100,
        "old/more.zip": inner,
        "__MACOSX/._x": b"",
        ".DS_Store": b"",
    }))
    result = runner.invoke(args=["rules", "import", str(archive), "--dry-run"])
    out = result.output
    assert "1 rules created" in out and "1 skipped" in out, out
    assert "scan.jpg" not in out.split("skipped")[-1]
    assert "old/more.zip: an archive inside the upload is not unpacked" in out
    assert ".DS_Store" not in out and "__MACOSX" not in out


def test_a_zip_in_a_folder_is_reported(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "规定.md").write_text("# 规定\n\n第一条 内容。\n", encoding="utf-8")
    (folder / "旧文件.zip").write_bytes(zip_bytes({"a.md": b"# a\n"}))
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created" in result.output and "1 skipped" in result.output, result.output
    assert "旧文件.zip: an archive inside the upload is not unpacked" in result.output


def test_every_sheet_still_opens_after_the_check(tmp_path):
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["file", "code"])
    workbook.active.append(["a.md", "X-1"])
    workbook.save(buffer)
    (tmp_path / "ok.xlsx").write_bytes(buffer.getvalue())
    assert load_sheet(tmp_path / "ok.xlsx").lookup("a.md").code == "X-1"
