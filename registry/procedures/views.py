"""Pages of the procedure: where a draft stands, and the actions of its current stage."""

from __future__ import annotations

from flask import flash, g, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.auth.permissions import can_administer, can_see_drafts, require
from registry.db import db, today
from registry.errors import perform
from registry.procedures import consultation, queries, services
from registry.procedures.blueprint import bp
from registry.procedures.loading import completion_fields, form_codes, form_date, load
from registry.procedures.models import Procedure
from registry.procedures.settings import update_procedure
from registry.procedures.workdays import calendar_known


@bp.app_context_processor
def waiting_count() -> dict:
    """Give the layout how many procedure steps wait for the user: once per request (kept per process for a few
    seconds), no query in the template."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"procedure_steps_waiting": 0}
    if "procedure_steps_waiting" not in g:
        g.procedure_steps_waiting = queries.steps_waiting(current_user, today())
    return {"procedure_steps_waiting": g.procedure_steps_waiting}


@bp.get("/")
@login_required
def index():
    """Procedures in progress (stage, days in stage, clocks) per department, and the templates."""
    return render_template("procedures/index.html", board=queries.board(current_user, today()),
                           procedures=queries.procedures())


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Administrators set each procedure's kinds, periods, and its stages' departments and clocks."""
    require(can_administer(current_user))
    if request.method == "POST":
        procedure_id = request.form.get("procedure_id", "")
        procedure = db.session.get(Procedure, int(procedure_id)) if procedure_id.isdigit() else None
        if procedure is None:
            flash(_("No such procedure."), "error")
        elif perform(lambda: update_procedure(current_user, procedure, request.form)):
            flash(_("Procedure %(name)s saved.", name=procedure.name), "success")
        return redirect(url_for("procedures.settings"))
    return render_template("procedures/settings.html", procedures=queries.procedures())


@bp.get("/rules/<path:code>/v/<int:number>")
@login_required
def run_page(code: str, number: int):
    rule, version, run = load(code, number)
    return render_template("procedures/run.html", rule=rule, version=version, run=run,
                           view=queries.run_view(current_user, rule, version, run, today()),
                           procedure=services.procedure_for(rule), calendar_known=calendar_known(today()),
                           can_see_drafts=can_see_drafts(current_user, rule))


def _back(code: str, number: int):
    return redirect(url_for("procedures.run_page", code=code, number=number))


@bp.post("/rules/<path:code>/v/<int:number>/start")
@login_required
def start(code: str, number: int):
    rule, version, _run = load(code, number)
    codes = form_codes("countersign")
    if perform(lambda: services.start_run(current_user, version, touches_business=bool(request.form.get("business")),
                                          countersign_codes=codes)):
        flash(_("The draft entered its procedure."), "success")
    return _back(code, number)


@bp.post("/rules/<path:code>/v/<int:number>/act")
@login_required
def act(code: str, number: int):
    rule, version, run = load(code, number)
    action = request.form.get("action", "complete")
    if run is None:
        flash(_("This draft is not in a procedure."), "error")
        return _back(code, number)

    def do():
        if action == "return":
            return services.return_draft(current_user, run, request.form.get("opinion", ""))
        if action == "open":
            return services.open_consultation(current_user, run, form_date("ends_on"), form_codes("consulted"))
        if action in ("sign", "object"):
            return services.countersign(current_user, run, agree=action == "sign",
                                        reason=request.form.get("opinion", ""))
        return services.complete_stage(current_user, run, **completion_fields()) or True

    result = perform(do)
    if result:
        flash(_("Recorded."), "success")
        for warning in result if isinstance(result, list) else []:
            flash(warning, "warning")
    return _back(code, number)


@bp.post("/rules/<path:code>/v/<int:number>/comment")
@login_required
def comment(code: str, number: int):
    rule, version, run = load(code, number)
    if perform(lambda: consultation.add_comment(current_user, run, request.form.get("article", ""),
                                                request.form.get("text", ""))):
        flash(_("Thank you: your comment was recorded."), "success")
    return _back(code, number)


@bp.post("/rules/<path:code>/v/<int:number>/dispose")
@login_required
def dispose(code: str, number: int):
    rule, version, run = load(code, number)
    comment_id = request.form.get("comment_id", "")
    if perform(lambda: consultation.dispose(current_user, run, int(comment_id) if comment_id.isdigit() else None,
                                            request.form.get("disposition", ""), request.form.get("reason", ""))):
        flash(_("Disposition recorded."), "success")
    return _back(code, number)
