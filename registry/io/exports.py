"""Exports for people: one rule's text as .docx or PDF, and the catalogue as CSV or XLSX (see spreadsheets)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from registry import spreadsheets
from registry.i18n import speaking
from registry.io.documents import PrintDocument, blocks_from_markdown
from registry.io.layout import document_language
from registry.labels import label, named, path_named
from registry.rules import queries
from registry.rules.models import Rule, RuleVersion
from registry.rules.status import rule_status

CATALOGUE_LIMIT = 50_000


def rule_document(rule: Rule, version: RuleVersion, on: date | None, printed_on: date) -> PrintDocument:
    """Lay out one version of a rule for print: title once, code and dates, then its articles.

    The labels and dates are in the document's language (施行日期：2025年7月1日 on a Chinese rule,
    whatever language the person exporting it reads).
    """
    language, meta, footer = rule_heading(rule, version, on, printed_on)
    blocks = blocks_from_markdown(version.body)
    if blocks and blocks[0].kind in ("heading", "paragraph") and _bare(blocks[0].text) == _bare(rule.title):
        blocks = blocks[1:]  # the title is printed once, at the top
    return PrintDocument(rule.title, meta, blocks, footer, language)


def rule_heading(rule: Rule, version: RuleVersion, on: date | None,
                 printed_on: date) -> tuple[str, list[tuple[str, str]], str]:
    """Return what a printed version shows besides its text: its language, the lines under the title, the footer.

    With the version's id, this is all an export depends on (see export_cache): it is cheap to compute,
    where the document itself is not.
    """
    language = document_language(rule.title + "\n" + version.body)
    with speaking("zh_CN" if language == "zh" else "en"):
        meta = _meta_lines(rule, version, on, language, printed_on)
        footer = _("%(code)s · version %(n)s · printed %(d)s", code=rule.code, n=version.number,
                   d=_date(printed_on, language))
    return language, meta, footer


def _bare(title: str) -> str:
    """Return a title without spaces and 《》, to know the body's first line for the title (规 章 制 度)."""
    return "".join(ch for ch in title if not ch.isspace() and ch not in "《》")


def _date(day: date, language: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if language == "zh" else day.isoformat()


def _meta_lines(rule: Rule, version: RuleVersion, on: date | None, language: str,
                printed_on: date) -> list[tuple[str, str]]:
    meta = [(_("Code"), rule.code)]
    if rule.category:
        meta.append((_("Category"), path_named(rule.category)))
    if rule.department:
        meta.append((_("Department"), named(rule.department)))
    if version.effective_on:
        meta.append((_("In force from"), _date(version.effective_on, language)))
    later = [v for v in rule.versions if v.is_approved and v.effective_on and version.effective_on
             and v.effective_on > version.effective_on]
    if later:
        meta.append((_("Replaced on"), _date(min(v.effective_on for v in later), language)))
    if rule.repealed_on:
        meta.append((_("Repealed on"), _date(rule.repealed_on, language)))
    elif rule.valid_until:
        meta.append((_("Valid until") if rule.valid_until > (on or printed_on) else _("Lapsed on"),
                     _date(rule.valid_until, language)))
    status = _("draft") if not version.is_approved else ""
    meta.append((_("Version"), f"{version.number} {status}".strip()))
    if on:
        meta.append((_("Text as in force on"), _date(on, language)))
    return meta


def export_filename(rule: Rule, version: RuleVersion, extension: str) -> str:
    """Return a download name such as '公文处理办法-v2.docx' (safe on every system)."""
    title = "".join(ch for ch in rule.title if ch not in '\\/:*?"<>|').strip()[:80] or "rule"
    return f"{title}-v{version.number}.{extension}"


def catalogue_rows(filters: queries.CatalogueFilters, on: date) -> list[list]:
    """Return the catalogue under the filters (all pages) as rows, the first being the header."""
    filters.page, filters.per_page = 1, CATALOGUE_LIMIT
    page = queries.catalogue(filters, on)
    rows: list[list] = [[_("Code"), _("Title"), _("Category"), _("Department"), _("Responsible"), _("Status"),
                         _("Version"), _("In force from"), _("Review cycle (months)"), _("Tags")]]
    for rule in page.items:
        approved = [v for v in rule.versions if v.is_approved and v.effective_on and v.effective_on <= on]
        current = approved[-1] if approved else None
        rows.append([
            rule.code, rule.title,
            path_named(rule.category) if rule.category else "",
            named(rule.department) if rule.department else "",
            rule.owner.name if rule.owner else "",
            label(rule_status(rule, on), "rule_status"),
            current.number if current else "",
            current.effective_on if current else "",
            rule.effective_review_cycle_months,
            ", ".join(t.name for t in rule.tags),
        ])
    return rows


CATALOGUE_WIDTHS = (24, 40, 24, 18, 14, 14, 8, 14, 10, 20)


def catalogue_file(rows: list[list], fmt: str) -> bytes:
    """Write the catalogue rows as CSV or as a workbook with a bold, frozen header row."""
    if fmt == "csv":
        return spreadsheets.csv_bytes(rows)
    return spreadsheets.xlsx_bytes([spreadsheets.Sheet(_("Catalogue"), rows, widths=CATALOGUE_WIDTHS)])
