"""Downloads of the procedure: its Word documents and the evidence pack of a version."""

from __future__ import annotations

import io

from flask import flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from registry.procedures import paperwork
from registry.procedures.blueprint import bp
from registry.procedures.loading import load

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/rules/<path:code>/v/<int:number>/<any(draft, ledger, explanation):name>.docx")
@login_required
def document(code: str, number: int, name: str):
    rule, version, run = load(code, number)
    if run is None:
        flash(_("This draft is not in a procedure."), "error")
        return redirect(url_for("procedures.run_page", code=code, number=number))
    filename, data = paperwork.document_docx(run, name)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=filename)


@bp.get("/rules/<path:code>/v/<int:number>/evidence.zip")
@login_required
def evidence(code: str, number: int):
    rule, version, run = load(code, number)
    if run is None:
        flash(_("This version did not go through a procedure."), "error")
        return redirect(url_for("procedures.run_page", code=code, number=number))
    return send_file(io.BytesIO(paperwork.evidence_pack(run)), mimetype="application/zip", as_attachment=True,
                     download_name=f"{rule.code}-v{version.number}-evidence.zip")
