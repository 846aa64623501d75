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
from registry.procedures.models import STAGE_KINDS, Procedure
from registry.procedures.settings import (
    ACTORS,
    ROLES,
    add_stage,
    move_stage,
    remove_stage,
    stages_token,
    update_procedure,
)
from registry.procedures.workdays import calendar_known
from registry.viewhelpers import departments


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
    return render_template("procedures/index.html", procedure_board=queries.board(current_user, today()),
                           procedures=queries.procedures())


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Administrators set each procedure's kinds, periods, and its stages' departments and clocks."""
    require(can_administer(current_user))
    if request.method == "POST":
        procedure = _posted_procedure()
        if procedure is not None and perform(lambda: update_procedure(current_user, procedure, request.form)):
            flash(_("Procedure %(name)s saved.", name=procedure.name), "success")
        return redirect(url_for("procedures.settings"))
    procedures = queries.procedures()
    return render_template("procedures/settings.html", procedures=procedures, stage_kinds=STAGE_KINDS,
                           actors=ACTORS, roles=ROLES, departments=departments(),
                           tokens={p.id: stages_token(p) for p in procedures})


def _posted_procedure() -> Procedure | None:
    procedure_id = request.form.get("procedure_id", "")
    procedure = db.session.get(Procedure, int(procedure_id)) if procedure_id.isdigit() else None
    if procedure is None or procedure.snapshot_of_id is not None:
        flash(_("No such procedure."), "error")
        return None
    return procedure


@bp.post("/settings/stages")
@login_required
def stages():
    """Administrators add, remove and reorder a procedure's stages; runs keep the stages they started with."""
    require(can_administer(current_user))
    procedure = _posted_procedure()
    if procedure is None:
        return redirect(url_for("procedures.settings"))
    form, token, op = request.form, request.form.get("stages_token"), request.form.get("op", "")
    edits = {"add": lambda: add_stage(current_user, procedure, form, token),
             "remove": lambda: remove_stage(current_user, procedure, form.get("stage_id"), token),
             "up": lambda: move_stage(current_user, procedure, form.get("stage_id"), -1, token),
             "down": lambda: move_stage(current_user, procedure, form.get("stage_id"), 1, token)}
    if op not in edits:
        flash(_("Choose a change of the stages."), "error")
    elif perform(edits[op]):
        flash(_("The stages of %(name)s were changed.", name=procedure.name), "success")
    return redirect(url_for("procedures.settings", _anchor=f"procedure-{procedure.id}"))


@bp.get("/rules/<path:code>/v/<int:number>")
@login_required
def run_page(code: str, number: int):
    rule, version, run = load(code, number)
    return render_template("procedures/run.html", rule=rule, version=version, run=run,
                           view=queries.run_view(current_user, rule, version, run, today()),
                           procedure=services.procedure_for(rule), calendar_known=calendar_known(today()),
                           can_see_drafts=can_see_drafts(current_user, rule), departments=departments(),
                           successor=run.successor if run is not None else None)


def _step(code: str, number: int, step, done: str):
    """Load the draft and its run, do one step of its procedure, say how it went, and go back to its page.

    `step(version, run)` calls a service; a list it returns holds warnings to show after `done`.
    """
    rule, version, run = load(code, number)
    if run is None and step is not _start:
        flash(_("This draft is not in a procedure."), "error")
    elif (result := perform(lambda: step(version, run))):
        flash(done, "success")
        for warning in result if isinstance(result, list) else []:
            flash(warning, "warning")
    return redirect(url_for("procedures.run_page", code=code, number=number))


def _start(version, run):
    return services.start_run(current_user, version, touches_business=bool(request.form.get("business")),
                              countersign_codes=form_codes("countersign"))


@bp.post("/rules/<path:code>/v/<int:number>/start")
@login_required
def start(code: str, number: int):
    return _step(code, number, _start, _("The draft entered its procedure."))


def _act(version, run):
    action, opinion = request.form.get("action", "complete"), request.form.get("opinion", "")
    if action == "return":
        return services.return_draft(current_user, run, opinion)
    if action == "open":
        return services.open_consultation(current_user, run, form_date("ends_on"), form_codes("consulted"))
    if action in ("sign", "object"):
        return services.countersign(current_user, run, agree=action == "sign", reason=opinion)
    return services.complete_stage(current_user, run, **completion_fields()) or True


@bp.post("/rules/<path:code>/v/<int:number>/act")
@login_required
def act(code: str, number: int):
    return _step(code, number, _act, _("Recorded."))


@bp.post("/rules/<path:code>/v/<int:number>/comment")
@login_required
def comment(code: str, number: int):
    return _step(code, number, lambda version, run: consultation.add_comment(
        current_user, run, request.form.get("article", ""), request.form.get("text", "")),
        _("Thank you: your comment was recorded."))


@bp.post("/rules/<path:code>/v/<int:number>/dispose")
@login_required
def dispose(code: str, number: int):
    comment_id = request.form.get("comment_id", "")
    return _step(code, number, lambda version, run: consultation.dispose(
        current_user, run, int(comment_id) if comment_id.isdigit() else None, request.form.get("disposition", ""),
        request.form.get("reason", "")), _("Disposition recorded."))
