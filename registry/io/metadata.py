"""The optional metadata sheet (CSV or XLSX): per file, the code, category, department, owner,
effective date and review cycle that the file itself does not say.

Headers may be English or Chinese (file/文件, code/编号, title/标题, category/分类, department/部门,
owner/负责人, effective_on/生效日期, review_cycle_months/复审周期). A row names a file by its path
inside the folder, by its file name, or by its name without the date suffix.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

from registry.errors import UserFacingError
from registry.io.readers import decode_text
from registry.io.zipparts import OversizedPart, check_package

HEADERS = {
    "file": ("file", "path", "文件", "文件名", "路径"),
    "code": ("code", "编号", "代码", "文号"),
    "title": ("title", "标题", "名称"),
    "category": ("category", "分类", "类别"),
    "department": ("department", "部门", "归口部门"),
    "owner": ("owner", "负责人", "责任人"),
    "effective_on": ("effective_on", "effective date", "effective", "生效日期", "施行日期"),
    "review_cycle_months": ("review_cycle_months", "review cycle", "复审周期", "复审周期（月）", "复审周期(月)"),
}


class MetadataError(UserFacingError):
    """The sheet cannot be used at all (unreadable, or no file column)."""


@dataclass
class FileMetadata:
    """What the sheet says about one file; empty fields say nothing."""

    row: int
    code: str = ""
    title: str = ""
    category: str = ""
    department: str = ""
    owner: str = ""
    effective_on: date | None = None
    review_cycle_months: int | None = None
    warnings: list[str] = field(default_factory=list)


class MetadataSheet:
    """Rows of the sheet, looked up by path, file name or undated name."""

    def __init__(self, rows: dict[str, FileMetadata] | None = None):
        self.rows = rows or {}

    def __bool__(self) -> bool:
        return bool(self.rows)

    def lookup(self, relative: str, key: str | None = None) -> FileMetadata | None:
        """Return the row for a file (path, then name), or for its rule's undated key."""
        for candidate in (relative, PurePosixPath(relative).name, key, PurePosixPath(key).name if key else None):
            if candidate and candidate.casefold() in self.rows:
                return self.rows[candidate.casefold()]
        return None


def _canonical(header: str) -> str | None:
    wanted = header.strip().lower()
    for name, names in HEADERS.items():
        if wanted in names:
            return name
    return None


def _rows_from_csv(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        check_package(path)
    except OversizedPart as error:
        raise MetadataError(str(error)) from error
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as error:
        raise MetadataError(_("the metadata sheet cannot be read (%(error)s)", error=type(error).__name__)) from error
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise MetadataError(_("the metadata sheet cannot be read (%(error)s)", error=type(error).__name__)) from error
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    return date.fromisoformat(text) if text else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def load_sheet(path: Path) -> MetadataSheet:
    """Read a CSV or XLSX metadata sheet; refuse one without a file column."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _rows_from_xlsx(path)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        table = _rows_from_csv(path.read_bytes())
    else:
        raise MetadataError(_("the metadata sheet must be a .csv or .xlsx file"))
    if not table:
        raise MetadataError(_("the metadata sheet is empty"))
    columns = [_canonical(_cell(h)) for h in table[0]]
    if "file" not in columns:
        raise MetadataError(_("the metadata sheet needs a 'file' (文件) column naming each file"))
    rows: dict[str, FileMetadata] = {}
    for number, values in enumerate(table[1:], start=2):
        cells = {name: values[i] for i, name in enumerate(columns) if name and i < len(values)}
        name = _cell(cells.get("file")).replace("\\", "/")
        if not name:
            continue
        meta = FileMetadata(row=number)
        for key in ("code", "title", "category", "department", "owner"):
            setattr(meta, key, _cell(cells.get(key)))
        try:
            meta.effective_on = _as_date(cells["effective_on"]) if cells.get("effective_on") else None
        except ValueError:
            meta.warnings.append(_("sheet row %(row)s: “%(value)s” is not a date (YYYY-MM-DD)",
                                   row=number, value=_cell(cells["effective_on"])))
        cycle = _cell(cells.get("review_cycle_months"))
        if cycle:
            if cycle.isdigit() and 1 <= int(cycle) <= 240:
                meta.review_cycle_months = int(cycle)
            else:
                meta.warnings.append(_("sheet row %(row)s: review cycle “%(value)s” is not a number of months (1-240)",
                                       row=number, value=cycle))
        rows[name.casefold()] = meta
    return MetadataSheet(rows)
