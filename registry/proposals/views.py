"""Pages of revision proposals and the 新旧对照 comparison of any two versions."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.permissions import can_decide_proposal, require
from registry.db import today
from registry.errors import perform
from registry.io import export_cache
from registry.labels import label
from registry.overlaps.queries import overlaps_of_text
from registry.proposals import exports, queries, services
from registry.proposals.blueprint import bp
from registry.proposals.compare_cache import compared
from registry.proposals.forms import CommentForm, DecisionForm, ProposalForm, RebaseForm
from registry.proposals.models import MERGE, REVISION, SUBMITTED, UNDER_REVIEW
from registry.proposals.rebase import merge3
from registry.queryargs import int_arg
from registry.rules.access import load_visible_rule, typed_rule, visible_versions
from registry.rules.queries import version_by_number
from registry.viewhelpers import MIME, download


def _view_options() -> dict:
    """Read how a comparison is shown: side by side or inline, all articles or only the changes."""
    return {"view": "inline" if request.args.get("view") == "inline" else "side",
            "only_changes": request.args.get("changes") == "1"}


@bp.get("/")
def index():
    on = today()
    mine = [i for items in queries.drafting_due_by_user(on, 14).values() for i in items
            if i.drafter_id == current_user.id]
    return render_template(
        "proposals/index.html", to_decide=queries.proposals_to_decide(current_user),
        mine=queries.proposals_by(current_user), overdue=queries.overdue_drafting(on), my_drafting=mine,
        campaigns=[c for c in queries.campaigns() if c.is_open], today=on)


def _load(proposal_id: int):
    proposal = queries.proposal(proposal_id)
    if proposal is None:
        abort(404)
    load_visible_rule(proposal.rule.code)
    return proposal


def may_act_on(proposal) -> bool:
    """The rule's owners decide a proposal; its proposer may withdraw or rebase it."""
    return can_decide_proposal(current_user, proposal) or proposal.proposer_id == current_user.id


def _submit(form: ProposalForm, rule):
    merge_into = typed_rule(form.merge_into.data, services.ProposalError) if form.kind.data == MERGE else None
    return services.submit_proposal(current_user, rule, form.kind.data, form.rationale.data, body=form.body.data,
                                    merge_into=merge_into, article_notes=form.article_notes.data)


@bp.route("/new", methods=["GET", "POST"])
def new():
    rule = load_visible_rule(request.args.get("code", ""))
    form = ProposalForm()
    base = services.latest_approved(rule)
    if request.method == "GET":
        form.kind.data = request.args.get("kind", REVISION)
        form.body.data = base.body if base else ""
    if form.validate_on_submit():
        proposal = perform(lambda: _submit(form, rule))
        if proposal:
            flash(_("Proposal submitted; the rule's owners have been told."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, rule=rule, base=base, proposal=None)


@bp.get("/<int:proposal_id>")
def show(proposal_id: int):
    proposal = _load(proposal_id)
    comparison = underneath = None
    out_of_date = services.is_out_of_date(proposal)
    if proposal.kind == REVISION and proposal.base_version is not None:
        comparison = compared(proposal.base_version.body, proposal.body or "")
        if out_of_date:
            underneath = compared(proposal.base_version.body, services.latest_approved(proposal.rule).body)
    return render_template(
        "proposals/show.html", proposal=proposal, comparison=comparison, underneath=underneath,
        out_of_date=out_of_date, latest=services.latest_approved(proposal.rule),
        overlaps=overlaps_of_text(proposal.rule, proposal.body, today())
        if proposal.body and proposal.status in (SUBMITTED, UNDER_REVIEW) else [],
        can_decide=can_decide_proposal(current_user, proposal), is_proposer=proposal.proposer_id == current_user.id,
        decision_form=DecisionForm(), comment_form=CommentForm(), **_view_options())


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int):
    proposal = _load(proposal_id)
    if proposal.proposer_id != current_user.id:
        abort(403)
    form = ProposalForm(obj=proposal)
    form.kind.data = proposal.kind
    if request.method == "GET":
        form.row_version.data = proposal.row_version
    if form.validate_on_submit():
        expected = int(form.row_version.data) if str(form.row_version.data or "").isdigit() else None
        if perform(lambda: services.edit_proposal(current_user, proposal, rationale=form.rationale.data,
                                                  body=form.body.data, article_notes=form.article_notes.data,
                                                  expected_row_version=expected)):
            flash(_("Proposal saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, rule=proposal.rule, base=proposal.base_version,
                           proposal=proposal)


ACTIONS = {
    "review": lambda p, reason: services.start_review(current_user, p),
    "accept": lambda p, reason: services.accept_proposal(current_user, p, reason),
    "reject": lambda p, reason: services.reject_proposal(current_user, p, reason),
    "withdraw": lambda p, reason: services.withdraw_proposal(current_user, p),
}


@bp.post("/<int:proposal_id>/decide")
def decide(proposal_id: int):
    proposal = _load(proposal_id)
    require(may_act_on(proposal))
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose what to do with the proposal."), "error")
    elif perform(lambda: ACTIONS[form.action.data](proposal, form.reason.data or "")):
        flash(_("Proposal %(status)s.", status=label(proposal.status, "proposal_status").lower()), "success")
        if proposal.result_version is not None and form.action.data == "accept":
            return redirect(url_for("rules.version_page", code=proposal.rule.code,
                                    number=proposal.result_version.number))
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/comment")
def comment(proposal_id: int):
    proposal = _load(proposal_id)
    form = CommentForm()
    if form.validate_on_submit() and perform(lambda: services.add_comment(current_user, proposal, form.body.data)):
        flash(_("Comment added."), "success")
    elif form.errors:
        flash(_("The comment is empty."), "error")
    return redirect(url_for("proposals.show", proposal_id=proposal.id) + "#comments")


@bp.route("/<int:proposal_id>/rebase", methods=["GET", "POST"])
def rebase(proposal_id: int):
    proposal = _load(proposal_id)
    require(may_act_on(proposal))
    latest = services.latest_approved(proposal.rule)
    if proposal.kind != REVISION or proposal.base_version is None or latest is None:
        abort(404)
    merged = merge3(proposal.base_version.body, latest.body, proposal.body or "")
    form = RebaseForm()
    if request.method == "GET":
        form.body.data, form.row_version.data = merged.text, proposal.row_version
    if form.validate_on_submit():
        expected = int(form.row_version.data) if str(form.row_version.data or "").isdigit() else None
        if perform(lambda: services.rebase_proposal(current_user, proposal, form.body.data, expected)):
            flash(_("The proposal now applies to version %(n)s.", n=latest.number), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template(
        "proposals/rebase.html", proposal=proposal, latest=latest, merged=merged, form=form,
        underneath=compared(proposal.base_version.body, latest.body),
        proposed=compared(proposal.base_version.body, proposal.body or ""))


def _all_rows() -> bool:
    """Exports list the changed articles; ?all=1 lists every article (renumbered and unchanged too)."""
    return request.args.get("all") == "1"



@bp.get("/<int:proposal_id>/export.<fmt>")
def export(proposal_id: int, fmt: str):
    proposal = _load(proposal_id)
    if proposal.kind != REVISION or proposal.base_version is None or fmt not in ("docx", "csv"):
        abort(404)
    notes = exports.parse_article_notes(proposal.article_notes)
    name = exports.comparison_filename(proposal.rule.code, base=proposal.base_version.number, new="proposal",
                                       all_rows=_all_rows(), extension=fmt, proposal_id=proposal.id)
    if fmt == "csv":
        comparison = compared(proposal.base_version.body, proposal.body or "")
        return download(exports.comparison_csv(comparison, notes, all_rows=_all_rows()), name)
    title = f"《{proposal.rule.title}》修订新旧对照表"
    intro = (f"制度编号：{proposal.rule.code}（依据第 {proposal.base_version.number} 版）",
             f"建议人：{proposal.proposer.name if proposal.proposer else '—'}", f"修订理由：{proposal.rationale}")
    return _kept_docx(f"p{proposal.id}", (proposal.base_version.id, proposal.body, title, notes, intro, _all_rows()),
                      lambda: exports.comparison_docx(compared(proposal.base_version.body, proposal.body or ""),
                                                      title, notes, intro=intro, all_rows=_all_rows()),
                      name)


def _kept_docx(owner: str, parts: tuple, write, name: str) -> Response:
    """Send a 新旧对照 .docx written once per texts and heading (see io/export_cache), with its ETag."""
    key = export_cache.digest("compare.docx", parts)
    if key in request.if_none_match:
        return export_cache.not_modified(key)
    path = export_cache.kept(owner, "compare-all" if _all_rows() else "compare", key, "docx", write)
    return export_cache.send_kept(path, MIME["docx"], name, key)


def _compared_versions():
    rule = load_visible_rule(request.args.get("code", ""))
    versions = visible_versions(rule)
    if len(versions) < 2:
        return rule, versions, None, None
    a, b = int_arg("a"), int_arg("b")
    old = version_by_number(rule, a) if a else versions[-2]
    new = version_by_number(rule, b) if b else versions[-1]
    if old not in versions or new not in versions:
        abort(404)
    return rule, versions, old, new


@bp.get("/compare")
def compare():
    rule, versions, old, new = _compared_versions()
    comparison = compared(old.body, new.body) if old and new else None
    return render_template("proposals/compare.html", rule=rule, versions=versions, old=old, new=new,
                           comparison=comparison, **_view_options())


@bp.get("/compare.<fmt>")
def compare_export(fmt: str):
    rule, _versions, old, new = _compared_versions()
    if old is None or fmt not in ("docx", "csv"):
        abort(404)
    notes = exports.parse_article_notes(new.change_summary)
    name = exports.comparison_filename(rule.code, base=old.number, new=new.number, all_rows=_all_rows(), extension=fmt)
    if fmt == "csv":
        return download(exports.comparison_csv(compared(old.body, new.body), notes, all_rows=_all_rows()), name)
    title = f"《{rule.title}》新旧对照表（v{old.number} → v{new.number}）"
    return _kept_docx(f"v{old.id}-v{new.id}", (title, notes, _all_rows()),
                      lambda: exports.comparison_docx(compared(old.body, new.body), title, notes, all_rows=_all_rows()),
                      name)

