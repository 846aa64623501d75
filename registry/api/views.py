"""The read-only JSON API, with the same permissions as the pages."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user

from registry.api.blueprint import bp
from registry.api.serialise import rule_detail, rule_summary
from registry.db import today
from registry.rules import queries
from registry.rules.access import filters_from_request, load_visible_rule
from registry.rules.status import version_in_force
from registry.viewhelpers import date_arg


@bp.get("/rules")
def rules():
    filters = filters_from_request()
    try:
        filters.per_page = min(100, max(1, int(request.args.get("per_page", filters.per_page))))
    except ValueError:
        abort(400, "per_page must be a whole number.")
    page = queries.catalogue(filters, today())
    return {
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "items": [rule_summary(rule, today()) for rule in page.items],
        "counts": {key: {str(k): v for k, v in values.items()} for key, values in page.counts.items()},
    }


@bp.get("/rules/<path:code>")
def rule(code: str):
    found = load_visible_rule(code)
    on, error = date_arg("on")
    if error:
        abort(400, error)
    version = version_in_force(found, on or today())
    return rule_detail(found, version, on or today(), current_user)


@bp.get("/")
def index():
    return {"rules": url_for("api.rules", _external=False)}
