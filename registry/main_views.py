"""Site-wide routes, and the policy table applied to every request."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_babel import get_locale
from flask_login import current_user

from registry.db import local_time
from registry.health import health_report
from registry.labels import audit_value, label, named, path_named, stage_named

bp = Blueprint("main", __name__)


@bp.before_app_request
def require_login():
    """Let a request through only as far as the policy table allows (registry/auth/policy.py)."""
    from registry.auth.policy import enforce

    return enforce()


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
    """Give templates the request's language (the layout's language switch)."""
    return {"get_locale": get_locale}


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


@bp.app_template_filter("audit_value")
def audit_value_filter(value, field: str) -> str:
    """Show a value of an audit entry's before → after for people (registry/labels.py)."""
    return audit_value(value, field)


@bp.app_template_filter("named")
def named_filter(thing) -> str:
    """Show a department or category in the interface language (its English name in English)."""
    return named(thing)


@bp.app_template_filter("stage_named")
def stage_named_filter(stage) -> str:
    """Show a procedure stage's name in the interface language."""
    return stage_named(stage)


@bp.app_template_filter("path_named")
def path_named_filter(category) -> str:
    """Show a category's path in the interface language."""
    return path_named(category)
