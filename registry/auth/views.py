"""Sign in, sign out, choose the interface language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from registry.auth.forms import LoginForm
from registry.auth.services import authenticate, choose_language
from registry.errors import perform
from registry.faults import database_ready

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong email or password."), "error")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str):
    """Keep the choice in the session, and in the profile of a signed-in person (see registry/i18n.py)."""
    if code not in current_app.config["LANGUAGES"]:
        return redirect(safe_next(request.args.get("next")))
    if current_user.is_authenticated and database_ready():
        session.pop("lang", None)
        session["user_locale"] = code
        perform(lambda: choose_language(current_user, code))
    else:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))
