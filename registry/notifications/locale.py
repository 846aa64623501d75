"""Speak to each user in their own language, also outside a request (CLI, background jobs)."""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, g
from flask_babel import force_locale


def locale_of(user) -> str:
    """Return the user's language if the interface offers it, else the site default."""
    locale = getattr(user, "locale", None)
    return locale if locale in current_app.config["LANGUAGES"] else current_app.config["DEFAULT_LOCALE"]


@contextmanager
def speaking_to(user):
    """Render text in `user`'s language for the duration of the block."""
    # flask_babel.force_locale does nothing while `g` is empty (as in a fresh CLI app context).
    g.setdefault("_speaking_to", True)
    with force_locale(locale_of(user)):
        yield
