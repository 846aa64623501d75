"""The bell, the list of notifications, marking them read, and e-mail preferences."""

from __future__ import annotations

from flask import flash, g, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from registry.db import db
from registry.errors import perform
from registry.notifications import services
from registry.notifications.blueprint import bp
from registry.notifications.delivery import preference_of
from registry.notifications.forms import PreferencesForm
from registry.notifications.models import Notification
from registry.queryargs import clamp_page, page_arg

PER_PAGE = 50


@bp.get("/")
@login_required
def index():
    mine = Notification.user_id == current_user.id
    total = db.session.scalar(select(func.count(Notification.id)).where(mine)) or 0
    page = clamp_page(page_arg(), total, PER_PAGE)
    items = db.session.scalars(select(Notification).where(mine).order_by(Notification.id.desc())
                               .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return render_template("notifications/index.html", items=items, total=total, page=page, per_page=PER_PAGE)


@bp.post("/read")
@login_required
def mark_read():
    """Mark one notification (`id`) or all of them read; `next` may send the user on to its link."""
    raw = request.form.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    perform(lambda: services.mark_read(current_user, ids))
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    preference = preference_of(current_user.id)
    form = PreferencesForm(obj=preference)
    if form.validate_on_submit() and perform(
            lambda: services.save_preferences(current_user, form.email_enabled.data, form.frequency.data)):
        flash(_("Preferences saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.app_context_processor
def bell() -> dict:
    """Give the layout the signed-in user's unread count: once per request (kept per process for a few
    seconds), no query in the template."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"unread_notifications": 0}
    if "unread_notifications" not in g:
        g.unread_notifications = services.unread_badge(current_user)
    return {"unread_notifications": g.unread_notifications}
