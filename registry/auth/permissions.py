"""Who may do what: one place for every permission check, used by views, API and CLI."""

from __future__ import annotations

from flask import abort
from flask_login import current_user


def is_signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_edit_rule(user, rule) -> bool:
    """Editors maintain their own department's rules; approvers and admins maintain all, unassigned ones too.

    A rule without a department belongs to no editor: only approvers and admins maintain it, so
    that no editor can write in a rule no department answers for. Without a rule: may the user
    edit any rule at all (an editor with a department may)?
    """
    if not is_signed_in(user):
        return False
    if user.has_role("approver"):
        return True
    if not user.has_role("editor") or user.department_id is None:
        return False
    return rule is None or (rule.department_id is not None and rule.department_id == user.department_id)


def can_place_rule(user, department) -> bool:
    """Editors keep rules in their own department; approvers put a rule in any department, or none."""
    if can_approve(user):
        return True
    return can_edit_rule(user, None) and department is not None and department.id == user.department_id


def draft_departments(user) -> list[int] | None:
    """Return the departments whose drafts the user may see: None for all, [] for none.

    The SQL and search-index counterpart of `can_see_drafts(user, rule)`: lists, facets, exports,
    the API and search filter with it, so a draft hidden on its page is hidden everywhere.
    """
    if can_approve(user):
        return None
    return [user.department_id] if can_edit_rule(user, None) else []


def can_read_rule(user, rule, on) -> bool:
    """A rule is readable unless it is still a draft the user may not see (its page would be a 404)."""
    from registry.rules.status import DRAFT, rule_status

    return rule_status(rule, on) != DRAFT or can_see_drafts(user, rule)


def readable_rules(user, rules, on) -> list:
    """Keep the rules the user may read (related rules, basis, dependants): the others are not named."""
    return [rule for rule in rules if can_read_rule(user, rule, on)]


def can_create_rule(user) -> bool:
    return is_signed_in(user) and user.has_role("editor")


def can_approve(user) -> bool:
    return is_signed_in(user) and user.has_role("approver")


def can_administer(user) -> bool:
    return is_signed_in(user) and user.has_role("admin")


def can_see_drafts(user, rule=None) -> bool:
    """Drafts are visible to those who could edit or approve them (without a rule: some drafts)."""
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
