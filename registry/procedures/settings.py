"""An administrator's changes to a procedure: the kinds it serves, its periods, each stage's departments and clock."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.models import Department
from registry.db import db
from registry.procedures.models import Procedure, ProcedureKind
from registry.procedures.services import ProcedureError


def _whole(value, what: str, *, allow_empty: bool = False, low: int = 0, high: int = 3650) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text and allow_empty:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ProcedureError(_("%(what)s must be a whole number from %(low)s to %(high)s.", what=what, low=low,
                               high=high))
    return int(text)


def _codes(text: str) -> str:
    codes = list(dict.fromkeys(c.strip().upper() for c in (text or "").replace("，", ",").split(",") if c.strip()))
    known = set(db.session.scalars(select(Department.code).where(Department.code.in_(codes))))
    if unknown := [c for c in codes if c not in known]:
        raise ProcedureError(_("No department has the code(s): %(codes)s", codes=", ".join(unknown)))
    return ",".join(codes)


def update_procedure(actor, procedure: Procedure, form: dict) -> Procedure:
    """Apply the settings form of one procedure; refuse a kind another procedure serves or an unknown department."""
    kinds = list(dict.fromkeys(k.strip() for k in (form.get("kinds") or "").replace("，", ",").split(",")
                               if k.strip()))
    for kind in kinds:
        other = db.session.get(ProcedureKind, kind)
        if other is not None and other.procedure_id != procedure.id:
            raise ProcedureError(_("The kind %(kind)s already follows the procedure %(name)s.", kind=kind,
                                   name=other.procedure.name))
    procedure.document_type = (form.get("document_type") or "").strip()[:40]
    procedure.consultation_min_days = _whole(form.get("consultation_min_days"), _("The consultation's minimum"))
    procedure.consultation_working_days = bool(form.get("consultation_working_days"))
    procedure.effective_delay_days = _whole(form.get("effective_delay_days"), _("The days before taking effect"))
    procedure.filing_days = _whole(form.get("filing_days"), _("The days to file"), low=1)
    for stage in procedure.stages:
        prefix = f"s{stage.position}_"
        stage.department_codes = _codes(form.get(prefix + "codes", stage.department_codes))
        stage.clock_days = _whole(form.get(prefix + "clock"), stage.name, allow_empty=True, low=1)
        stage.clock_working_days = bool(form.get(prefix + "working"))
        back = _whole(form.get(prefix + "return"), stage.name, allow_empty=True, low=1, high=stage.position - 1) \
            if stage.position > 1 and str(form.get(prefix + "return") or "").strip() else None
        stage.return_to = back
    procedure.kinds = [k for k in procedure.kinds if k.kind in kinds]
    for kind in kinds:
        if kind not in {k.kind for k in procedure.kinds}:
            procedure.kinds.append(ProcedureKind(kind=kind))
    for link in procedure.kinds:  # 有效期 per kind, in months; empty: rules of the kind have no period
        link.validity_months = _whole(form.get(f"validity:{link.kind}", link.validity_months), _(
            "The validity period of %(kind)s", kind=link.kind), allow_empty=True, low=1, high=1200)
    db.session.flush()
    record(actor, "procedure.update", procedure, f"{procedure.name}: {', '.join(kinds) or '—'}")
    return procedure
