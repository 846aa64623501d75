"""The administrators' webhook pages: register one, pause or delete it, read its deliveries, send again."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.auth.permissions import can_administer, require
from registry.db import db
from registry.errors import perform
from registry.webhooks import services
from registry.webhooks.blueprint import bp
from registry.webhooks.forms import WebhookForm, event_choices
from registry.webhooks.models import Webhook, WebhookDelivery
from registry.webhooks.sending import event_label


@bp.before_request
@login_required
def admins_only():
    require(can_administer(current_user))


def _posted(model):
    raw = request.values.get("id", "")
    return db.session.get(model, int(raw)) if raw.isdigit() and len(raw) < 10 else None


@bp.route("", methods=["GET", "POST"])
def index():
    form = WebhookForm()
    form.events.choices = event_choices()
    if form.validate_on_submit() and perform(lambda: services.save_webhook(
            current_user, None, name=form.name.data, url=form.url.data, secret=form.secret.data,
            events=form.events.data, hook_format=form.format.data, is_active=form.is_active.data)):
        flash(_("Webhook saved. Events from now on are sent to it by `flask webhooks deliver`."), "success")
        return redirect(url_for("webhooks.index"))
    return render_template("webhooks/index.html", form=form, hooks=services.webhooks(), event_label=event_label)


@bp.get("/log")
def log():
    hook = _posted(Webhook)
    if hook is None:
        return redirect(url_for("webhooks.index"))
    return render_template("webhooks/log.html", hook=hook, deliveries=services.deliveries_of(hook),
                           event_label=event_label)


@bp.post("/toggle")
def toggle():
    hook = _posted(Webhook)
    if hook is not None and perform(lambda: services.save_webhook(
            current_user, hook, name=hook.name, url=hook.url, secret="", events=hook.events,
            hook_format=hook.format, is_active=not hook.is_active)):
        flash(_("Webhook resumed.") if hook.is_active else _("Webhook paused."), "success")
    return redirect(url_for("webhooks.index"))


@bp.post("/delete")
def delete():
    hook = _posted(Webhook)
    if perform(lambda: services.delete_webhook(current_user, hook)):
        flash(_("Webhook deleted."), "success")
    return redirect(url_for("webhooks.index"))


@bp.post("/redeliver")
def redeliver():
    delivery = _posted(WebhookDelivery)
    if perform(lambda: services.redeliver(current_user, delivery)):
        flash(_("It will be sent again at the next delivery run."), "success")
        return redirect(url_for("webhooks.log", id=delivery.webhook_id))
    return redirect(url_for("webhooks.index"))
