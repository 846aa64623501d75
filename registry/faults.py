"""When the database fails: a 503 in the user's language instead of a bare "Internal Server Error".

Three kinds of fault are recognised from the exception SQLAlchemy raises: the database cannot be
reached (refused, restarted, busy, disk trouble), it is read-only (a read-only SQLite file, a
PostgreSQL standby or `default_transaction_read_only`), or its schema is missing or older than the
code. Before a page runs, `guard` makes sure the database has its tables (once per process, again
after every failure), so a missing or empty database file says "run flask db upgrade" on every page
instead of failing each one.

Rendering the error page must not need the database: the page is rendered for an anonymous user
(so neither the locale selector nor the layout loads the signed-in user) and the language comes
from the session or the browser (`i18n.select_locale`).
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, Response, current_app, g, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError

from registry.db import db
from registry.health import check_database, check_schema

log = logging.getLogger(__name__)

UNAVAILABLE, READ_ONLY, SCHEMA = "database_unavailable", "database_read_only", "database_not_initialised"
# SQLite result codes (sqlite3's sqlite_errorname) that mean the file cannot be used right now.
SQLITE_UNAVAILABLE = ("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_FULL",
                      "SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_PROTOCOL")
PG_READ_ONLY = "25006"  # read_only_sql_transaction
PG_SCHEMA = ("42P01", "42703")  # undefined_table, undefined_column
# SQLSTATE classes: connection exception, insufficient resources, operator intervention, system error.
PG_UNAVAILABLE_CLASSES = ("08", "53", "57", "58")


class DatabaseState:
    """Per app: whether the database was found ready, so the guard checks only until it is."""

    def __init__(self) -> None:
        self.ready = False


def database_ready() -> bool:
    """True once this process found the database usable, until a fault says otherwise."""
    state = current_app.extensions.get("registry_database")
    return state is None or state.ready


def classify(error: BaseException) -> str | None:
    """Name the database fault behind an exception, or None when it is not one (a bug: 500)."""
    if not isinstance(error, DBAPIError):
        return None
    orig = error.orig
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_READONLY"):
            return READ_ONLY
        if name.startswith(SQLITE_UNAVAILABLE):
            return UNAVAILABLE
        if str(orig).startswith(("no such table", "no such column")):
            return SCHEMA
        return None
    state = getattr(orig, "sqlstate", None) or ""
    if state == PG_READ_ONLY:
        return READ_ONLY
    if state in PG_SCHEMA:
        return SCHEMA
    if error.connection_invalidated or (not state and _is_operational(error)) or state[:2] in PG_UNAVAILABLE_CLASSES:
        return UNAVAILABLE
    return None


def _is_operational(error: DBAPIError) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, OperationalError | InterfaceError)


def message(fault: str) -> str:
    """What the user is told; every fault says that nothing was saved."""
    if fault == READ_ONLY:
        return _("The database is read-only at the moment, so nothing was saved. Pages can still be read; "
                 "please tell the administrator.")
    if fault == SCHEMA:
        return _("The database is not set up for this version of the registry, so nothing was saved. "
                 "An administrator must run `flask --app wsgi db upgrade`.")
    return _("The database cannot be reached at the moment, so nothing was saved. Try again in a minute; "
             "if this goes on, please tell the administrator.")


def fault_response(fault: str) -> Response:
    """The 503 page (or JSON under /api/) for a database fault, rendered without the database."""
    from registry.errors import error_response  # errors.py imports this module

    _forget_user()
    response = current_app.make_response(error_response(503, message(fault), reason=fault))
    if fault == UNAVAILABLE:
        response.headers["Retry-After"] = "30"
    current_app.extensions["registry_database"].ready = False  # check again before the next page
    return response


def _forget_user() -> None:
    """Treat the rest of this request as anonymous, so rendering does not load the user again.

    Fence: Flask-Login 0.6.3 keeps the request's user in `g._login_user` and loads it on first use of
    `current_user`; tests/core/test_faults.py (signed-in visitor, database down) fails if that changes.
    """
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is discarded at teardown anyway
        log.debug("rollback after a database fault failed", exc_info=True)
    g._login_user = current_app.login_manager.anonymous_user()


def guard() -> Response | None:
    """Before a page: answer 503 while the database is missing, unreachable or without its tables."""
    state = current_app.extensions["registry_database"]
    if state.ready or request.endpoint in ("static", "main.health"):
        return None
    for check in (check_database, check_schema):
        with force_locale("en"):  # the log is read by administrators, in one language
            result = check()
            if not result.ok:
                log.warning("database not ready: %s. %s %s", result.problem, result.detail, result.fix)
        if not result.ok:
            return fault_response(UNAVAILABLE if result.problem == "cannot connect" else SCHEMA)
    state.ready = True
    return None


def init_app(app: Flask) -> None:
    """Install the guard ahead of every other page hook (before anything loads the signed-in user)."""
    app.extensions["registry_database"] = DatabaseState()
    app.before_request_funcs.setdefault(None, []).insert(0, guard)
