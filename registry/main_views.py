"""Site-wide routes and the sign-in requirement."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from registry.db import local_time
from registry.health import health_report
from registry.labels import label

bp = Blueprint("main", __name__)

# Endpoints that anonymous visitors may always reach.
PUBLIC_ENDPOINTS = {"auth.login", "auth.set_language", "static", "main.health", "reviews.calendar_feed"}
# Endpoints anonymous visitors may read when REGISTRY_LOGIN_REQUIRED=0.
READ_ONLY_PREFIXES = ("rules.catalogue", "rules.rule_page", "rules.version_page", "main.index",
                      "search.", "api.", "io.export_")


@bp.before_app_request
def require_login():
    """Send anonymous visitors to sign in, unless the office publishes its rules openly."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None or current_user.is_authenticated:
        return None
    if not current_app.config["LOGIN_REQUIRED"] and request.method == "GET" and (
        request.endpoint.startswith(READ_ONLY_PREFIXES)
    ):
        return None
    if request.path.startswith("/api/"):
        from registry.errors import error_response

        return error_response(401, "Sign in first: this registry requires authentication.")
    return current_app.login_manager.unauthorized()


@bp.get("/")
def index():
    """A signed-in person starts on their own page; an anonymous reader (LOGIN_REQUIRED=0) on the catalogue."""
    return redirect(url_for("home.index" if current_user.is_authenticated else "rules.catalogue"))


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


@bp.app_template_filter("datetime")
def datetime_filter(moment, seconds: bool = False) -> str:
    """Show a stored (UTC) moment in the office's time zone (TIMEZONE), e.g. 2026-12-01 18:00."""
    if moment is None:
        return "—"
    return local_time(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


@bp.app_template_filter("label")
def label_filter(value, kind: str) -> str:
    """Translate an internal value (status, kind, role) for display: registry/labels.py."""
    return label(value, kind)
