"""Every committed real document (tests/io/fixtures, see SOURCES.md) reads with its true structure, title,
文号, issue and effective dates, keeps its text, and keeps its numbered lines' own numbers and words on the
rule page, in the .docx export and in the PDF export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from registry.io.convert import soffice
from registry.io.documents import find_cjk_font

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
TRUTHS = sorted((FIXTURES / "truth").glob("*.json"))
CASES = [(truth_file, name) for truth_file in TRUTHS
         for name in json.loads(truth_file.read_text(encoding="utf-8"))["documents"]]
CONVERTED = (".doc", ".odt", ".wps")


def test_the_set_is_a_few_dozen_documents_of_many_formats():
    suffixes = {Path(name).suffix for _truth, name in CASES}
    assert len(TRUTHS) >= 30 and len(CASES) >= 80
    assert {".docx", ".pdf", ".txt", ".doc", ".odt", ".html"} <= suffixes


@pytest.mark.parametrize(("truth_file", "name"), CASES, ids=[name for _t, name in CASES])
def test_fixture_reads_as_its_truth(app, truth_file, name):
    if Path(name).suffix in CONVERTED and soffice() is None:
        pytest.skip("LibreOffice is not installed (make libreoffice): .doc/.odt/.wps are read through it")
    from import_fidelity import measure

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    source = (FIXTURES / "texts" / truth["text"]).read_text(encoding="utf-8")
    with app.test_request_context():
        row = measure(FIXTURES / "docs" / name, truth, source)
    assert row.read, row.note
    assert row.structure_ok, f"{row.units} units of {row.true_units}, {row.rules} rules in the file: {row.note}"
    assert (row.title_ok, row.number_ok, row.date_ok, row.issued_ok) == (True, True, True, True), row.note
    assert row.kept >= 0.995 * row.total
    assert row.renumbered == 0, row.note


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-zenhei)")
@pytest.mark.parametrize("truth_file", TRUTHS, ids=[t.stem for t in TRUTHS])
def test_the_pdf_export_keeps_the_numbered_lines(app, truth_file):
    from import_fidelity import pdf_renumbered

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    name = next((n for n in truth["documents"] if Path(n).suffix not in CONVERTED), truth["documents"][0])
    source = (FIXTURES / "texts" / truth["text"]).read_text(encoding="utf-8")
    with app.test_request_context():
        changed, lines = pdf_renumbered(FIXTURES / "docs" / name, source)
    assert changed == 0, f"{changed} of {lines} numbered lines differ in the PDF export of {name}"


def test_numbered_lines_are_counted_when_renumbered_or_lost():
    from import_fidelity import numbered_lines, renumbered

    source = numbered_lines("一、总则\n3. 定义\n（1）第一项\n① 圈码\n普通段落")
    assert source == {"总则": "一、", "定义": "3.", "第一项": "（1）", "圈码": "①"}
    assert renumbered(source, "一、总则\n3. 定义\n（1） 第一项\n① 圈码") == 0
    assert renumbered(source, "一、总则\n1. 定义\n第一项\n①圈码") == 2


def test_a_markdown_list_on_the_page_would_count_as_renumbered(app):
    from import_fidelity import numbered_lines, page_text, renumbered

    with app.test_request_context():
        shown = page_text("第一条 总则。\n\n3. 定义\n4. 范围\n")
    assert renumbered(numbered_lines("3. 定义\n4. 范围"), shown) == 0
    assert renumbered(numbered_lines("3. 定义\n4. 范围"), "定义\n范围") == 2
