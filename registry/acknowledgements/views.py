"""Pages of read-and-acknowledge: ask people to read a rule, confirm it, see who has, follow a rule."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.acknowledgements import queries, services
from registry.acknowledgements.blueprint import bp
from registry.acknowledgements.exports import progress_csv, progress_xlsx
from registry.acknowledgements.forms import RequestForm
from registry.auth.permissions import can_dispose_rule, require
from registry.charts import hbar_chart
from registry.errors import perform
from registry.labels import label
from registry.rules.access import load_visible_rule
from registry.viewhelpers import department_choices, download


def _managed_rule(code: str):
    rule = load_visible_rule(code)
    require(can_dispose_rule(current_user, rule))
    return rule


def _newest_approved(rule):
    return max((v for v in rule.versions if v.is_approved), key=lambda v: v.number, default=None)


@bp.get("/")
@login_required
def index():
    managed = [r for r in queries.open_requests() if can_dispose_rule(current_user, r.rule)]
    return render_template("acknowledgements/index.html", pending=queries.pending_for(current_user),
                           managed=[queries.progress(r, _("No department")) for r in managed])


@bp.route("/rules/<path:code>/request", methods=["GET", "POST"])
@login_required
def request_form(code: str):
    rule = _managed_rule(code)
    version = _newest_approved(rule)
    existing = services.request_for(version) if version else None
    form = RequestForm(obj=None)
    form.departments.choices = department_choices(blank=False)
    form.roles.choices = [(r, label(r, "role")) for r in services.ROLES]
    if not form.is_submitted():
        earlier = existing or services.current_request(rule)
        form.due_on.data = existing.due_on if existing else services.default_due_on()
        if earlier is not None:
            form.everyone.data = earlier.is_everyone
            form.departments.data, form.roles.data = sorted(earlier.department_ids), sorted(earlier.roles)
    if version is not None and form.validate_on_submit():
        if perform(lambda: services.request_acknowledgement(
                current_user, version, department_ids=form.departments.data or [], roles=form.roles.data or [],
                everyone=form.everyone.data, due_on=form.due_on.data)):
            flash(_("Staff are asked to read version %(n)s.", n=version.number), "success")
            return redirect(url_for("acknowledgements.progress", code=rule.code))
    return render_template("acknowledgements/request.html", rule=rule, version=version, form=form,
                           existing=existing, may_ask=version is not None and services.may_ask_again(version))


@bp.get("/rules/<path:code>/progress")
@login_required
def progress(code: str):
    rule = _managed_rule(code)
    request = services.current_request(rule)
    figures = queries.progress(request, _("No department")) if request else None
    chart = None
    if figures and figures.departments:
        chart = hbar_chart([(f"{d.name} {d.done}/{d.total}", d.percent) for d in figures.departments],
                           _("Share confirmed per department, in per cent"))
    return render_template("acknowledgements/progress.html", rule=rule, request=request, figures=figures,
                           chart=chart)


@bp.get("/rules/<path:code>/export.<fmt>")
@login_required
def export(code: str, fmt: str):
    rule = _managed_rule(code)
    request = services.current_request(rule)
    people = queries.progress(request, _("No department")).people if request else []
    if fmt not in ("csv", "xlsx"):
        abort(404)
    data = progress_csv(people) if fmt == "csv" else progress_xlsx(rule.code, people)
    return download(data, f"acknowledgements-{rule.code}.{fmt}")


@bp.post("/rules/<path:code>/confirm")
@login_required
def confirm(code: str):
    rule = load_visible_rule(code)
    request = services.current_request(rule)
    if request is None:
        flash(_("Nobody is asked to read this rule."), "error")
    elif perform(lambda: services.acknowledge(current_user, request)):
        flash(_("Thank you: your confirmation is recorded."), "success")
    return redirect(url_for("rules.rule_page", code=rule.code) + "#acknowledge")


@bp.post("/rules/<path:code>/follow")
@login_required
def follow(code: str):
    rule = load_visible_rule(code)
    if perform(lambda: services.follow(current_user, rule)):
        flash(_("You follow %(title)s: you will hear of new versions, repeal and proposed changes.",
                title=rule.title), "success")
    return redirect(url_for("rules.rule_page", code=rule.code))


@bp.post("/rules/<path:code>/unfollow")
@login_required
def unfollow(code: str):
    rule = load_visible_rule(code)
    if perform(lambda: services.unfollow(current_user, rule)):
        flash(_("You no longer follow %(title)s.", title=rule.title), "success")
    return redirect(url_for("rules.rule_page", code=rule.code))


@bp.record_once
def connect_signals(_state) -> None:
    """Hear of approvals (ask again, tell followers), repeals and proposed changes."""
    from registry.rules.signals import change_proposed, rule_repealed, version_approved

    version_approved.connect(services.on_version_approved)
    rule_repealed.connect(services.on_rule_repealed)
    change_proposed.connect(services.on_change_proposed)
