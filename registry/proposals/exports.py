"""Exports of a 新旧对照 (.docx in the approval-form layout, CSV) and of a campaign (XLSX, CSV)."""

from __future__ import annotations

import csv
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry.labels import label
from registry.proposals.compare import ADDED, CHANGED, DELETED, MERGED, RENUMBERED, SPLIT, Comparison, Row

_NOTE_LINE = re.compile(
    r"^\s*(第[0-9零〇一二两三四五六七八九十百千]+条(?:之[0-9一二三四五六七八九十]+)?|Article\s+\d+)\s*[:：、.．]?\s*(.+?)\s*$",
    re.M,
)
FORM_HEADERS = ("原条文", "修改后条文", "修改说明")  # the approval form's own column names, in every locale


def parse_article_notes(text: str) -> dict[str, str]:
    """Read per-article notes written as lines "第三条：说明" or "Article 3: note"."""
    return {re.sub(r"\s+", " ", m[1]): m[2] for m in _NOTE_LINE.finditer(text or "")}


def default_note(row: Row) -> str:
    """Describe a change when the proposal gives no note for it."""
    return {
        ADDED: _("Added"), DELETED: _("Deleted"), CHANGED: _("Amended"), SPLIT: _("Split"),
        MERGED: _("Merged"), RENUMBERED: _("Renumbered only"),
    }.get(row.kind, "")


def row_note(row: Row, notes: dict[str, str]) -> str:
    """Return the proposal's note for this row (by its new label; by the old one if deleted) or a default."""
    for unit in row.new or row.old:
        if unit.label and unit.label in notes:
            return notes[unit.label]
    return default_note(row)


def comparison_docx(comparison: Comparison, title: str, notes: dict[str, str], *, all_rows: bool = False,
                    intro: tuple[str, ...] = ()) -> bytes:
    """Write the comparison as a Word table 原条文 | 修改后条文 | 修改说明, changed words marked."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    document.add_heading(title, level=1)
    for line in intro:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, FORM_HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in comparison.rows if all_rows else comparison.changes:
        cells = table.add_row().cells
        _write_side(cells[0], row, row.old_chunks, "delete")
        _write_side(cells[1], row, row.new_chunks, "insert")
        cells[2].text = row_note(row, notes)
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(10.5), Cm(10.5), Cm(4.5)), strict=True):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_side(cell, row: Row, chunks: list[tuple[str, str]], marked: str) -> None:
    units = row.old if marked == "delete" else row.new
    paragraph = cell.paragraphs[0]
    if not units:
        paragraph.add_run("—")
        return
    label = "、".join(u.label for u in units if u.label)
    if label:
        paragraph.add_run(label + "　").bold = True
    for op, text in chunks:
        run = paragraph.add_run(text)
        run.font.size = Pt(10.5)
        if op == marked:
            run.bold = True
            run.font.strike = marked == "delete"
            run.underline = marked == "insert"


def comparison_csv(comparison: Comparison, notes: dict[str, str], *, all_rows: bool = False) -> bytes:
    """Write the comparison as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["change", "old_article", "new_article", *FORM_HEADERS])
    for row in comparison.rows if all_rows else comparison.changes:
        writer.writerow([row.kind, row.old_label, row.new_label, row.old_text, row.new_text, row_note(row, notes)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


CAMPAIGN_COLUMNS = ("rule", "title", "department", "disposition", "merge_into", "note", "decided_by", "decided_at")
# The workbook is read by people: headings in the interface language (the CSV keeps these machine names).
CAMPAIGN_HEADINGS = {"rule": _l("Code"), "title": _l("Title"), "department": _l("Department"),
                     "disposition": _l("Decision"), "merge_into": _l("Merge into"), "note": _l("Note"),
                     "decided_by": _l("Decided by"), "decided_at": _l("Decided at")}


def campaign_csv(figures: dict) -> bytes:
    """Write a campaign's decisions, one rule a line, as CSV (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CAMPAIGN_COLUMNS)
    for decision in figures["decisions"]:
        writer.writerow([decision[c] for c in CAMPAIGN_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def campaign_xlsx(title: str, figures: dict) -> bytes:
    """Write a campaign as a workbook: the decisions, and progress per department."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Decisions")
    sheet.append([str(CAMPAIGN_HEADINGS[c]) for c in CAMPAIGN_COLUMNS])
    for decision in figures["decisions"]:
        sheet.append([label(decision[c], "decision") if c == "disposition" and decision[c] else decision[c]
                      for c in CAMPAIGN_COLUMNS])
    summary = book.create_sheet(_("Progress"))
    summary.append([title])
    summary.append([_("Department"), _("Rules"), _("Decided"), _("Percent")])
    for department in figures["departments"]:
        summary.append([department["name"], department["total"], department["done"], department["percent"]])
    summary.append(["", figures["total"], figures["done"], figures["percent"]])
    summary.append([])
    for disposition, count in sorted(figures["dispositions"].items()):
        summary.append([label(disposition, "decision"), count])
    summary.append([_("Missing rules"), figures["missing"]])
    for row in (sheet[1], summary[2]):
        for cell in row:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
