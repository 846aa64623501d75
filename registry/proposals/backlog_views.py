"""Pages of the drafting backlog: propose a missing rule, accept, draft, review, enact or decline it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.auth.models import User
from registry.auth.permissions import can_manage_backlog, require
from registry.db import db, today
from registry.errors import perform
from registry.labels import label
from registry.proposals import backlog as services
from registry.proposals import queries
from registry.proposals.blueprint import bp
from registry.proposals.forms import BacklogActionForm, MissingRuleForm
from registry.proposals.models import BACKLOG_STATUSES, MissingRule
from registry.rules.access import typed_rule
from registry.viewhelpers import department_by_id, department_choices


def drafter_choices():
    people = db.session.scalars(select(User).where(User.is_active_account.is_(True)).order_by(User.name))
    return [(None, "—")] + [(u.id, f"{u.name} <{u.email}>") for u in people]


@bp.get("/backlog")
def backlog():
    status = request.args.get("status") if request.args.get("status") in BACKLOG_STATUSES else None
    return render_template("proposals/backlog.html", items=queries.backlog(status), status=status,
                           statuses=BACKLOG_STATUSES, today=today())


@bp.route("/backlog/new", methods=["GET", "POST"])
def backlog_new():
    form = MissingRuleForm()
    form.department_id.choices = department_choices()
    if request.method == "GET":
        form.department_id.data = current_user.department_id
    if form.validate_on_submit():
        department = department_by_id(form.department_id.data)
        item = perform(lambda: services.propose_missing_rule(
            current_user, title=form.title.data, need=form.need.data, scope=form.scope.data, department=department,
            target_on=form.target_on.data))
        if item:
            flash(_("Missing rule proposed."), "success")
            return redirect(url_for("proposals.backlog_item", item_id=item.id))
    return render_template("proposals/backlog_form.html", form=form)


@bp.get("/backlog/<int:item_id>")
def backlog_item(item_id: int):
    item = db.session.get(MissingRule, item_id) or abort(404)
    form = BacklogActionForm()
    form.drafter_id.choices = drafter_choices()
    form.kind.choices = kind_choices()
    form.row_version.data = item.row_version
    actions = [a for a in services.TRANSITIONS if services.may_take(current_user, item, a)]
    return render_template("proposals/backlog_item.html", item=item, form=form, actions=actions, today=today())


def kind_choices() -> list[tuple[str, str]]:
    return [("", _("No procedure (approved in one step)"))] + [(k, label(k, "rule_kind"))
                                                              for k in services.kinds_with_procedure()]


def _advance(item: MissingRule, form: BacklogActionForm):
    if form.action.data == "enact" and form.new_rule.data:
        expected = int(form.row_version.data) if str(form.row_version.data or "").isdigit() else None
        return services.enact_as_new_rule(current_user, item, code=form.rule_code.data or "",
                                          kind=form.kind.data or "", body=form.body.data or "",
                                          expected_row_version=expected)
    rule = typed_rule(form.rule_code.data, services.BacklogError) if form.action.data == "enact" else None
    drafter = db.session.get(User, form.drafter_id.data) if form.drafter_id.data else None
    expected = int(form.row_version.data) if str(form.row_version.data or "").isdigit() else None
    return services.advance(current_user, item, form.action.data, drafter=drafter, due_on=form.due_on.data,
                            reason=form.reason.data or "", rule=rule, expected_row_version=expected)


@bp.post("/backlog/<int:item_id>")
def backlog_advance(item_id: int):
    item = db.session.get(MissingRule, item_id) or abort(404)
    require(can_manage_backlog(current_user) or item.drafter_id == current_user.id)
    form = BacklogActionForm()
    form.drafter_id.choices = drafter_choices()
    form.kind.choices = kind_choices()
    if not form.validate_on_submit():
        flash(_("Check the date and the chosen step."), "error")
    elif perform(lambda: _advance(item, form)):
        flash(_("Item is now %(status)s.", status=label(item.status, "proposal_status").lower()), "success")
    return redirect(url_for("proposals.backlog_item", item_id=item.id))
