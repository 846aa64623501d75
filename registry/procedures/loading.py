"""Request helpers shared by the procedure's views: load the draft and its run, read dates from the form."""

from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_login import current_user

from registry.auth.permissions import can_see_drafts
from registry.datefields import bad_day_message, parse_day
from registry.procedures.services import ProcedureError, consulted, run_of, takes_part
from registry.rules import queries


def load(code: str, number: int):
    """Return (rule, version, run), or 404 when the draft is hidden from the user.

    A draft under consultation (征求意见稿) is open to the staff consulted (all, or the chosen departments') while
    its consultation runs, and a
    draft in its procedure to the departments that take part in it (the legal unit, the countersigners).
    """
    rule = queries.rule_by_code(code)
    version = queries.version_by_number(rule, number) if rule is not None else None
    if version is None:
        abort(404)
    run = run_of(version)
    if not version.is_approved and not can_see_drafts(current_user, rule) and not consulted(current_user, run) \
            and not takes_part(current_user, run):
        abort(404)
    return rule, version, run


def form_date(name: str) -> date | None:
    """Read a date form value as the date fields do (2026-12-31, 2026年12月31日); refuse one that is not a date."""
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError:
        raise ProcedureError(bad_day_message(raw)) from None


def form_codes(name: str) -> list[str]:
    """Read the department codes chosen in a list of checkboxes (a value may also be codes typed with commas)."""
    return [code for value in request.form.getlist(name) for code in value.replace("，", ",").split(",")]


def completion_fields() -> dict:
    """Read what a stage's completion may carry from the form (and its file)."""
    fields = {name: request.form.get(name, "") for name in
              ("opinion", "meeting", "decision", "password", "effective_reason", "interpretation", "filing_reference")}
    for name in ("meeting_on", "published_on", "effective_on", "filed_on"):
        fields[name] = form_date(name)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        fields["filename"], fields["content"] = upload.filename, upload.read()
    return fields
