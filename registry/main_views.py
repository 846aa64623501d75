"""Site-wide routes, and the policy table applied to every request."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, url_for
from flask_babel import get_locale

from registry.health import health_report

bp = Blueprint("main", __name__)


@bp.before_app_request
def require_login():
    """Let a request through only as far as the policy table allows (registry/auth/policy.py)."""
    from registry.auth.policy import enforce

    return enforce()


@bp.get("/")
def index():
    return redirect(url_for("rules.catalogue"))


@bp.get("/health")
def health():
    """For monitors: 200 when the database answers and has its tables, else 503 naming the failed check."""
    return health_report()


@bp.app_context_processor
def inject_helpers():
    """Give templates a way to link to optional areas only when they exist."""
    def has_endpoint(name: str) -> bool:
        return name in current_app.view_functions

    return {"has_endpoint": has_endpoint, "get_locale": get_locale}
