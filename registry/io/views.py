"""Pages of import and export: upload → preview, and downloads of rules and the catalogue.

The preview is a dry run of the real importer inside the request. Confirming it starts the import in
the background (job_views.py); folders of thousands of files go through `flask rules import`, which
commits in batches.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.permissions import can_approve, can_import, require
from registry.db import today
from registry.errors import UserFacingError
from registry.io import export_cache, exports
from registry.io.blueprint import bp
from registry.io.documents import NoCJKFont, docx_bytes, pdf_bytes
from registry.io.fonts import installed_faces
from registry.io.forms import ConfirmForm, UploadForm
from registry.io.importer import ImportReport, import_path
from registry.io.metadata import load_sheet
from registry.io.uploads import discard_upload, max_bytes, stage_upload
from registry.queryargs import int_arg
from registry.rules.access import filters_from_request, load_visible_rule, load_visible_version, version_to_show
from registry.viewhelpers import MIME, date_arg, download


def _preview(upload) -> ImportReport:
    """Try a staged upload: the real import in one transaction, rolled back, keeping a line per file."""
    metadata = load_sheet(upload.sheet) if upload.sheet else None
    return import_path(upload.document, actor=current_user._get_current_object(), as_draft=upload.as_draft,
                       metadata=metadata, dry_run=True, batch_size=None, max_bytes=max_bytes(),
                       keep_items=True)


@bp.route("/import", methods=["GET", "POST"])
def upload():
    require(can_import(current_user))
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("io/upload.html", form=form, may_approve=can_approve(current_user))
    staged = stage_upload(current_app.instance_path, form.document.data, form.sheet.data, current_user.id,
                          form.as_draft.data)
    try:
        report = _preview(staged)
    except UserFacingError as error:
        discard_upload(staged)
        flash(str(error), "error")
        return render_template("io/upload.html", form=form, may_approve=can_approve(current_user)), 400
    return render_template("io/preview.html", report=report, upload=staged, form=ConfirmForm())


@bp.get("/export/<any(docx, pdf):fmt>/<path:code>")
def export_rule(fmt: str, code: str):
    """Download a rule as .docx or PDF: ?version=N, or the text in force ?on=YYYY-MM-DD (default today)."""
    rule = load_visible_rule(code)
    on, _error = date_arg("on")
    number = int_arg("version")
    version = load_visible_version(rule, number) if number else version_to_show(rule, on)
    if version is None:
        flash(_("No text of this rule to export for that date."), "error")
        return redirect(url_for("rules.rule_page", code=rule.code))
    printed_on = today()
    font = current_app.config["PDF_FONT"]
    key = export_cache.digest(f"rule.{fmt}", (
        rule.title, exports.rule_heading(rule, version, on, printed_on), font,
        installed_faces() if fmt == "pdf" else ()))
    if key in request.if_none_match:
        return export_cache.not_modified(key)

    def write() -> bytes:
        document = exports.rule_document(rule, version, on, printed_on)
        return docx_bytes(document) if fmt == "docx" else pdf_bytes(document, font)

    try:
        path = export_cache.kept(f"v{version.id}", fmt, key, fmt, write)
    except NoCJKFont as error:
        flash(str(error), "error")
        return redirect(url_for("rules.rule_page", code=rule.code))
    return export_cache.send_kept(path, MIME[fmt], exports.export_filename(rule, version, fmt), key)


@bp.get("/catalogue.<any(csv, xlsx):fmt>")
def export_catalogue(fmt: str):
    """Download the catalogue under the current filters (every page) as CSV or XLSX."""
    on, _error = date_arg("on")
    rows = exports.catalogue_rows(filters_from_request(), on or today())
    data = exports.catalogue_file(rows, fmt)
    return download(data, f"catalogue-{(on or today()).isoformat()}.{fmt}")
