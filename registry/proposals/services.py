"""Verbs of revision proposals: submit, edit, review, accept, reject, withdraw, comment, rebase.

Services check who may act (so the pages, the CLI and tests share one rule book), change data and
flush; the caller commits once.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.models import User
from registry.auth.permissions import can_decide_proposal, is_signed_in
from registry.db import db, today, utcnow
from registry.errors import StaleEdit, UserFacingError
from registry.labels import label
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.proposals.models import (
    ACCEPTED,
    KINDS,
    MERGE,
    OPEN_STATUSES,
    REJECTED,
    REPEAL,
    REVISION,
    SUBMITTED,
    UNDER_REVIEW,
    WITHDRAWN,
    Proposal,
    ProposalComment,
)
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.services import add_draft_version, normalise_body
from registry.rules.signals import change_proposed
from registry.tasks.services import open_revision_task

TASK_DAYS = 30  # time given to carry out an accepted repeal or merge


class ProposalError(UserFacingError):
    """A refused change to a proposal."""


def latest_approved(rule: Rule) -> RuleVersion | None:
    """Return the newest approved version: the text a revision proposal starts from."""
    return next((v for v in reversed(rule.versions) if v.status == APPROVED), None)


def is_out_of_date(proposal: Proposal) -> bool:
    """Say whether the rule got a newer approved text after the proposal was written."""
    latest = latest_approved(proposal.rule)
    return bool(proposal.kind == REVISION and proposal.is_open and latest is not None
                and (proposal.base_version is None or latest.number > proposal.base_version.number))


def _url(proposal: Proposal) -> str:
    return f"/proposals/{proposal.id}"


def rule_watchers(rule: Rule) -> list[User]:
    """Return who hears of proposals on a rule: its owner and its department's editors."""
    people = {rule.owner.id: rule.owner} if rule.owner else {}
    if rule.department_id:
        for user in db.session.scalars(select(User).where(User.department_id == rule.department_id)):
            if user.is_active_account and user.has_role("editor"):
                people.setdefault(user.id, user)
    return list(people.values())


def submit_proposal(actor, rule: Rule, kind: str, rationale: str, *, body: str | None = None,
                    merge_into: Rule | None = None, article_notes: str = "") -> Proposal:
    """Record a proposal to revise, repeal or merge `rule`, and tell the rule's owners."""
    if not is_signed_in(actor):
        raise ProposalError(_("Sign in to propose a change."))
    if kind not in KINDS:
        raise ProposalError(_("Unknown kind of proposal."))
    if not (rationale or "").strip():
        raise ProposalError(_("Say why the change is needed."))
    if rule.repealed_on is not None:
        raise ProposalError(_("This rule is repealed; propose a new rule instead."))
    base = latest_approved(rule)
    proposal = Proposal(rule=rule, kind=kind, rationale=rationale.strip(), article_notes=(article_notes or "").strip(),
                        proposer_id=actor.id, status=SUBMITTED)
    if kind == REVISION:
        if base is None:
            raise ProposalError(_("This rule has no approved text to revise yet."))
        proposal.body = _checked_body(body, base)
        proposal.base_version = base
    elif kind == MERGE:
        if merge_into is None or merge_into.id == rule.id:
            raise ProposalError(_("Name another rule to merge this one into."))
        proposal.merge_into = merge_into
    db.session.add(proposal)
    db.session.flush()
    record(actor, "proposal.submit", proposal, f"#{proposal.id} {kind} {rule.code}", rule_id=rule.id,
           after={"status": SUBMITTED, "kind": kind, "base_version": base.number if base else None})
    for user in rule_watchers(rule):
        if user.id != actor.id:
            with speaking_to(user):  # in the recipient's language, for the page and the e-mail
                notify(user, "proposal.submitted", _("New proposal on %(code)s", code=rule.code),
                       proposal.rationale[:500], _url(proposal), rule)
    change_proposed.send(actor, proposal=proposal)
    return proposal


def _checked_body(body: str | None, base: RuleVersion) -> str:
    text = normalise_body(body or "")
    if not text.strip():
        raise ProposalError(_("The proposed text cannot be empty."))
    if text == base.body:
        raise ProposalError(_("The proposed text is the same as the current text."))
    return text


def edit_proposal(actor, proposal: Proposal, *, rationale: str, body: str | None = None, article_notes: str = "",
                  expected_row_version: int | None = None) -> Proposal:
    """Let the proposer change an open proposal; refuse a save based on an older copy."""
    if proposal.proposer_id != getattr(actor, "id", None):
        raise ProposalError(_("Only the proposer can edit a proposal."))
    if not proposal.is_open:
        raise ProposalError(_("This proposal is closed."))
    if expected_row_version is not None and proposal.row_version != expected_row_version:
        raise StaleEdit("stale")
    if not (rationale or "").strip():
        raise ProposalError(_("Say why the change is needed."))
    before = {"rationale": proposal.rationale, "body_changed": False}
    if proposal.kind == REVISION and body is not None:
        new_body = _checked_body(body, proposal.base_version) if proposal.base_version else normalise_body(body)
        before["body_changed"] = new_body != proposal.body
        proposal.body = new_body
    proposal.rationale, proposal.article_notes = rationale.strip(), (article_notes or "").strip()
    db.session.flush()
    record(actor, "proposal.edit", proposal, f"#{proposal.id}", rule_id=proposal.rule_id,
           before={"rationale": before["rationale"]}, after={"rationale": proposal.rationale,
                                                             "text_changed": before["body_changed"]})
    return proposal


def _transition(actor, proposal: Proposal, new_status: str, action: str, reason: str = "") -> Proposal:
    old_status = proposal.status
    proposal.status = new_status
    if new_status in (ACCEPTED, REJECTED, WITHDRAWN):
        proposal.decided_by_id, proposal.decided_at = actor.id, utcnow()
        proposal.decision_reason = reason.strip()
    db.session.flush()
    record(actor, action, proposal, f"#{proposal.id} {old_status} → {new_status}", rule_id=proposal.rule_id,
           before={"status": old_status}, after={"status": new_status, **({"reason": reason} if reason else {})})
    return proposal


def _require_decider(actor, proposal: Proposal) -> None:
    if not can_decide_proposal(actor, proposal):
        raise ProposalError(_("Only the rule's owners (or an approver, for a repeal or merge) can decide this."))
    if not proposal.is_open:
        raise ProposalError(_("This proposal is already %(status)s.",
                              status=label(proposal.status, "proposal_status").lower()))


def start_review(actor, proposal: Proposal) -> Proposal:
    """Mark a submitted proposal as being reviewed."""
    _require_decider(actor, proposal)
    if proposal.status != SUBMITTED:
        raise ProposalError(_("This proposal is already under review."))
    return _transition(actor, proposal, UNDER_REVIEW, "proposal.review")


def _enter_procedure(actor, version) -> None:
    """Put the accepted draft on its rule's procedure, when its kind has one (else it waits for approval)."""
    from registry.procedures.services import procedure_for, run_of, start_run

    if procedure_for(version.rule) is not None and run_of(version) is None:
        start_run(actor, version)


def accept_proposal(actor, proposal: Proposal, reason: str = "") -> Proposal:
    """Accept: a revision becomes a draft version; a repeal or merge becomes a task for the owner."""
    _require_decider(actor, proposal)
    rule = proposal.rule
    if proposal.kind == REVISION:
        if is_out_of_date(proposal):
            raise ProposalError(_("Version %(n)s was approved after this proposal was written. Rebase the "
                                  "proposal on it first, so its changes are not lost.", n=latest_approved(rule).number))
        summary = _("Proposal #%(id)s: %(why)s", id=proposal.id, why=proposal.rationale)[:1000]
        proposal.result_version = add_draft_version(actor, rule, proposal.body, summary)
        _enter_procedure(actor, proposal.result_version)
    else:
        what = _("Repeal %(code)s as proposed", code=rule.code) if proposal.kind == REPEAL else _(
            "Merge %(code)s into %(other)s as proposed", code=rule.code,
            other=proposal.merge_into.code if proposal.merge_into else "?")
        open_revision_task(actor, rule, rule.owner, today() + timedelta(days=TASK_DAYS), "proposal",
                           f"{what} (#{proposal.id})")
    _transition(actor, proposal, ACCEPTED, "proposal.accept", reason)
    _tell_proposer(proposal, lambda: _("Your proposal on %(code)s was accepted", code=rule.code))
    return proposal


def reject_proposal(actor, proposal: Proposal, reason: str) -> Proposal:
    """Reject with a reason the proposer will read."""
    _require_decider(actor, proposal)
    if not (reason or "").strip():
        raise ProposalError(_("Give the reason for rejecting the proposal."))
    _transition(actor, proposal, REJECTED, "proposal.reject", reason)
    _tell_proposer(proposal, lambda: _("Your proposal on %(code)s was rejected", code=proposal.rule.code))
    return proposal


def withdraw_proposal(actor, proposal: Proposal) -> Proposal:
    """Let the proposer take back an open proposal."""
    if proposal.proposer_id != getattr(actor, "id", None):
        raise ProposalError(_("Only the proposer can withdraw a proposal."))
    if proposal.status not in OPEN_STATUSES:
        raise ProposalError(_("This proposal is already %(status)s.",
                              status=label(proposal.status, "proposal_status").lower()))
    return _transition(actor, proposal, WITHDRAWN, "proposal.withdraw")


def _tell_proposer(proposal: Proposal, subject) -> None:
    """Notify the proposer; `subject()` is rendered in the proposer's language."""
    if proposal.proposer is not None and proposal.proposer_id != proposal.decided_by_id:
        with speaking_to(proposal.proposer):
            notify(proposal.proposer, "proposal.decided", subject(), proposal.decision_reason, _url(proposal),
                   proposal.rule)


def add_comment(actor, proposal: Proposal, body: str) -> ProposalComment:
    """Add a remark to the discussion of a proposal."""
    if not is_signed_in(actor):
        raise ProposalError(_("Sign in to comment."))
    if not (body or "").strip():
        raise ProposalError(_("The comment is empty."))
    comment = ProposalComment(proposal=proposal, author_id=actor.id, body=body.strip())
    db.session.add(comment)
    record(actor, "proposal.comment", proposal, f"#{proposal.id}", rule_id=proposal.rule_id)
    return comment


def rebase_proposal(actor, proposal: Proposal, body: str, expected_row_version: int | None = None) -> Proposal:
    """Move a proposal onto the newest approved text, with the merged text the user checked."""
    if not (proposal.proposer_id == actor.id or can_decide_proposal(actor, proposal)):
        raise ProposalError(_("Only the proposer or the rule's owners can rebase a proposal."))
    if not proposal.is_open or proposal.kind != REVISION:
        raise ProposalError(_("Only an open revision proposal can be rebased."))
    if expected_row_version is not None and proposal.row_version != expected_row_version:
        raise StaleEdit("stale")
    latest = latest_approved(proposal.rule)
    before = proposal.base_version.number if proposal.base_version else None
    proposal.body = _checked_body(body, latest)
    proposal.base_version = latest
    db.session.flush()
    record(actor, "proposal.rebase", proposal, f"#{proposal.id} v{before} → v{latest.number}",
           rule_id=proposal.rule_id, before={"base_version": before}, after={"base_version": latest.number})
    return proposal
