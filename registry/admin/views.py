"""Administration pages: users, departments, categories, the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from registry import viewhelpers
from registry.admin import services
from registry.admin.blueprint import bp
from registry.admin.forms import CategoryForm, DepartmentForm, UserForm
from registry.audit.queries import AuditFilters, search_audit
from registry.auth import resets
from registry.auth import services as accounts
from registry.auth.models import User
from registry.auth.permissions import can_administer, require
from registry.datefields import bad_day_message, parse_day
from registry.db import db
from registry.errors import perform
from registry.labels import path_named
from registry.queryargs import page_arg
from registry.rules.models import Category
from registry.tokens import services as tokens
from registry.tokens.models import ApiToken
from registry.viewhelpers import department_by_id, department_choices


@bp.before_request
@login_required
def admins_only():
    require(can_administer(current_user))


@bp.get("/")
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    people = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/users/new", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_form(user_id: int | None):
    user = db.session.get(User, user_id) if user_id else None
    if user_id and user is None:
        abort(404)
    form = UserForm(obj=user)
    form.department_id.choices = department_choices()
    if request.method == "GET" and user:
        form.is_active.data = user.is_active_account
    if form.validate_on_submit():
        department = department_by_id(form.department_id.data)
        if user is None:
            saved = perform(lambda: accounts.create_user(
                current_user, email=form.email.data, name=form.name.data, role=form.role.data,
                password=form.password.data or "", department=department, locale=form.locale.data))
        else:
            saved = perform(lambda: accounts.update_user(
                current_user, user, name=form.name.data, role=form.role.data, department=department,
                is_active=form.is_active.data, password=form.password.data or "", locale=form.locale.data))
        if saved:
            flash(_("User saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           tokens=tokens.tokens_of(user) if user else [])


@bp.post("/users/<int:user_id>/tokens/revoke")
def revoke_token(user_id: int):
    """Stop one of the user's API tokens at once (a leaked secret, a system taken out of service)."""
    user = db.session.get(User, user_id) or abort(404)
    raw = request.form.get("id", "")
    token = db.session.get(ApiToken, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if perform(lambda: tokens.revoke_for(current_user, user, token)):
        flash(_("Token revoked: it stops working at once."), "success")
    return redirect(url_for("admin.user_form", user_id=user.id) + "#tokens")


@bp.post("/users/<int:user_id>/reset-link")
def send_reset_link(user_id: int):
    """E-mail the user a one-time link to choose their own password."""
    user = db.session.get(User, user_id) or abort(404)
    if perform(lambda: resets.mail_reset_link(current_user, user)):
        flash(_("A link to set a new password was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.user_form", user_id=user.id))


@bp.route("/departments", methods=["GET", "POST"])
@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
def departments(department_id: int | None = None):
    department = department_by_id(department_id)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit():
        if perform(lambda: services.save_department(current_user, department, code=form.code.data,
                                                    name=form.name.data, name_en=form.name_en.data)):
            flash(_("Department saved."), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/departments.html", form=form, departments=viewhelpers.departments(),
                           editing=department)


@bp.route("/categories", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def categories(category_id: int | None = None):
    category = db.session.get(Category, category_id) if category_id else None
    form = CategoryForm(obj=category)
    rows = viewhelpers.categories()
    form.parent_id.choices = [(None, "—")] + [(c.id, path_named(c)) for c in rows if c is not category]
    if form.validate_on_submit():
        parent = db.session.get(Category, form.parent_id.data) if form.parent_id.data else None
        if perform(lambda: services.save_category(
                current_user, category, name=form.name.data, name_en=form.name_en.data, parent=parent,
                position=form.position.data or 0, review_cycle_months=form.review_cycle_months.data)):
            flash(_("Category saved."), "success")
            return redirect(url_for("admin.categories"))
    return render_template("admin/categories.html", form=form, categories=rows, editing=category)


@bp.get("/audit")
def audit():
    date_errors = []

    def as_date(name: str):
        raw = request.args.get(name, "").strip()
        try:
            return parse_day(raw) if raw else None
        except ValueError:
            date_errors.append(bad_day_message(raw))  # the field keeps the text; the filter is left out
            return None

    filters = AuditFilters(actor=request.args.get("actor", "")[:100], action=request.args.get("action", "")[:64],
                           rule_code=request.args.get("rule", "")[:100], since=as_date("since"),
                           until=as_date("until"), page=page_arg())
    return render_template("admin/audit.html", page=search_audit(filters), filters=filters, date_errors=date_errors)
