"""The one writer of the CSV and XLSX files the registry hands out, safe to open in a spreadsheet program.

Every cell holds text someone typed (titles, notes, article text). A cell starting with = + - @ (or a tab
or carriage return before one) is run as a formula by Excel and LibreOffice: `=HYPERLINK(…)` or
`=cmd|…` in a rule title would act when an officer opens the export ("CSV injection"). Such text is
written with a leading apostrophe in CSV, and as a plain string cell with the quote-prefix style in
XLSX (shown exactly as typed, never evaluated). Numbers and dates stay numbers and dates.

CSV is UTF-8 with a byte-order mark, so that Excel reads Chinese text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")  # full-width forms too


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program would treat this text cell as a formula."""
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START)


def safe_text(value: object) -> object:
    """Return the value for a CSV cell: formula-like text gets a leading apostrophe; dates become ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if is_formula_like(value) else value


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Write rows as UTF-8 CSV with a byte-order mark, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass
class Sheet:
    """One worksheet: its rows, which rows are bold headings (1-based), frozen panes and column widths."""

    title: str
    rows: list[Sequence]
    bold_rows: tuple[int, ...] = (1,)
    freeze: str | None = "A2"
    widths: Sequence[int] = field(default_factory=tuple)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Write the sheets as one .xlsx workbook, formula-like cells stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for row in spec.rows:
            sheet.append([None if value is None else value for value in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if is_formula_like(cell.value):
                    cell.data_type = "s"  # openpyxl took the leading "=" for a formula
                    cell.quotePrefix = True
        for number in spec.bold_rows:
            for cell in sheet[number] if number <= sheet.max_row else ():
                cell.font = Font(bold=True)
        sheet.freeze_panes = spec.freeze
        for index, width in enumerate(spec.widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
