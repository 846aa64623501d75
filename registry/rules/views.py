"""Read pages of the catalogue: the list, a rule, a version."""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.auth.models import Department
from registry.auth.permissions import can_approve, can_create_rule, can_edit_rule, can_see_drafts, draft_departments
from registry.db import db, today
from registry.queryargs import int_arg, page_arg
from registry.rules import attachments, queries, texts
from registry.rules.citation import article_citations
from registry.rules.highlighting import mark_rendered
from registry.rules.render import render_body
from registry.rules.status import DRAFT, rule_status, version_in_force

bp = Blueprint("rules", __name__, url_prefix="/rules")
bp.record_once(lambda state: texts.init_app(state.app))


def parse_date_arg(name: str = "on") -> tuple[date | None, str | None]:
    """Read a YYYY-MM-DD query argument; return (date, error message)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None, None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return None, _("“%(text)s” is not a valid date; use YYYY-MM-DD.", text=raw[:40])


def filters_from_request() -> queries.CatalogueFilters:
    """Build catalogue filters from the query string, ignoring values that do not parse."""
    return queries.CatalogueFilters(
        category_id=int_arg("category"),
        department_id=int_arg("department"),
        status=request.args.get("status") or None,
        text=request.args.get("q", "")[:200],
        sort=request.args.get("sort", "code"),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        unpublished_departments=draft_departments(current_user),
    )


@bp.get("")
def catalogue():
    filters = filters_from_request()
    page = queries.catalogue(filters, today())
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    return render_template(
        "rules/catalogue.html",
        page=page,
        filters=filters,
        tree=queries.category_tree(),
        departments=departments,
        today=today(),
        rule_status=rule_status,
        can_create=can_create_rule(current_user),
    )


def load_visible_rule(code: str):
    """Return the rule, or 404 when it does not exist or is a draft the user may not see."""
    rule = queries.rule_by_code(code)
    if rule is None or (rule_status(rule, today()) == DRAFT and not can_see_drafts(current_user, rule)):
        abort(404)
    return rule


@bp.get("/<path:code>")
def rule_page(code: str):
    rule = load_visible_rule(code)
    on, date_error = parse_date_arg("on")
    version = version_in_force(rule, on or today())
    drafts_visible = can_see_drafts(current_user, rule)
    versions = [v for v in rule.versions if v.is_approved or drafts_visible]
    shown = version or (versions[-1] if versions and on is None else None)
    return render_template(
        "rules/rule.html",
        rule=rule,
        status=rule_status(rule, on or today()),
        version=shown,
        in_force=version,
        rendered=mark_rendered(render_body(shown.body), request.args.get("hl", "")) if shown else None,
        citations=article_citations(rule, shown, render_body(shown.body)) if shown else {},
        attachments=list(shown.attachments) if shown else [],
        versions=versions,
        on=on,
        date_error=date_error,
        related=queries.related_rules(rule, current_user),
        can_edit=can_edit_rule(current_user, rule),
        can_approve=can_approve(current_user),
        today=today(),
    )


@bp.get("/<path:code>/v/<int:number>")
def version_page(code: str, number: int):
    rule = load_visible_rule(code)
    version = queries.version_by_number(rule, number)
    if version is None or (not version.is_approved and not can_see_drafts(current_user, rule)):
        abort(404)
    return render_template(
        "rules/version.html",
        rule=rule,
        version=version,
        rendered=mark_rendered(render_body(version.body), request.args.get("hl", "")),
        citations=article_citations(rule, version, render_body(version.body)),
        attachments=list(version.attachments),
        can_edit=can_edit_rule(current_user, rule),
        can_approve=can_approve(current_user),
        today=today(),
    )


@bp.get("/<path:code>/v/<int:number>/annex/<int:position>")
def attachment(code: str, number: int, position: int):
    """Open one annex of a version: its text shown in the browser, an original file downloaded."""
    rule = load_visible_rule(code)
    version = queries.version_by_number(rule, number)
    if version is None or (not version.is_approved and not can_see_drafts(current_user, rule)):
        abort(404)
    annex = attachments.attachment_of(version, position)
    if annex is None:
        abort(404)
    is_text = annex.content is None
    return send_file(io.BytesIO(attachments.download_bytes(annex)), download_name=annex.filename,
                     mimetype="text/plain; charset=utf-8" if is_text else annex.media_type,
                     as_attachment=not is_text)


from registry.rules import edit_views  # noqa: E402,F401  (registers the editing routes on bp)
