"""Pages that change the catalogue: create and edit rules, draft, approve, discard and repeal."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from registry.auth.models import User
from registry.auth.permissions import (
    can_approve,
    can_create_rule,
    can_edit_rule,
    can_place_rule,
    can_read_rule,
    can_record_review,
    require,
)
from registry.db import db, today
from registry.errors import perform
from registry.labels import label, named
from registry.rules import queries, services
from registry.rules.access import load_visible_rule, split_list, typed_rules
from registry.rules.blueprint import bp
from registry.rules.forms import ApproveForm, DiscardForm, RepealForm, RuleForm, ValidityForm, VersionForm
from registry.rules.models import Category, Rule
from registry.viewhelpers import department_by_id, departments


def fill_rule_choices(form: RuleForm) -> None:
    """Offer the current categories, departments and people in the rule form."""
    form.category_id.choices = [(None, "—")] + list(queries.category_path_names().items())
    placeable = [(d.id, named(d)) for d in departments() if can_place_rule(current_user, d)]
    form.department_id.choices = ([(None, "—")] if can_place_rule(current_user, None) else []) + placeable
    users = db.session.scalars(select(User).order_by(User.name)).all()
    form.owner_id.choices = [(None, "—")] + [(u.id, f"{u.name} <{u.email}>") for u in users]
    from registry.procedures.queries import kind_choices

    form.kind.choices = [("", "—")] + [(k, label(k, "rule_kind")) for k in kind_choices()]


def chosen_successor(form: RepealForm):
    """Return the rule chosen in the list of rules in force, or None; refuse a value the list did not offer."""
    value = (form.successor_id.data or "").strip()
    if not value:
        return None
    found = db.session.get(Rule, int(value)) if value.isdigit() else None
    if found is None:
        raise services.RuleError(_("Choose the rule that replaces it from the list of rules in force."))
    if value not in {choice for choice, _label in form.successor_id.choices}:
        raise services.RuleError(_("A rule is replaced by another rule in force: %(code)s is not.", code=found.code))
    return found


def rule_fields(form: RuleForm, rule=None) -> dict:
    """Translate the form into the keyword arguments of the rule services, refusing what the user may not do.

    Codes of drafts the user may not see are as unknown as codes that do not exist; links the user
    cannot see (made by someone who could) are kept as they are.
    """
    related = typed_rules(form.related.data, services.RuleError)
    if rule is not None:
        related += [r for r in queries.related_rules(rule) if not can_read_rule(current_user, r, today())]
    department = department_by_id(form.department_id.data)
    if not can_place_rule(current_user, department):
        raise services.RuleError(_("You may only keep rules in your own department."))
    return {
        "code": form.code.data,
        "title": form.title.data,
        "category": db.session.get(Category, form.category_id.data) if form.category_id.data else None,
        "department": department,
        "owner": db.session.get(User, form.owner_id.data) if form.owner_id.data else None,
        "tags": split_list(form.tags.data),
        "related": related,
        "review_cycle_months": form.review_cycle_months.data,
        "kind": form.kind.data or "",
    }


def create_with_text(form: RuleForm, body_form: VersionForm):
    """Create the rule and, when a text was given, its first draft."""
    rule = services.create_rule(current_user, **rule_fields(form))
    if not can_edit_rule(current_user, rule):
        raise services.RuleError(_("You may only create rules for your own department."))
    if (body_form.body.data or "").strip():
        services.add_draft_version(current_user, rule, body_form.body.data, body_form.change_summary.data)
    return rule


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_rule():
    require(can_create_rule(current_user))
    form = RuleForm()
    fill_rule_choices(form)
    if request.method == "GET" and current_user.department_id:
        form.department_id.data = current_user.department_id
        form.owner_id.data = current_user.id
    body_form = VersionForm(prefix="v", meta={"csrf": False})
    if form.validate_on_submit():
        rule = perform(lambda: create_with_text(form, body_form))
        if rule:
            flash(_("Rule %(code)s created.", code=rule.code), "success")
            return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("rules/rule_form.html", form=form, body_form=body_form, rule=None)


@bp.route("/<path:code>/edit", methods=["GET", "POST"])
@login_required
def edit_rule(code: str):
    rule = load_visible_rule(code)
    require(can_edit_rule(current_user, rule))
    form = RuleForm(obj=rule)
    fill_rule_choices(form)
    if request.method == "GET":
        form.tags.data = ", ".join(t.name for t in rule.tags)
        form.related.data = ", ".join(r.code for r in queries.related_rules(rule, current_user))
        form.row_version.data = rule.row_version
    if form.validate_on_submit():
        expected = _int_or_none(form.row_version.data)
        if perform(lambda: services.update_rule(current_user, rule, expected_row_version=expected,
                                                **rule_fields(form, rule))):
            flash(_("Rule %(code)s saved.", code=rule.code), "success")
            return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("rules/rule_form.html", form=form, body_form=None, rule=rule)


@bp.route("/<path:code>/versions/new", methods=["GET", "POST"])
@login_required
def new_version(code: str):
    rule = load_visible_rule(code)
    require(can_edit_rule(current_user, rule))
    form = VersionForm()
    if request.method == "GET" and rule.versions:
        form.body.data = rule.versions[-1].body
    if form.validate_on_submit():
        version = perform(lambda: services.add_draft_version(current_user, rule, form.body.data,
                                                             form.change_summary.data))
        if version:
            flash(_("Draft version %(n)s saved.", n=version.number), "success")
            return redirect(url_for("rules.version_page", code=rule.code, number=version.number))
    return render_template("rules/version_form.html", form=form, rule=rule, version=None)


def _load_version(code: str, number: int):
    rule = load_visible_rule(code)
    version = queries.version_by_number(rule, number)
    if version is None:
        abort(404)
    return rule, version


@bp.route("/<path:code>/v/<int:number>/edit", methods=["GET", "POST"])
@login_required
def edit_version(code: str, number: int):
    rule, version = _load_version(code, number)
    require(can_edit_rule(current_user, rule))
    form = VersionForm(obj=version)
    if request.method == "GET":
        form.row_version.data = version.row_version
    if form.validate_on_submit():
        expected = _int_or_none(form.row_version.data)
        if perform(lambda: services.update_draft(current_user, version, form.body.data,
                                                 form.change_summary.data, expected)):
            flash(_("Draft saved."), "success")
            return redirect(url_for("rules.version_page", code=rule.code, number=number))
    return render_template("rules/version_form.html", form=form, rule=rule, version=version)


@bp.route("/<path:code>/v/<int:number>/approve", methods=["GET", "POST"])
@login_required
def approve(code: str, number: int):
    rule, version = _load_version(code, number)
    require(can_approve(current_user))
    form = ApproveForm()
    if form.validate_on_submit():
        amends = any(v.is_approved for v in rule.versions)
        substantive = bool(form.substantive.data) if amends else None
        if perform(lambda: services.approve_version(current_user, version, form.effective_on.data, substantive)):
            flash(_("Version %(n)s approved.", n=number), "success")
            return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("rules/approve.html", form=form, rule=rule, version=version)


@bp.post("/<path:code>/v/<int:number>/discard")
@login_required
def discard(code: str, number: int):
    rule, version = _load_version(code, number)
    require(can_edit_rule(current_user, rule))
    if DiscardForm().validate_on_submit() and perform(lambda: services.discard_draft(current_user, version)):
        flash(_("Draft discarded."), "success")
    return redirect(url_for("rules.rule_page", code=rule.code))


@bp.route("/<path:code>/repeal", methods=["GET", "POST"])
@login_required
def repeal(code: str):
    rule = load_visible_rule(code)
    require(can_approve(current_user))
    form = RepealForm()
    from registry.procedures.services import procedure_for, start_repeal

    form.successor_id.choices = [("", "—")] + [(str(r.id), f"{r.code} {r.title}")
                                               for r in queries.rules_in_force(today(), besides=rule)]
    if (procedure := procedure_for(rule)) is not None:  # the repeal goes through the procedure: no date here
        del form.repealed_on
        procedure_name = label(procedure.name, "rule_kind")
        if form.validate_on_submit():
            run = perform(lambda: start_repeal(current_user, rule, form.reason.data,
                                               successor=chosen_successor(form)))
            if run:
                flash(_("The repeal entered the procedure %(name)s.", name=procedure_name), "success")
                return redirect(url_for("procedures.run_page", code=rule.code, number=run.version.number))
        return render_template("rules/repeal.html", form=form, rule=rule, procedure_name=procedure_name)
    if form.validate_on_submit():
        if perform(lambda: services.repeal_rule(current_user, rule, form.repealed_on.data, form.reason.data,
                                                chosen_successor(form))):
            flash(_("Rule %(code)s repealed.", code=rule.code), "success")
            return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("rules/repeal.html", form=form, rule=rule)


@bp.route("/<path:code>/validity", methods=["GET", "POST"])
@login_required
def validity(code: str):
    rule = load_visible_rule(code)
    require(can_record_review(current_user, rule))
    form = ValidityForm(valid_until=rule.valid_until)
    if form.validate_on_submit():
        if perform(lambda: services.set_validity(current_user, rule, form.valid_until.data, form.reason.data)):
            flash(_("Validity period of %(code)s saved.", code=rule.code), "success")
            return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("rules/validity.html", form=form, rule=rule)
