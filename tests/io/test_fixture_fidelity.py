"""Every committed real document reads with its true title, 文号 and effective date, and keeps its text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from registry.io.convert import soffice

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [(truth_file, name) for truth_file in sorted((FIXTURES / "truth").glob("*.json"))
         for name in json.loads(truth_file.read_text(encoding="utf-8"))["documents"]]


@pytest.mark.parametrize(("truth_file", "name"), CASES, ids=[name for _t, name in CASES])
def test_fixture_reads_as_its_truth(app, truth_file, name):
    if Path(name).suffix in (".doc", ".odt") and soffice() is None:
        pytest.skip("LibreOffice is not installed (make libreoffice)")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from import_fidelity import measure

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    source = (FIXTURES / "texts" / truth["text"]).read_text(encoding="utf-8")
    with app.test_request_context():
        row = measure(FIXTURES / "docs" / name, truth, source)
    assert row.read, row.note
    assert (row.title_ok, row.number_ok, row.date_ok) == (True, True, True), row.note
    assert row.kept >= 0.995 * row.total
