"""Sign-in and password forms; every password that is set passes the policy in passwords.py."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from registry.auth.passwords import MAX_LENGTH, password_problem


def email_unless_directory(form, field) -> None:
    """An e-mail address; with a directory, also its user name (uid, sAMAccountName)."""
    if not current_app.config["LDAP_URL"]:
        Email()(form, field)


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), email_unless_directory, Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Stay signed in"))


class PolicyPassword:
    """Validate a new password against the policy for the account the form is about.

    The form names that account with `account_email` and `account_name` (or fields email and name).
    """

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        email = getattr(form, "account_email", "") or getattr(getattr(form, "email", None), "data", "") or ""
        name = getattr(form, "account_name", "") or getattr(getattr(form, "name", None), "data", "") or ""
        problem = password_problem(field.data, email=email, name=name)
        if problem:
            raise ValidationError(problem)


def password_help() -> str:
    """Explain the policy with the configured length."""
    return _("At least %(count)d characters; not a common password, nor the e-mail address or name. "
             "A few unrelated words make a good one.", count=current_app.config["PASSWORD_MIN_LENGTH"])


class NewPasswordForm(FlaskForm):
    """Choose a new password (the link of a reset e-mail)."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), PolicyPassword()])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", _l("The two passwords differ."))])

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.password.description = password_help()
        self.account_email = getattr(account, "email", "")
        self.account_name = getattr(account, "name", "")


class ChangePasswordForm(NewPasswordForm):
    """Change one's own password: the current one proves it is the owner at the keyboard."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
