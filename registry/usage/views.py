"""Pages of use: a rule's evidence and flags with their forms, dormant rules, and the view counter."""

from __future__ import annotations

import logging

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from registry.auth.permissions import can_approve, can_read_rule, require
from registry.db import db, today
from registry.errors import perform
from registry.rules.access import load_visible_rule
from registry.rules.queries import rule_by_code
from registry.usage import queries, services
from registry.usage.blueprint import bp
from registry.usage.forms import EvidenceForm, FlagForm
from registry.viewhelpers import download

log = logging.getLogger(__name__)


def _forms(rule):
    choices = [("", _("The rule as a whole"))] + services.articles_in_force(rule)
    evidence, flag = EvidenceForm(prefix="evidence"), FlagForm(prefix="flag")
    evidence.article.choices, flag.article.choices = choices, choices
    return evidence, flag


def _page(rule, evidence_form, flag_form, status=200):
    return render_template("usage/rule.html", rule=rule, use=queries.rule_use(rule),
                           evidence_form=evidence_form, flag_form=flag_form,
                           in_force=_has_text(rule), max_file_mb=current_app.config["EVIDENCE_MAX_FILE_MB"],
                           file_types=", ".join(current_app.config["EVIDENCE_FILE_TYPES"])), status


def _has_text(rule) -> bool:
    from registry.rules.status import version_in_force

    return version_in_force(rule, today()) is not None


@bp.get("/rules/<path:code>")
@login_required
def rule_use(code: str):
    rule = load_visible_rule(code)
    return _page(rule, *_forms(rule))


@bp.post("/rules/<path:code>/evidence")
@login_required
def add_evidence(code: str):
    rule = load_visible_rule(code)
    form, flag_form = _forms(rule)
    upload = form.file.data if form.kind.data == "file" else None
    if form.validate_on_submit() and perform(lambda: services.add_evidence(
            current_user, rule, kind=form.kind.data, article_anchor=form.article.data or "",
            reference=form.reference.data or "", url=form.url.data or "", note=form.note.data or "",
            filename=getattr(upload, "filename", "") or "", content=upload.read() if upload else None)):
        flash(_("Evidence recorded. Thank you."), "success")
        return redirect(url_for("usage.rule_use", code=rule.code))
    return _page(rule, form, flag_form, 400 if form.errors else 200)


@bp.get("/rules/<path:code>/evidence/<int:evidence_id>/file")
@login_required
def evidence_file(code: str, evidence_id: int):
    """Download a file given as evidence: for whoever may read the rule, always as a download."""
    rule = load_visible_rule(code)
    evidence = services.evidence_file(rule, evidence_id)
    if evidence is None:
        abort(404)
    return download(evidence.content, evidence.filename, evidence.media_type)


@bp.post("/rules/<path:code>/flag")
@login_required
def flag(code: str):
    rule = load_visible_rule(code)
    evidence_form, form = _forms(rule)
    if form.validate_on_submit():
        other = None
        if form.kind.data == "conflict" and (form.conflicting_code.data or "").strip():
            other = rule_by_code(form.conflicting_code.data.strip())
            if other is None or not can_read_rule(current_user, other, today()):
                form.conflicting_code.errors.append(_("There is no rule with this code."))
                return _page(rule, evidence_form, form, 400)
        if perform(lambda: services.flag_article(current_user, rule, kind=form.kind.data,
                                                 article_anchor=form.article.data or "", note=form.note.data,
                                                 conflicting_rule=other)):
            flash(_("Flag recorded: the rule's reviewer will see it."), "success")
            return redirect(url_for("usage.rule_use", code=rule.code))
    return _page(rule, evidence_form, form, 400 if form.errors else 200)


@bp.get("/dormant")
@login_required
def dormant():
    require(can_approve(current_user))
    months = current_app.config["DORMANT_AFTER_MONTHS"]
    return render_template("usage/dormant.html", rows=queries.dormant_rules(today(), months), months=months)


@bp.after_app_request
def count_rule_views(response):
    """Count a rule page served (one UPDATE, one INSERT the first time of the day), after the page's own work."""
    rule_id = g.get("counted_rule_id")  # set by the rule page (rules/views.rule_page)
    if rule_id is None or response.status_code != 200 or request.method != "GET":
        return response
    try:
        services.count_view(rule_id, today())
        db.session.commit()
    except SQLAlchemyError as error:  # a view not counted must never cost the reader the page
        db.session.rollback()
        log.warning("View of %s not counted: %s", request.path, error)
    return response
