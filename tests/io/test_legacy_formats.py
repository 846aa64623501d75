"""Legacy .doc/.wps/.odt files go through LibreOffice when it is installed, with a clear message when not."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from registry.io import convert
from registry.io.readers import UnreadableFile, read_document
from tests.io.samples import write_docx

needs_libreoffice = pytest.mark.skipif(convert.soffice() is None,
                                       reason="LibreOffice is not installed (make libreoffice)")


def _legacy(tmp_path: Path, fmt: str) -> Path:
    """Make a real .doc/.odt from a .docx with LibreOffice itself (Word 97 and ODF writers)."""
    source = write_docx(tmp_path / "src" / "公文处理办法.docx")
    filters = {"doc": "doc:MS Word 97", "odt": "odt"}
    subprocess.run([convert.soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", filters[fmt], "--outdir", str(tmp_path / "legacy"), str(source)],
                   check=True, capture_output=True, timeout=120)
    return tmp_path / "legacy" / f"公文处理办法.{fmt}"


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """The temporary folder conversions work in: this test's own, so other runs on the machine do not count."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _soffice_processes(scratch: Path) -> set[int]:
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in out.splitlines() if str(scratch) in line}


@needs_libreoffice
@pytest.mark.parametrize("fmt", ["doc", "odt"])
def test_legacy_word_files_are_converted_and_read(app, runner, tmp_path, fmt, importer_args, scratch):
    legacy = _legacy(tmp_path, fmt)
    text = read_document(legacy)
    assert "第二条 本办法适用于本单位各部门。" in text and "住宿费" in text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / legacy.name).write_bytes(legacy.read_bytes())
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created" in result.output, result.output
    assert not _soffice_processes(scratch)
    assert not list(scratch.glob("registry-convert-*"))


@needs_libreoffice
def test_a_conversion_that_takes_too_long_is_stopped_and_leaves_nothing(app, tmp_path, scratch):
    legacy = _legacy(tmp_path, "doc")
    with pytest.raises(convert.ConversionFailed, match="longer than 0.01 seconds"), \
            convert.converted_docx(legacy, timeout=0.01):
        pass
    assert not _soffice_processes(scratch)
    assert not list(scratch.glob("registry-convert-*"))


def test_without_libreoffice_each_file_says_why(app, runner, tmp_path, monkeypatch, importer_args):
    monkeypatch.setattr(convert, "PROGRAMS", ("registry-no-such-soffice",))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "旧制度.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (folder / "新制度.md").write_text("# 新制度\n\n第一条 内容。\n", encoding="utf-8")
    with app.app_context(), pytest.raises(UnreadableFile, match="LibreOffice, which is not installed"):
        read_document(folder / "旧制度.doc")
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created, 0 new versions, 0 unchanged, 1 failed" in result.output, result.output
    assert "旧制度.doc: .doc files are read through LibreOffice, which is not installed" in result.output
