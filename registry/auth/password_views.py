"""Password pages: change one's own, ask for a reset link, set a new one through the link."""

from __future__ import annotations

import logging

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from registry.auth import resets, services
from registry.auth.blueprint import bp
from registry.auth.forms import ChangePasswordForm, ForgotPasswordForm, NewPasswordForm
from registry.auth.session import NO_USER_ENDPOINTS
from registry.auth.signins import active_sign_ins, hash_token
from registry.auth.throttle import throttle
from registry.errors import perform
from registry.notifications.mail import Mailer, MailError

log = logging.getLogger(__name__)


# What someone whose password an administrator set may still reach before choosing their own.
WHILE_TEMPORARY = {"auth.change_password", "auth.logout", "auth.set_language", "static"}


@bp.before_app_request
def replace_temporary_password():
    """Send a user whose password an administrator chose to choose their own first."""
    if request.endpoint in NO_USER_ENDPOINTS:
        return None
    if g.get("api_token") is not None:  # a token acts for a program: no page to send it to
        return None
    if (current_user.is_authenticated and current_user.is_password_temporary
            and request.endpoint not in WHILE_TEMPORARY):
        flash(_("An administrator set your password. Choose your own to go on."), "info")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(account=current_user)
    if form.validate_on_submit() and perform(lambda: services.change_own_password(
            current_user, current=form.current.data, new=form.password.data)):
        flash(_("Your password is changed. Every other browser signed in as you has been signed out."), "success")
        return redirect(url_for("auth.change_password"))
    return render_template("auth/change_password.html", form=form, sign_ins=active_sign_ins(current_user),
                           current_hash=hash_token(current_user.sign_in_token))


@bp.post("/sign-out-elsewhere")
@login_required
def sign_out_elsewhere():
    ended = perform(lambda: services.sign_out_elsewhere(current_user))
    if ended is not None:
        flash(_("Signed out in every other browser."), "success")
    return redirect(url_for("auth.change_password"))


def send_after_response(response, message) -> None:
    """Hand the message to the mail server once the response has gone, so its timing tells nothing."""
    config = current_app.config

    def send() -> None:
        try:
            with Mailer(config) as mailer:
                mailer.send(message)
        except MailError as error:
            log.error("password reset e-mail not sent: %s", error)

    response.call_on_close(send)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form)
    address = request.remote_addr or ""
    if throttle().wait_seconds("", address):
        message = _("Too many requests from your address. Wait a few minutes and try again.")
        return render_template("auth/forgot_password.html", form=form, throttled=message), 429
    throttle().failed("", address)  # every request counts against the address: no mail flood
    user = services.find_user(form.email.data)
    message = None
    if user is not None and user.is_active:
        token = perform(lambda: resets.issue_reset(None, user))
        if token:
            with Mailer(current_app.config) as mailer:
                message = resets.reset_message(mailer, user, token)
    response = current_app.make_response(render_template("auth/forgot_password.html", form=form, sent=True))
    if message is not None:
        send_after_response(response, message)
    return response


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = resets.find_reset(token)
    headers = {"Referrer-Policy": "no-referrer"}  # the token must not leave in a Referer header
    if reset is None:
        return render_template("auth/reset_password.html", form=None), 410, headers
    form = NewPasswordForm(account=reset.user)
    if form.validate_on_submit() and perform(lambda: resets.use_reset(reset, form.password.data)):
        logout_user()
        flash(_("Your new password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 200, headers
