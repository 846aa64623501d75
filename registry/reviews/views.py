"""Pages of reviews: the dashboard, recording a review, due dates, basis, calendars, the reminder log."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from registry import charts
from registry.auth.models import User
from registry.auth.permissions import (
    can_administer,
    can_edit_rule,
    can_read_rule,
    can_record_review,
    can_set_review_date,
    readable_rules,
    require,
)
from registry.db import db, today
from registry.errors import perform
from registry.notifications.links import absolute
from registry.procedures import queries as procedure_queries
from registry.queryargs import int_arg, page_arg
from registry.reviews import queries, services
from registry.reviews.blueprint import bp
from registry.reviews.forms import BasisForm, DueDateForm, ReviewForm
from registry.reviews.ics import calendar_of
from registry.rules.access import load_visible_rule, typed_rule, typed_rules
from registry.usage.queries import flagged_rules, rule_use
from registry.viewhelpers import categories, departments, download


@bp.get("/")
@login_required
def dashboard():
    mine = request.args.get("mine") == "1"
    filters = queries.DashboardFilters(department_id=int_arg("department"), category_id=int_arg("category"),
                                       owner_id=current_user.id if mine else int_arg("owner"))
    board = queries.dashboard(filters, today())
    procedure_board = procedure_queries.board(current_user, today(), keep=queries.rule_filter(filters))
    per_page = current_app.config["REVIEWS_BAND_PER_PAGE"]
    bands = {band: board.band_page(band, page_arg(f"{band}_page"), per_page) for band in board.BANDS}
    return render_template(
        "reviews/dashboard.html", board=board, bands=bands, filters=filters, mine=mine,
        procedure_board=procedure_board,
        month_chart=charts.bar_chart([(m.strftime("%Y-%m"), n) for m, n in board.due_per_month],
                                     _("Reviews due per month"),
                                     axis=charts.month_axis([m for m, _n in board.due_per_month])),
        department_chart=charts.hbar_chart(board.overdue_per_department, _("Overdue reviews per department")),
        flagged=flagged_rules(),
        departments=departments(),
        categories=categories(),
        owners=db.session.scalars(select(User).where(User.role != "reader").order_by(User.name)).all())


def _rule_form(rule, form, work, done: str, title: str, **panels):
    """Answer a form about a rule: a valid submission does `work` and returns to the rule page saying `done`;
    otherwise the form page, with each of `panels` (callables) computed for it."""
    if form.validate_on_submit() and perform(work):
        flash(done, "success")
        return redirect(url_for("rules.rule_page", code=rule.code))
    return render_template("reviews/form.html", rule=rule, form=form, title=title,
                           **{name: panel() for name, panel in panels.items()})


@bp.route("/rule/<path:code>/review", methods=["GET", "POST"])
@login_required
def record(code: str):
    rule = load_visible_rule(code)
    require(can_record_review(current_user, rule))
    form = ReviewForm()
    if request.method == "GET":
        form.reviewed_on.data = today()
    return _rule_form(rule, form, lambda: _record(rule, form), _("Review recorded."), _("Record a review"),
                      use=lambda: rule_use(rule, since_last_review=True))


def _record(rule, form: ReviewForm):
    merge_into = typed_rule(form.merge_into.data, services.ReviewError) if form.outcome.data == "merge" else None
    return services.record_review(current_user, rule, reviewed_on=form.reviewed_on.data, outcome=form.outcome.data,
                                  notes=form.notes.data or "", revise_by=form.revise_by.data, merge_into=merge_into)


@bp.route("/rule/<path:code>/due", methods=["GET", "POST"])
@login_required
def set_due(code: str):
    rule = load_visible_rule(code)
    require(can_set_review_date(current_user))
    form = DueDateForm()
    return _rule_form(rule, form, lambda: services.set_due_date(current_user, rule, form.due_on.data,
                                                                form.reason.data or ""),
                      _("Review date saved."), _("Set the next review date"))


@bp.route("/rule/<path:code>/basis", methods=["GET", "POST"])
@login_required
def set_basis(code: str):
    rule = load_visible_rule(code)
    require(can_edit_rule(current_user, rule))
    form = BasisForm()
    if request.method == "GET":
        form.codes.data = ", ".join(b.code for b in readable_rules(current_user, queries.basis_of(rule), today()))
    return _rule_form(rule, form, lambda: _set_basis(rule, form.codes.data or ""), _("Basis saved."),
                      _("Basis (上位依据)"))


def _set_basis(rule, text: str):
    found = typed_rules(text, services.ReviewError)
    hidden = [b for b in queries.basis_of(rule) if not can_read_rule(current_user, b, today())]
    return services.set_basis(current_user, rule, found + hidden)  # what the user cannot see stays as it was


@bp.get("/ics/<path:code>")
@login_required
def rule_ics(code: str):
    rule = load_visible_rule(code)
    status = queries.review_status(rule, today())
    if status is None:
        abort(404, _("This rule has no review due."))
    body = calendar_of([status], rule.title)
    return download(body, f"review-{rule.id}.ics")


@bp.get("/calendar")
@login_required
def calendar():
    token = queries.calendar_token_of(current_user)
    feed = absolute(url_for("reviews.calendar_feed", token=token)) if token else None
    return render_template("reviews/calendar.html", feed=feed)


@bp.post("/calendar/renew")
@login_required
def calendar_renew():
    if perform(lambda: services.calendar_token(current_user, renew=True)):
        flash(_("A new private calendar address was made; the old one no longer works."), "success")
    return redirect(url_for("reviews.calendar"))


@bp.post("/calendar/revoke")
@login_required
def calendar_revoke():
    if perform(lambda: services.revoke_calendar_token(current_user)):
        flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("reviews.calendar"))


@bp.get("/feed/<token>.ics")
def calendar_feed(token: str):
    """The private feed: no sign-in, the secret token in the URL is the key."""
    user = queries.user_by_calendar_token(token)
    if user is None:
        abort(404)
    body = calendar_of(queries.owned_statuses(user, today()), _("Reviews of %(name)s", name=user.name))
    return Response(body, mimetype="text/calendar")


@bp.get("/log")
@login_required
def reminder_log():
    require(can_administer(current_user))
    page = page_arg()
    rows, total = queries.reminder_log(page)
    return render_template("reviews/reminder_log.html", rows=rows, total=total, page=page, per_page=50)


@bp.record_once
def connect_signals(_state) -> None:
    """React to the catalogue's approvals and repeals (basis changes, a rule's own clock)."""
    from registry.rules.signals import rule_repealed, version_approved

    version_approved.connect(services.on_version_approved)
    rule_repealed.connect(services.on_rule_repealed)
