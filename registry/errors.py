"""Errors users can be shown, and error pages: HTML for pages, JSON for the API, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from registry.db import db
from registry.faults import classify, fault_response
from registry.health import first_line
from registry.logs import request_id

log = logging.getLogger(__name__)


class UserFacingError(ValueError):
    """A refusal with a message fit to show the user; every domain's errors derive from it."""


class StaleEdit(UserFacingError):
    """Someone else saved the same object since this edit began."""


def stale_message() -> str:
    return _(
        "This record was changed by someone else while you were editing it. Your text is kept below; "
        "open the page again in another tab to see their change, then apply yours again."
    )


def is_duplicate_key(error: IntegrityError) -> bool:
    """Whether the database refused a second row with the same key: another request inserted it first.

    Services check for duplicates before they write, so this only happens when two requests race
    (two "new version" posts both numbering their draft N+1); it is a stale edit, not a fault.
    """
    original = error.orig
    return getattr(original, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(original)


def perform(action):
    """Run a service call and commit; on a refusal roll back, flash why and return None."""
    try:
        result = action()
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not is_duplicate_key(error):
            raise
        log.info("A concurrent write won: %s", error.orig)
        flash(stale_message(), "error")
        return None
    except StaleEdit:
        db.session.rollback()
        flash(stale_message(), "error")
        return None
    except StaleDataError:
        db.session.rollback()
        flash(stale_message(), "error")
        return None
    except UserFacingError as error:
        db.session.rollback()
        flash(str(error), "error")
        return None
    return True if result is None else result


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    """Answer every error with a page in the site's layout, or JSON under /api/."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
        return error_response(400, message, error_code="csrf_failed")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        custom = error.description if error.description != type(error).description else None
        return error_response(error.code or 500, custom or _describe(error.code or 500, error.description))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        fault = classify(error)
        if fault:
            log.warning("%s on %s: %s", fault, request.path, first_line(error))
            return fault_response(fault)
        log.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return error_response(500, _("Something went wrong on our side. Nothing you entered was saved; try again."))


def _describe(code: int, fallback: str | None) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in to see this page."),
        403: _("You do not have permission to do this."),
        404: _("There is no such page or rule."),
        405: _("This action is not available here."),
        413: _("The upload is too large."),
    }
    return messages.get(code, fallback or _("Error"))


# The API's machine-readable name for each status (`error.code`), unless the answer names its own.
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
               422: "invalid", 429: "too_many_requests", 500: "server_error", 503: "unavailable"}


def error_response(code: int, message: str, reason: str | None = None, *, error_code: str | None = None,
                   fields: dict[str, list[str]] | None = None):
    """An error page, or JSON under /api/; server-side errors carry the request id to quote.

    The API's one error shape: {"error": {"status", "code", "message", "fields"?, "reason"?, "request_id"?}}.
    """
    rid = request_id() if code >= 500 else None
    if wants_json():
        body = {"status": code, "code": error_code or ERROR_CODES.get(code, "error"), "message": message}
        body.update({key: value for key, value in (("fields", fields), ("reason", reason), ("request_id", rid))
                     if value})
        return jsonify({"error": body}), code
    return render_template("errors/error.html", code=code, message=message, request_id=rid), code
