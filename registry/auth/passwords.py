"""The minimum password policy, applied wherever a password is set (CLI, admin, own change, reset).

Length (PASSWORD_MIN_LENGTH), not one of the most common leaked passwords (data/common_passwords.txt,
source noted in the file), and not the account's own e-mail address or name. No rules about digits or
symbols: they make passwords harder to remember, not to guess (NIST SP 800-63B).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from registry.errors import UserFacingError

COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"
MAX_LENGTH = 200


class WeakPassword(UserFacingError):
    """A password the policy refuses, with the reason."""


@cache
def common_passwords() -> frozenset[str]:
    """Return the refused common passwords, in lower case (read once per process)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _squashed(text: str) -> str:
    return "".join(text.split()).lower()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return why the policy refuses this password, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("The password must have at least %(count)d characters.", count=minimum)
    if len(password) > MAX_LENGTH:
        return _("The password may have at most %(count)d characters.", count=MAX_LENGTH)
    squashed = _squashed(password)
    if squashed in common_passwords() or password.lower() in common_passwords():
        return _("This password is one of the most common ones and easy to guess; choose another.")
    email = email.strip().lower()
    own = {_squashed(email), _squashed(email.partition("@")[0]), _squashed(name)} - {""}
    if squashed in own:
        return _("The password must not be your e-mail address or your name.")
    return None


def check_password_policy(password: str, *, email: str = "", name: str = "") -> None:
    """Refuse a password the policy does not accept, with the reason."""
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise WeakPassword(problem)
