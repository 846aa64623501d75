"""Recognise `Authorization: Bearer …` on API requests and let the request act as the token's user.

A token request never uses the cookies: when the header is present the session and remember-me
cookies are ignored, so a token's scope cannot be widened by a browser's sign-in, and CSRF (which
protects cookie requests from other sites) does not apply to it (`registry/api/blueprint.py`).
"""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from registry.db import db
from registry.tokens import services

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_secret() -> str | None:
    """Return the token an API request carries, '' for a malformed header, None when it carries none."""
    header = request.headers.get("Authorization")
    if header is None or not request.path.startswith("/api/"):
        return None
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def _act_as(user) -> None:
    # The fence around Flask-Login's private per-request slot (checked against Flask-Login 0.6.3):
    # `current_user` is `g._login_user` once it is set, and Flask-Login loads from the cookies only
    # when it is absent. tests/api/test_tokens.py fails loudly if that changes.
    g._login_user = user


def authenticate_request():
    """Before the view: sign the request in by its bearer token, or answer 401 for a bad one."""
    secret = bearer_secret()
    if secret is None:
        return None
    from registry.errors import error_response

    token = services.find_token(secret) if secret else None
    if token is None:
        response = error_response(401, _("The API token is unknown, revoked or malformed."), error_code="invalid_token")
        response[0].headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    if services.touch(token):
        db.session.commit()  # runs first in the request: nothing else is pending
    g.api_token = token
    _act_as(token.user)
    return None


def is_token_request() -> bool:
    return g.get("api_token") is not None


def scope_refusal():
    """Refuse a write through a read-only token (the user's own permissions still apply after)."""
    token = g.get("api_token")
    if token is None or request.method in SAFE_METHODS or token.may_write:
        return None
    from registry.errors import error_response

    return error_response(403, _("This token may only read; create a read-write token to make changes."),
                          error_code="insufficient_scope")
