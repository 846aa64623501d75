"""Flask-Login glue: load the signed-in user from the session."""

from __future__ import annotations

from registry.auth.models import User
from registry.db import db


def load_user(user_id: str) -> User | None:
    """Return the user with this id, or None when it no longer exists."""
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
