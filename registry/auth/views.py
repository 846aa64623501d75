"""Sign in, sign out, choose the interface language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from registry.auth import services
from registry.auth.blueprint import bp
from registry.auth.forms import LoginForm
from registry.auth.services import choose_language
from registry.auth.throttle import throttle
from registry.directory.client import DirectoryUnavailable
from registry.errors import perform
from registry.faults import database_ready


def safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home.index")


def too_many_tries(seconds: int):
    """The sign-in page with the reason for the pause, as HTTP 429 with Retry-After."""
    minutes = max(1, -(-seconds // 60))
    message = ngettext("Too many failed sign-ins. Wait %(num)d minute and try again, or ask for a "
                       "password reset link.",
                       "Too many failed sign-ins. Wait %(num)d minutes and try again, or ask for a "
                       "password reset link.", minutes)
    page = render_template("auth/login.html", form=LoginForm(formdata=None), throttled=message)
    return page, 429, {"Retry-After": str(seconds)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        address = request.remote_addr or ""
        wait = throttle().wait_seconds(form.email.data, address)
        if wait:
            return too_many_tries(wait)
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DirectoryUnavailable as error:
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 503
        if user is None:
            throttle().failed(form.email.data, address)
            perform(lambda: services.record_failed_sign_in(form.email.data, address))
            flash(_("Wrong email or password."), "error")
        elif perform(lambda: services.sign_in(user, remember=form.remember.data, address=address,
                                              user_agent=request.user_agent.string)):
            throttle().succeeded(form.email.data)
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        perform(lambda: services.sign_out(current_user))
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
