"""Read pages of the catalogue: the list, a rule, a version."""

from __future__ import annotations

import io

from flask import abort, g, render_template, request, send_file
from flask_login import current_user

from registry.acknowledgements import queries as acknowledgement_queries
from registry.auth.permissions import can_approve, can_create_rule, can_edit_rule, can_record_review
from registry.cleanup.services import reliance_notice
from registry.db import today
from registry.labels import label
from registry.links import queries as link_queries
from registry.overlaps.queries import overlaps_of_text
from registry.procedures.queries import runs_of
from registry.procedures.services import procedure_for
from registry.proposals import queries as proposal_queries
from registry.reviews import queries as review_queries
from registry.rules import attachments, queries
from registry.rules.access import (
    filters_from_request,
    load_visible_rule,
    load_visible_version,
    version_to_show,
    visible_versions,
)
from registry.rules.blueprint import bp
from registry.rules.body_html import rule_page_text
from registry.rules.citation import article_citations
from registry.rules.highlighting import mark_rendered
from registry.rules.render import render_body
from registry.rules.status import last_text_before_lapse, rule_status, version_in_force
from registry.standards import jsonld
from registry.viewhelpers import date_arg, departments


@bp.get("")
def catalogue():
    filters = filters_from_request(hide_repealed=True)
    page = queries.catalogue(filters, today())
    return render_template(
        "rules/catalogue.html",
        page=page,
        filters=filters,
        tree=queries.category_tree(),
        departments=departments(),
        today=today(),
        rule_status=rule_status,
        can_create=can_create_rule(current_user),
    )


@bp.get("/<path:code>")
def rule_page(code: str):
    rule = load_visible_rule(code)
    on, date_error = date_arg("on")
    shown = version_to_show(rule, on)
    versions = visible_versions(rule)
    review = review_queries.rule_page_panel(rule, today(), current_user)
    g.counted_rule_id = rule.id  # usage/views.count_rule_views counts the page once it is served
    return render_template(
        "rules/rule.html",
        rule=rule,
        status=rule_status(rule, on or today()),
        version=shown,
        in_force=version_in_force(rule, on or today()),
        lapsed_text=last_text_before_lapse(rule, on or today()),
        text=rule_page_text(rule, shown, request.args.get("hl", "")) if shown else None,
        attachments=list(shown.attachments) if shown else [],
        versions=versions,
        on=on,
        date_error=date_error,
        related=queries.related_rules(rule, current_user),
        review=review,
        proposals=proposal_queries.rule_page_panel(rule) if current_user.is_authenticated else None,
        links=link_queries.rule_page_panel(rule, current_user, today()),
        acknowledgement=acknowledgement_queries.rule_page_panel(rule, current_user, today()),
        reliance=reliance_notice(rule, today()),
        jsonld=jsonld.for_rule_page(rule, version_in_force(rule, on or today()), current_user, on or today(),
                                    basis=review["panel"].basis),
        can_edit=can_edit_rule(current_user, rule),
        can_approve=can_approve(current_user),
        can_renew=can_record_review(current_user, rule) and not rule.repealed_on,
        today=today(),
        making=runs_of(versions) if current_user.is_authenticated else {},
    )


@bp.get("/<path:code>/v/<int:number>")
def version_page(code: str, number: int):
    rule = load_visible_rule(code)
    version = load_visible_version(rule, number)
    return render_template(
        "rules/version.html",
        rule=rule,
        version=version,
        rendered=mark_rendered(render_body(version.body), request.args.get("hl", "")),
        citations=article_citations(rule, version, render_body(version.body)),
        attachments=list(version.attachments),
        overlaps=[] if version.is_approved else overlaps_of_text(rule, version.body, today()),
        can_edit=can_edit_rule(current_user, rule),
        can_approve=can_approve(current_user),
        procedure_name=label(procedure.name, "rule_kind")
        if not version.is_approved and (procedure := procedure_for(rule)) else None,
        today=today(),
    )


@bp.get("/<path:code>/v/<int:number>/annex/<int:position>")
def attachment(code: str, number: int, position: int):
    """Open one annex of a version: its text shown in the browser, an original file downloaded."""
    rule = load_visible_rule(code)
    version = load_visible_version(rule, number)
    annex = attachments.attachment_of(version, position)
    if annex is None:
        abort(404)
    is_text = annex.content is None
    return send_file(io.BytesIO(attachments.download_bytes(annex)), download_name=annex.filename,
                     mimetype="text/plain; charset=utf-8" if is_text else annex.media_type,
                     as_attachment=not is_text)
