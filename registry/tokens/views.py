"""The user's page of personal API tokens: create one (its secret shown once), revoke one."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.db import db
from registry.errors import perform
from registry.tokens import services
from registry.tokens.blueprint import bp
from registry.tokens.forms import TokenForm
from registry.tokens.models import ApiToken


def _page(form: TokenForm, secret: str | None = None):
    response = make_response(render_template("tokens/index.html", form=form, secret=secret,
                                             tokens=services.tokens_of(current_user)))
    response.headers["Cache-Control"] = "no-store"  # the page may hold a secret
    return response


@bp.get("")
@login_required
def index():
    return _page(TokenForm())


@bp.post("")
@login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        made = perform(lambda: services.create_token(current_user, form.name.data, form.scope.data))
        if made:
            flash(_("Token created. Copy it now: it is shown only this once."), "success")
            return _page(TokenForm(formdata=None), secret=made[1])
    return _page(form)


@bp.post("/revoke")
@login_required
def revoke():
    raw = request.form.get("id", "")
    token = db.session.get(ApiToken, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if perform(lambda: services.revoke_token(current_user, token)):
        flash(_("Token revoked: it stops working at once."), "success")
    return redirect(url_for("tokens.index"))
