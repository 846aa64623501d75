"""The API blueprint under /api/v1: rules (views.py), workflow (workflow_views.py), the document (docs_views.py)."""

from flask import Blueprint, current_app, request

from registry.api.spec import InvalidRequest, invalid_request_response
from registry.errors import StaleEdit, UserFacingError, error_response
from registry.tokens.requests import SAFE_METHODS, is_token_request, scope_refusal

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def token_scope_and_csrf():
    """A read-only token may not write; a cookie request that writes needs the CSRF token, as a form does."""
    refusal = scope_refusal()
    if refusal is not None:
        return refusal
    if request.method not in SAFE_METHODS and not is_token_request() and current_app.config["WTF_CSRF_ENABLED"]:
        from registry.extensions import csrf

        csrf.protect()  # raises CSRFError, answered 400 in the error shape
    return None


@bp.app_errorhandler(InvalidRequest)  # search's adopted view raises it too
def invalid_request(error: InvalidRequest):
    return invalid_request_response(error)


@bp.errorhandler(UserFacingError)
def refused(error: UserFacingError):
    from registry.db import db
    from registry.errors import stale_message

    db.session.rollback()
    if isinstance(error, StaleEdit):
        return error_response(409, stale_message())
    return error_response(422, str(error), error_code="refused")


from registry.api import docs_views, views, workflow_views  # noqa: E402, F401  (their routes join bp)
