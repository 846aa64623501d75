"""Downloads of the procedure: its Word documents and the evidence pack of a version."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from registry.procedures import paperwork
from registry.procedures.blueprint import bp
from registry.procedures.loading import load
from registry.viewhelpers import download


@bp.get("/rules/<path:code>/v/<int:number>/<any(draft, ledger, explanation):name>.docx")
@login_required
def document(code: str, number: int, name: str):
    rule, version, run = load(code, number)
    if run is None:
        flash(_("This draft is not in a procedure."), "error")
        return redirect(url_for("procedures.run_page", code=code, number=number))
    filename, data = paperwork.document_docx(run, name)
    return download(data, filename)


@bp.get("/rules/<path:code>/v/<int:number>/evidence.zip")
@login_required
def evidence(code: str, number: int):
    rule, version, run = load(code, number)
    if run is None:
        flash(_("This version did not go through a procedure."), "error")
        return redirect(url_for("procedures.run_page", code=code, number=number))
    return download(paperwork.evidence_pack(run), f"{rule.code}-v{version.number}-evidence.zip")
