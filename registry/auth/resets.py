"""Password reset by e-mailed one-time link: a random token, only its hash stored, single use, expiring.

Asked for by the user ("forgot password", which never says whether the address has an account) or
sent by an administrator. Using the link sets a new password under the policy, which ends every
sign-in of the account and every other link.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.models import PasswordReset, User
from registry.auth.services import set_password
from registry.auth.signins import hash_token
from registry.db import db, utcnow
from registry.errors import UserFacingError
from registry.notifications.links import absolute, path_for
from registry.notifications.locale import speaking_to
from registry.notifications.mail import Mailer, MailError


class ResetMailFailed(UserFacingError):
    """The mail server did not take the reset e-mail."""


def issue_reset(actor, user: User, now: datetime | None = None) -> str:
    """Create a one-time reset link for `user` and audit it; return the token (it is never stored)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(PasswordReset(token_hash=hash_token(token), user=user, requested_by_id=getattr(actor, "id", None),
                                 created_at=now, expires_at=now + timedelta(minutes=minutes)))
    record(actor, "user.password_reset_link", user, user.email)
    return token


def find_reset(token: str, now: datetime | None = None) -> PasswordReset | None:
    """Return the unused, unexpired reset this token names for an active account, or None."""
    if not token or len(token) > 100:
        return None
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at <= (now or utcnow()):
        return None
    return reset if reset.user.is_active else None


def use_reset(reset: PasswordReset, password: str, now: datetime | None = None) -> User:
    """Set the account's new password through the link, once; the policy applies."""
    reset.used_at = now or utcnow()
    set_password(None, reset.user, password)
    record(None, "user.password_reset", reset.user, reset.user.email)
    return reset.user


def reset_message(mailer: Mailer, user: User, token: str):
    """Build the e-mail with the reset link, in the user's language."""
    url = absolute(path_for("auth.reset_password", token=token))
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    with speaking_to(user):
        context = {"user": user, "url": url, "minutes": minutes}
        return mailer.message(user.name, user.email, _("Set a new password for the rules registry"),
                              render_template("emails/password_reset.txt", **context),
                              render_template("emails/password_reset.html", **context))


def mail_reset_link(actor, user: User) -> None:
    """Issue a link and hand it to the mail server at once: the administrator who asked waits to know."""
    token = issue_reset(actor, user)
    with Mailer(current_app.config) as mailer:
        try:
            mailer.send(reset_message(mailer, user, token))
        except MailError as error:
            raise ResetMailFailed(_("The e-mail could not be sent: %(reason)s", reason=str(error))) from error
