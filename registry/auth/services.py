"""Verbs about people: create users, authenticate, change roles."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from registry.audit.services import record
from registry.auth.models import ROLES, Department, User
from registry.db import db
from registry.errors import UserFacingError


class AccountError(UserFacingError):
    """A refused change to an account, with the reason."""


def normalise_email(email: str) -> str:
    """Return the address in canonical form, or refuse it with the reason."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(str(error)) from error


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = find_user(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def create_user(
    actor, *, email: str, name: str, role: str = "reader", password: str = "",
    department: Department | None = None, locale: str = "zh_CN",
) -> User:
    """Register a member of staff with a role (and a password when one is given)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(_("Unknown role %(role)s; choose one of %(roles)s.", role=role, roles=", ".join(ROLES)))
    if not name.strip():
        raise AccountError(_("A user needs a name."))
    if find_user(email):
        raise AccountError(_("A user with the email %(email)s already exists.", email=email))
    if password and len(password) < 8:
        raise AccountError(_("The password must have at least 8 characters."))
    user = User(email=email, name=name.strip(), role=role, department=department, locale=locale)
    if password:
        user.set_password(password)
    db.session.add(user)
    record(actor, "user.create", user, email, after={"role": role})
    return user


def update_user(actor, user: User, *, name: str, role: str, department: Department | None,
                is_active: bool, password: str = "", locale: str | None = None) -> User:
    """Change a user's details; role changes are audited as permission changes."""
    if role not in ROLES:
        raise AccountError(_("Unknown role %(role)s.", role=role))
    if actor is not None and actor.id == user.id and (role != user.role or not is_active):
        raise AccountError(_("You cannot change your own role or deactivate yourself."))
    before = {"role": user.role, "active": user.is_active_account, "department": user.department_id}
    user.name, user.role, user.department, user.is_active_account = name.strip(), role, department, is_active
    if locale:
        user.locale = locale
    if password:
        if len(password) < 8:
            raise AccountError(_("The password must have at least 8 characters."))
        user.set_password(password)
    db.session.flush()
    after = {"role": user.role, "active": user.is_active_account, "department": user.department_id}
    record(actor, "user.update", user, user.email, before=before, after=after)
    return user


def choose_language(user: User, locale: str) -> User:
    """Remember the interface language a person picked; it is also the language of their e-mails."""
    if locale not in current_app.config["LANGUAGES"]:
        raise AccountError(_("Unknown language %(code)s.", code=locale))
    user.locale = locale
    db.session.flush()
    return user
