"""Who has and has not confirmed reading a rule, as CSV or XLSX (through the one spreadsheet writer)."""

from __future__ import annotations

from flask_babel import gettext as _

from registry.acknowledgements.queries import Person
from registry.db import local_time
from registry.spreadsheets import Sheet, csv_bytes, xlsx_bytes


def _rows(people: list[Person], translated: bool) -> list[list]:
    if translated:
        head, yes, no = [_("Name"), _("E-mail"), _("Department"), _("Confirmed"), _("Confirmed at")], _("yes"), _("no")
    else:
        head, yes, no = ["name", "email", "department", "confirmed", "confirmed_at"], "yes", "no"
    return [head] + [[p.name, p.email, p.department, yes if p.acknowledged_at else no,
                      local_time(p.acknowledged_at).strftime("%Y-%m-%d %H:%M") if p.acknowledged_at else ""]
                     for p in people]


def progress_csv(people: list[Person]) -> bytes:
    """CSV stays data: English column names and yes/no, whatever the reader's language."""
    return csv_bytes(_rows(people, translated=False))


def progress_xlsx(code: str, people: list[Person]) -> bytes:
    """The workbook speaks the reader's language."""
    return xlsx_bytes([Sheet(code, _rows(people, translated=True), widths=(20, 30, 20, 10, 18))])
