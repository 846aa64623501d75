"""Request helpers the views of every domain share: a date argument, the departments and categories to choose from,
a download.

View modules never import each other (each domain's blueprint.py gathers them); what two of them need lives
here, or in a domain's non-view module such as registry/rules/access.py.
"""

from __future__ import annotations

import io
import mimetypes
from datetime import date

from flask import Response, request, send_file
from sqlalchemy import select

from registry.auth.models import Department
from registry.datefields import bad_day_message, parse_day
from registry.db import db
from registry.labels import named
from registry.rules.models import Category

NO_CHOICE = (None, "—")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def date_arg(name: str = "on") -> tuple[date | None, str | None]:
    """Read a date query argument (2026-12-31 or 2026年12月31日); return (date, error message)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None, None
    try:
        return parse_day(raw), None
    except ValueError:
        return None, bad_day_message(raw)


def departments() -> list[Department]:
    """Every department, by name: the lists that filters and forms offer."""
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def categories() -> list[Category]:
    """Every category, by its path (财务/报销 after 财务): the lists that filters and forms offer."""
    return sorted(db.session.scalars(select(Category)), key=lambda c: c.path_name)


def department_choices(blank: bool = True) -> list[tuple[int | None, str]]:
    """Choices of a department field: "—" (none), then every department, named in the interface language."""
    return ([NO_CHOICE] if blank else []) + [(d.id, named(d)) for d in departments()]


def department_by_id(department_id: int | None) -> Department | None:
    """The department a form chose, or None for "—"."""
    return db.session.get(Department, department_id) if department_id else None


def download(data: bytes, filename: str, mimetype: str | None = None) -> Response:
    """Send bytes as a file attachment of `mimetype`, or of the type its extension names (an unknown one as
    bytes); a non-ASCII name travels in filename*=."""
    extension = filename.rpartition(".")[2].lower()
    mimetype = mimetype or MIME.get(extension) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
