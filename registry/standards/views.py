"""Akoma Ntoso downloads of a version, and the ELI identifiers resolving to the pages."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, redirect, url_for
from flask_login import current_user

from registry.auth.permissions import can_see_drafts
from registry.rules.access import load_visible_rule
from registry.rules.queries import rule_by_code, version_by_number
from registry.rules.status import version_in_force
from registry.standards import eli, services
from registry.standards.blueprint import bp


@bp.app_template_global("eli_uri")
def eli_uri(rule, on=None, anchor=None) -> str:
    if on is None:
        return eli.rule_uri(rule.code)
    return eli.article_uri(rule.code, on, anchor) if anchor else eli.version_uri(rule.code, on)


@bp.get("/rules/<path:code>/v/<int:number>/akn.xml")
def akn_export(code: str, number: int):
    rule = load_visible_rule(code)
    version = version_by_number(rule, number)
    if version is None or (not version.is_approved and not can_see_drafts(current_user, rule)):
        abort(404)
    filename = quote(f"{rule.code}-v{version.number}.akn.xml")
    return Response(services.export_version(rule, version), mimetype="application/akn+xml",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


@bp.get("/eli/rule/<path:code>")
def eli_resolve(code: str):
    """Send an ELI identifier to its page: the rule, its text on a day, or an article of that text."""
    for reading in eli.readings(code):
        if rule_by_code(reading.code) is None:
            continue
        rule = load_visible_rule(reading.code)
        if reading.on is None:
            return redirect(url_for("rules.rule_page", code=rule.code), 303)
        if version_in_force(rule, reading.on) is None and reading.anchor:
            abort(404)
        return redirect(url_for("rules.rule_page", code=rule.code, on=reading.on.isoformat(),
                                _anchor=reading.anchor), 303)
    abort(404)
