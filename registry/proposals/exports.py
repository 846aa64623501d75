"""Exports of a 新旧对照 (.docx in the approval-form layout, CSV) and of a campaign (XLSX, CSV)."""

from __future__ import annotations

import io
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry import spreadsheets
from registry.io.docxwriter import new_document, set_font, write_table
from registry.io.layout import Layout
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


COMPARISON_LAYOUT = Layout("zh", top=25.0, bottom=25.0, left=20.0, right=20.0, title_size=18.0, subtitle_size=12.0,
                           heading_size=14.0, body_size=10.5, line_pitch=16.0, indent_chars=0,
                           body_font=("宋体", "Times New Roman"))
COLUMN_WIDTHS_MM = (110, 110, 37)  # A4 landscape less the margins: 257 mm


def comparison_docx(comparison: Comparison, title: str, notes: dict[str, str], *, all_rows: bool = False,
                    intro: tuple[str, ...] = ()) -> bytes:
    """Write the comparison on A4 landscape as a table 原条文 | 修改后条文 | 修改说明, changed words marked.

    The faces are set (宋体 text, 黑体 title; python-docx would print a blue Calibri heading) and the
    variant — changed articles only, or every article — is named under the title.
    """
    layout = COMPARISON_LAYOUT
    document = new_document(layout, landscape=True)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(heading.add_run(title), layout.heading_font, layout.title_size)
    variant = document.add_paragraph()
    variant.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shown = "（全部条文）" if all_rows else "（修改条文）"
    set_font(variant.add_run(shown), layout.subtitle_font, layout.subtitle_size)
    for line in intro:
        set_font(document.add_paragraph().add_run(line), layout.body_font, layout.subtitle_size)
    widths = [Mm(w) for w in COLUMN_WIDTHS_MM]
    table = write_table(document, [list(FORM_HEADERS)], layout, size=layout.body_size + 1, widths=widths)
    for row in comparison.rows if all_rows else comparison.changes:
        cells = table.add_row().cells
        _write_side(cells[0], row, row.old_chunks, "delete", layout)
        _write_side(cells[1], row, row.new_chunks, "insert", layout)
        set_font(cells[2].paragraphs[0].add_run(row_note(row, notes)), layout.body_font, layout.body_size)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def comparison_filename(code: str, *, base: int, new: int | str, all_rows: bool, extension: str,
                        proposal_id: int | None = None) -> str:
    """Name an export after its rule, versions and variant, so two downloads never share a name.

    e.g. "GL-001-proposal-12-v3-changes.docx", "GL-001-v2-v3-all.csv".
    """
    safe = "".join("-" if ch in '\\/:*?"<>|' or ch.isspace() else ch for ch in code).strip("-") or "rule"
    which = f"proposal-{proposal_id}-v{base}" if proposal_id is not None else f"v{base}-v{new}"
    return f"{safe}-{which}-{'all' if all_rows else 'changes'}.{extension}"


def _write_side(cell, row: Row, chunks: list[tuple[str, str]], marked: str, layout: Layout) -> None:
    units = row.old if marked == "delete" else row.new
    paragraph = cell.paragraphs[0]
    if not units:
        set_font(paragraph.add_run("—"), layout.body_font, layout.body_size)
        return
    label = "、".join(u.label for u in units if u.label)
    if label:
        set_font(paragraph.add_run(label + "　"), layout.heading_font, layout.body_size, bold=True)
    for op, text in chunks:
        run = paragraph.add_run(text)
        set_font(run, layout.body_font, layout.body_size, bold=op == marked)
        if op == marked:
            run.font.strike = marked == "delete"
            run.underline = marked == "insert"


def comparison_csv(comparison: Comparison, notes: dict[str, str], *, all_rows: bool = False) -> bytes:
    """Write the comparison as CSV (UTF-8 with BOM, article text that looks like a formula neutralised)."""
    rows = [["change", "old_article", "new_article", *FORM_HEADERS]]
    for row in comparison.rows if all_rows else comparison.changes:
        rows.append([row.kind, row.old_label, row.new_label, row.old_text, row.new_text, row_note(row, notes)])
    return spreadsheets.csv_bytes(rows)


CAMPAIGN_COLUMNS = ("rule", "title", "department", "disposition", "merge_into", "note", "decided_by", "decided_at")
# The workbook is read by people: headings in the interface language (the CSV keeps these machine names).
CAMPAIGN_HEADINGS = {"rule": _l("Code"), "title": _l("Title"), "department": _l("Department"),
                     "disposition": _l("Decision"), "merge_into": _l("Merge into"), "note": _l("Note"),
                     "decided_by": _l("Decided by"), "decided_at": _l("Decided at")}


def campaign_csv(figures: dict) -> bytes:
    """Write a campaign's decisions, one rule a line, as CSV (UTF-8 with BOM)."""
    return spreadsheets.csv_bytes(_decision_rows(figures, translated=False))


def campaign_xlsx(title: str, figures: dict) -> bytes:
    """Write a campaign as a workbook: the decisions, and progress per department."""
    progress: list[list] = [[title], [_("Department"), _("Rules"), _("Decided"), _("Percent")]]
    for department in figures["departments"]:
        progress.append([department["name"], department["total"], department["done"], department["percent"]])
    progress.append(["", figures["total"], figures["done"], figures["percent"]])
    progress.append([])
    for disposition, count in sorted(figures["dispositions"].items()):
        progress.append([label(disposition, "decision"), count])
    progress.append([_("Missing rules"), figures["missing"]])
    decisions = _decision_rows(figures, translated=True)
    return spreadsheets.xlsx_bytes([spreadsheets.Sheet(_("Decisions"), decisions, freeze=None),
                                    spreadsheets.Sheet(_("Progress"), progress, bold_rows=(2,), freeze=None)])


def _decision_rows(figures: dict, *, translated: bool) -> list[list]:
    """The decisions: for people (headings and dispositions in their language) or as data (the CSV)."""
    if not translated:
        return [list(CAMPAIGN_COLUMNS), *([d[c] for c in CAMPAIGN_COLUMNS] for d in figures["decisions"])]

    def cell(decision: dict, column: str):
        value = decision[column]
        return label(value, "decision") if column == "disposition" and value else value

    return [[str(CAMPAIGN_HEADINGS[c]) for c in CAMPAIGN_COLUMNS],
            *([cell(decision, c) for c in CAMPAIGN_COLUMNS] for decision in figures["decisions"])]
