"""Verbs about people: create users, authenticate, sign in and out, change roles and passwords."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from registry.audit.services import record
from registry.auth import signins
from registry.auth.models import ROLES, Department, PasswordReset, User, check_against_nobody
from registry.auth.passwords import check_password_policy
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
    """Return the active user with these credentials, or None; every refusal costs one password hash.

    With a directory configured (LDAP_URL), the directory checks them (registry/directory/services.py).
    """
    if current_app.config["LDAP_URL"]:
        from registry.directory.services import authenticate as directory_authenticate

        return directory_authenticate(email, password)
    user = find_user(email)
    if user is None:
        check_against_nobody(password)  # an unknown address takes as long as a wrong password
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def sign_in(user: User, *, remember: bool, user_agent: str = "", address: str = "") -> str:
    """Start a server-side sign-in for `user` and audit it; return the token the cookies will carry."""
    signins.prune_expired()
    token = signins.start_sign_in(user, remember=remember, user_agent=user_agent, address=address)
    record(user, "auth.sign_in", user, f"{user.email} {address}".strip(), after={"remember": remember})
    return token


def sign_out(user: User) -> None:
    """End the sign-in this request runs under and audit it."""
    signins.end_sign_in(user.sign_in_token)
    record(user, "auth.sign_out", user, user.email)


def sign_out_elsewhere(user: User) -> int:
    """End every sign-in of `user` but the current one; return how many ended."""
    ended = signins.end_sign_ins(user, keep=user.sign_in_token)
    record(user, "auth.sign_out_elsewhere", user, user.email, after={"sign_ins_ended": ended})
    return ended


def record_failed_sign_in(email: str, address: str) -> None:
    """Audit a refused sign-in, naming the account when one has this address."""
    user = find_user(email)
    record(None, "auth.sign_in_failed", user, f"{email.strip()[:254]} {address}".strip())


def set_password(actor, user: User, password: str) -> None:
    """Give `user` a new password under the policy and end every other sign-in and reset link of theirs.

    The sign-in the actor is using survives when they change their own password. A password an
    administrator sets for someone else is temporary: its owner must replace it after signing in.
    """
    check_password_policy(password, email=user.email, name=user.name)
    user.set_password(password)
    own = actor is not None and actor.id == user.id
    user.is_password_temporary = actor is not None and not own
    keep = actor.sign_in_token if own else None
    ended = signins.end_sign_ins(user, keep=keep)
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id,
                                                   PasswordReset.used_at.is_(None)))
    record(actor, "user.password", user, user.email, after={"sign_ins_ended": ended})


def change_own_password(user: User, *, current: str, new: str) -> None:
    """Change one's own password; the current one must be given."""
    if not user.check_password(current):
        raise AccountError(_("The current password is wrong."))
    set_password(user, user, new)


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
    if password:
        check_password_policy(password, email=email, name=name)
    user = User(email=email, name=name.strip(), role=role, department=department, locale=locale)
    if password:
        user.set_password(password)
        user.is_password_temporary = actor is not None  # an administrator chose it for them
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
        set_password(actor, user, password)
    if not is_active:
        signins.end_sign_ins(user)
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
