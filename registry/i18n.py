"""Language choice: the session's choice, else the user's setting, else the browser, else zh-CN.

The user is loaded for this only while the database is known to work (registry/faults.py); their
setting is also remembered in the session, so a page shown while the database (and hence the user)
cannot be loaded still speaks the user's language.

Outside a request the configured default applies; the io commands speak CLI_LOCALE (see config.py),
and background jobs speak the language of the person who started them.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, get_translations
from flask_login import current_user

from registry.faults import database_ready


def select_locale() -> str:
    """Pick the interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background jobs: the configured default
        return current_app.config["DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    if database_ready() and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        if session.get("user_locale") != current_user.locale:
            session["user_locale"] = current_user.locale  # for pages shown when the user cannot be loaded
        return current_user.locale
    if session.get("user_locale") in languages:  # signed in, but the database is down (registry/faults.py)
        return session["user_locale"]
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
    if best in ("zh_CN", "zh"):
        return "zh_CN"
    return best or current_app.config["DEFAULT_LOCALE"]


def current_translations():
    """Return the catalogue of the language in force, looked up once per request and language.

    flask_babel's get_translations walks the context, the locale and the domain on every call (about
    8 µs), and a page's templates translate a hundred strings. The catalogue is kept on `g` with the
    locale object it belongs to: force_locale (e-mails in the recipient's language) puts another locale
    object in place, so a forced language is never answered from the memo, nor the request's own after it.
    """
    locale = get_locale()
    kept = g.get("_translations_of")
    if kept is not None and kept[0] is locale:
        return kept[1]
    found = get_translations()
    g._translations_of = (locale, found)
    return found


def install_template_gettext(app: Flask) -> None:
    """Make the templates' _(), ngettext() and pgettext() read current_translations (flask_babel installs the
    same callables with its per-call lookup)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True)


@contextmanager
def speaking(locale: str):
    """Render text in `locale` for the duration of the block, also outside a request."""
    # flask_babel.force_locale does nothing while `g` is empty (as in a fresh CLI app context).
    g.setdefault("_speaking", True)
    with force_locale(locale):
        yield


def in_cli_locale(command):
    """Make a CLI command print its messages in CLI_LOCALE."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with speaking(current_app.config["CLI_LOCALE"]):
            return command(*args, **kwargs)

    return wrapper
