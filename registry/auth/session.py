"""Flask-Login glue: the session and remember-me cookies carry a sign-in token, not a user id."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from registry.auth import signins
from registry.auth.models import User
from registry.db import db


def load_user(token: str) -> User | None:
    """Return the user of the sign-in this cookie names, or None when it ended, expired or is unknown."""
    sign_in = signins.find_sign_in(token)
    if sign_in is None:
        return None
    if signins.touch(sign_in):
        db.session.commit()  # runs first in the request (see load_user_first): nothing else is pending
    return sign_in.user


# Answers that never depend on who asks: no database work for them (and /health must answer while it is down).
NO_USER_ENDPOINTS = frozenset({"static", "main.health"})


def load_user_first() -> None:
    """Load the user before the view runs, so the sign-in's activity is committed on its own."""
    if request.endpoint in NO_USER_ENDPOINTS:
        return None
    from registry.tokens.requests import authenticate_request

    refusal = authenticate_request()  # an API request with a bearer token acts as the token's user
    if refusal is not None:
        return refusal
    _ = current_user.is_authenticated
    return None
