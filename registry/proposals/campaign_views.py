"""Pages of inventory campaigns: open, dispose of each rule, add missing rules, close, export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry import charts
from registry.auth.permissions import can_dispose_rule, can_run_campaign, require
from registry.db import db, today
from registry.errors import perform
from registry.proposals import campaigns as services
from registry.proposals import exports, queries
from registry.proposals.blueprint import bp
from registry.proposals.forms import CampaignForm, CampaignMissingForm, DispositionForm
from registry.proposals.models import Campaign, CampaignItem
from registry.rules.access import typed_rule
from registry.rules.queries import category_path_names
from registry.viewhelpers import department_by_id, department_choices, download


@bp.get("/campaigns")
def campaigns():
    return render_template("proposals/campaigns.html", campaigns=queries.campaigns(),
                           can_run=can_run_campaign(current_user))


@bp.route("/campaigns/new", methods=["GET", "POST"])
def campaign_new():
    require(can_run_campaign(current_user))
    form = CampaignForm()
    form.category_ids.choices = list(category_path_names().items())
    form.department_ids.choices = department_choices(blank=False)
    if form.validate_on_submit():
        campaign = perform(lambda: services.open_campaign(
            current_user, title=form.title.data, deadline_on=form.deadline_on.data, note=form.note.data,
            category_ids=form.category_ids.data or [], department_ids=form.department_ids.data or []))
        if campaign:
            flash(_("Campaign opened with %(n)s rules.", n=len(campaign.items)), "success")
            return redirect(url_for("proposals.campaign", campaign_id=campaign.id))
    return render_template("proposals/campaign_form.html", form=form)


def _campaign(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


@bp.get("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    campaign = _campaign(campaign_id)
    missing_form = CampaignMissingForm()
    missing_form.department_id.choices = department_choices()
    missing_form.department_id.data = current_user.department_id
    mine = {i.id for i in campaign.items if campaign.is_open and can_dispose_rule(current_user, i.rule)}
    figures = queries.campaign_figures(campaign)
    departments = figures["departments"]
    chart = charts.hbar_chart([(d["name"], d["done"]) for d in departments], _("Progress per department"),
                              totals=[d["total"] for d in departments])
    return render_template(
        "proposals/campaign.html", campaign=campaign, figures=figures, chart=chart,
        missing=queries.campaign_missing(campaign), mine=mine, form=DispositionForm(), missing_form=missing_form,
        can_run=can_run_campaign(current_user), only_left=request.args.get("left") == "1", today=today())


def _dispose(item: CampaignItem, form: DispositionForm):
    merge_into = typed_rule(form.merge_into.data, services.CampaignError) if form.disposition.data == "merge" else None
    return services.dispose(current_user, item, form.disposition.data, merge_into=merge_into, note=form.note.data,
                            due_on=form.due_on.data)


@bp.post("/campaigns/<int:campaign_id>/items/<int:item_id>")
def campaign_dispose(campaign_id: int, item_id: int):
    item = db.session.get(CampaignItem, item_id)
    if item is None or item.campaign_id != campaign_id:
        abort(404)
    require(can_dispose_rule(current_user, item.rule))
    form = DispositionForm()
    if not form.validate_on_submit():
        flash(_("Check the decision and the date."), "error")
    elif perform(lambda: _dispose(item, form)):
        flash(_("Decision on %(code)s recorded.", code=item.rule.code), "success")
    return redirect(url_for("proposals.campaign", campaign_id=campaign_id) + f"#item-{item_id}")


@bp.post("/campaigns/<int:campaign_id>/missing")
def campaign_missing(campaign_id: int):
    campaign = _campaign(campaign_id)
    form = CampaignMissingForm()
    form.department_id.choices = department_choices()
    if not form.validate_on_submit():
        flash(_("Give the missing rule a title and say why it is needed."), "error")
    else:
        department = department_by_id(form.department_id.data)
        if perform(lambda: services.add_missing_rule(current_user, campaign, title=form.title.data,
                                                     need=form.need.data, department=department)):
            flash(_("Missing rule added to the drafting backlog."), "success")
    return redirect(url_for("proposals.campaign", campaign_id=campaign_id) + "#missing")


@bp.post("/campaigns/<int:campaign_id>/close")
def campaign_close(campaign_id: int):
    campaign = _campaign(campaign_id)
    require(can_run_campaign(current_user))
    if perform(lambda: services.close_campaign(current_user, campaign)):
        flash(_("Campaign closed; its result is frozen."), "success")
    return redirect(url_for("proposals.campaign", campaign_id=campaign_id))


@bp.get("/campaigns/<int:campaign_id>/export.<fmt>")
def campaign_export(campaign_id: int, fmt: str):
    campaign = _campaign(campaign_id)
    figures = queries.campaign_figures(campaign)
    if fmt == "csv":
        return download(exports.campaign_csv(figures), f"campaign-{campaign.id}.csv")
    if fmt == "xlsx":
        return download(exports.campaign_xlsx(campaign.title, figures), f"campaign-{campaign.id}.xlsx")
    abort(404)
