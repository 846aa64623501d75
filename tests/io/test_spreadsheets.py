"""The one spreadsheet writer: formula-like text is neutralised in CSV and XLSX; numbers and dates stay."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from registry import spreadsheets

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
           " =1+1", "＝1+1", "=cmd|' /C calc'!A0"]


def csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 only with its byte-order mark
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_cells(data: bytes, sheet: str | None = None):
    book = load_workbook(io.BytesIO(data))
    return [cell for row in (book[sheet] if sheet else book.active).iter_rows() for cell in row]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised(text):
    rows = [["header"], [text, 42, date(2024, 1, 31), "公务接待"]]
    assert csv_cells(spreadsheets.csv_bytes(rows))[1] == ["'" + text, "42", "2024-01-31", "公务接待"]
    book = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes([spreadsheets.Sheet("s", rows)])))
    hostile, number, day, plain = next(book.active.iter_rows(min_row=2))
    assert hostile.value in (text, text.replace("\r", "\n")) and (hostile.data_type, hostile.quotePrefix) == ("s", True)
    assert (number.value, day.value.date(), plain.value) == (42, date(2024, 1, 31), "公务接待")
    assert not plain.quotePrefix


def assert_no_live_formula(cells) -> None:
    """No cell a spreadsheet program would evaluate: CSV text starting with a formula sign, or an XLSX formula."""
    for cell in cells:
        if isinstance(cell, str):
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝")), cell
        else:
            assert cell.data_type != "f", cell.value


def test_the_catalogue_exports_are_safe(client, login, make_user, make_rule):
    make_rule(code="GL-1", title=HOSTILE[0], versions=[("第一条 接待。\n", date(2020, 1, 1))], category="=财务")
    login(make_user("reader"))
    rows = csv_cells(client.get("/io/catalogue.csv").data)
    assert rows[1][1] == "'" + HOSTILE[0] and rows[1][2] == "'=财务"
    assert_no_live_formula(value for row in rows for value in row)
    cells = xlsx_cells(client.get("/io/catalogue.xlsx").data)
    assert HOSTILE[0] in [c.value for c in cells]
    assert_no_live_formula(cells)
