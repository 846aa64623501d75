"""Every committed real document reads with its true title, 文号 and effective date, keeps its text and its
numbered lines' own numbers on the rule page and in the .docx export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from registry.io.convert import soffice

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
CASES = [(truth_file, name) for truth_file in sorted((FIXTURES / "truth").glob("*.json"))
         for name in json.loads(truth_file.read_text(encoding="utf-8"))["documents"]]


@pytest.mark.parametrize(("truth_file", "name"), CASES, ids=[name for _t, name in CASES])
def test_fixture_reads_as_its_truth(app, truth_file, name):
    if Path(name).suffix in (".doc", ".odt") and soffice() is None:
        pytest.skip("LibreOffice is not installed (make libreoffice)")
    from import_fidelity import measure

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    source = (FIXTURES / "texts" / truth["text"]).read_text(encoding="utf-8")
    with app.test_request_context():
        row = measure(FIXTURES / "docs" / name, truth, source)
    assert row.read, row.note
    assert (row.title_ok, row.number_ok, row.date_ok) == (True, True, True), row.note
    assert row.kept >= 0.995 * row.total
    assert row.renumbered == 0, row.note


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
