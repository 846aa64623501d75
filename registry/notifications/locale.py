"""Speak to each user in their own language, also outside a request (CLI, background jobs)."""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app

from registry.i18n import speaking


def locale_of(user) -> str:
    """Return the user's language if the interface offers it, else the site default."""
    locale = getattr(user, "locale", None)
    return locale if locale in current_app.config["LANGUAGES"] else current_app.config["DEFAULT_LOCALE"]


@contextmanager
def speaking_to(user):
    """Render text in `user`'s language for the duration of the block."""
    with speaking(locale_of(user)):
        yield
