"""Pages of clean-up: a campaign's lists (page and Word), their publication, the notice on a rule's page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired

from registry.auth.permissions import can_run_campaign
from registry.cleanup import services
from registry.cleanup.blueprint import bp
from registry.cleanup.document import lists_docx
from registry.cleanup.models import LISTS
from registry.datefields import DayField
from registry.db import db, today
from registry.errors import perform
from registry.proposals.models import Campaign
from registry.viewhelpers import download


class PublishForm(FlaskForm):
    published_on = DayField(validators=[DataRequired()])


def _campaign(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


def _lists(campaign):
    publication = services.publication_of(campaign)
    if publication is not None:
        lists = {name: [e for e in publication.entries if e.list_name == name] for name in LISTS}
        return publication, lists
    return None, services.lists_of(campaign, today())


@bp.get("/campaigns/<int:campaign_id>/lists")
@login_required
def lists(campaign_id: int):
    campaign = _campaign(campaign_id)
    publication, lists = _lists(campaign)
    form = PublishForm()
    form.published_on.data = today()
    return render_template("cleanup/lists.html", campaign=campaign, publication=publication, lists=lists,
                           names=LISTS, form=form, can_publish=can_run_campaign(current_user) and not publication)


@bp.get("/campaigns/<int:campaign_id>/lists.docx")
@login_required
def lists_document(campaign_id: int):
    campaign = _campaign(campaign_id)
    publication, lists = _lists(campaign)
    with force_locale("zh_CN"):  # the office's official document: Chinese, GB/T 9704, whoever downloads it
        data = lists_docx(campaign.title, lists, publication.published_on if publication else None, "zh")
    return download(data, f"lists-{campaign.id}.docx")


@bp.post("/campaigns/<int:campaign_id>/publish")
@login_required
def publish(campaign_id: int):
    campaign = _campaign(campaign_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Enter the publication date as YYYY-MM-DD."), "error")
    elif perform(lambda: services.publish(current_user, campaign, form.published_on.data)):
        flash(_("The lists are published."), "success")
    return redirect(url_for("cleanup.lists", campaign_id=campaign.id))
