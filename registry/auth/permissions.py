"""Who may do what: one place for every permission check, used by views, API and CLI."""

from __future__ import annotations

from flask import abort
from flask_login import current_user


def is_signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_edit_rule(user, rule) -> bool:
    """Editors maintain their own department's rules; approvers and admins maintain all."""
    if not is_signed_in(user):
        return False
    if user.has_role("approver"):
        return True
    if not user.has_role("editor"):
        return False
    return rule is None or rule.department_id is None or rule.department_id == user.department_id


def can_create_rule(user) -> bool:
    return is_signed_in(user) and user.has_role("editor")


def can_approve(user) -> bool:
    return is_signed_in(user) and user.has_role("approver")


def can_administer(user) -> bool:
    return is_signed_in(user) and user.has_role("admin")


def can_see_drafts(user, rule=None) -> bool:
    """Drafts are visible to those who could edit or approve them."""
    return can_approve(user) or can_edit_rule(user, rule)


def can_import(user) -> bool:
    """Editors and above may bring rules in from files (the preview writes nothing)."""
    return is_signed_in(user) and user.has_role("editor")


def can_follow_import(user, uploader_id: int) -> bool:
    """A web import's progress and report belong to whoever uploaded the files, and to admins."""
    return is_signed_in(user) and (user.id == uploader_id or user.has_role("admin"))


def require(allowed: bool) -> None:
    """Refuse the request: 401 for anonymous visitors, 403 for signed-in users."""
    if not allowed:
        abort(403 if is_signed_in(current_user) else 401)


def can_decide_proposal(user, proposal) -> bool:
    """The rule's editors decide revisions; repealing or merging a rule needs an approver."""
    if proposal.kind == "revision":
        return can_edit_rule(user, proposal.rule)
    return can_approve(user)


def can_dispose_rule(user, rule) -> bool:
    """In a campaign, a rule's owner (or whoever may edit it) records what becomes of it."""
    return can_edit_rule(user, rule) or (is_signed_in(user) and rule.owner_id == user.id)


def can_manage_backlog(user) -> bool:
    """Approvers accept or decline missing-rule items and assign drafters."""
    return can_approve(user)


def can_run_campaign(user) -> bool:
    """Admins open and close inventory campaigns."""
    return can_administer(user)


def can_record_review(user, rule) -> bool:
    """A review is recorded by the rule's owner or by an approver."""
    if not is_signed_in(user):
        return False
    return user.has_role("approver") or (rule.owner_id is not None and rule.owner_id == user.id)


def can_set_review_date(user) -> bool:
    """Only approvers move a review date by hand."""
    return can_approve(user)
