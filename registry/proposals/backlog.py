"""Verbs of the drafting backlog: rules that should exist, from proposal to enactment.

proposed → accepted (an approver assigns a drafter and a due date) → drafting → in review → enacted
(linked to the new rule); an approver may decline a proposed or accepted item with a reason, or send
an item in review back to drafting.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from registry.audit.services import record
from registry.auth.permissions import can_manage_backlog, is_signed_in
from registry.db import db, today
from registry.errors import StaleEdit, UserFacingError
from registry.labels import label
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.proposals.models import ACCEPTED, DECLINED, DRAFTING, ENACTED, IN_REVIEW, PROPOSED, MissingRule

# action: (statuses it starts from, status it leads to, who may take it)
TRANSITIONS = {
    "accept": ((PROPOSED,), ACCEPTED, "approver"),
    "decline": ((PROPOSED, ACCEPTED), DECLINED, "approver"),
    "start": ((ACCEPTED,), DRAFTING, "drafter"),
    "submit": ((DRAFTING,), IN_REVIEW, "drafter"),
    "return": ((IN_REVIEW,), DRAFTING, "approver"),
    "enact": ((IN_REVIEW,), ENACTED, "approver"),
}


class BacklogError(UserFacingError):
    """A refused change to a backlog item."""


def propose_missing_rule(actor, *, title: str, need: str, scope: str = "", department=None,
                         target_on: date | None = None, campaign=None) -> MissingRule:
    """Record that a rule is missing; anyone signed in may."""
    if not is_signed_in(actor):
        raise BacklogError(_("Sign in to propose a rule."))
    if not (title or "").strip() or not (need or "").strip():
        raise BacklogError(_("Give the missing rule a title and say why it is needed."))
    item = MissingRule(title=title.strip(), need=need.strip(), scope=(scope or "").strip(), department=department,
                       target_on=target_on, proposer_id=actor.id, campaign=campaign, status=PROPOSED)
    db.session.add(item)
    record(actor, "backlog.propose", item, item.title, after={"status": PROPOSED})
    return item


def may_take(actor, item: MissingRule, action: str) -> bool:
    """Say whether `actor` may take `action` on `item` now (status and role)."""
    if action not in TRANSITIONS or not is_signed_in(actor):
        return False
    sources, _target, who = TRANSITIONS[action]
    if item.status not in sources:
        return False
    return can_manage_backlog(actor) or (who == "drafter" and item.drafter_id == actor.id)


def advance(actor, item: MissingRule, action: str, *, drafter=None, due_on: date | None = None, reason: str = "",
            rule=None, expected_row_version: int | None = None) -> MissingRule:
    """Move a backlog item along its workflow, checking status, role and the needed details."""
    if action not in TRANSITIONS:
        raise BacklogError(_("Unknown action."))
    if expected_row_version is not None and item.row_version != expected_row_version:
        raise StaleEdit("stale")
    sources, target, _who = TRANSITIONS[action]
    if item.status not in sources:
        raise BacklogError(_("This item is %(status)s; that step is not possible now.",
                             status=label(item.status, "proposal_status").lower()))
    if not may_take(actor, item, action):
        raise BacklogError(_("You may not take this step on this item."))
    before = {"status": item.status}
    if action == "accept":
        if drafter is None or due_on is None:
            raise BacklogError(_("Assign a drafter and a due date to accept the item."))
        if due_on < today():
            raise BacklogError(_("The due date %(d)s has passed already; choose today or a later day.",
                                 d=due_on.isoformat()))
        item.drafter, item.due_on, item.decided_by_id = drafter, due_on, actor.id
    elif action == "decline":
        if not (reason or "").strip():
            raise BacklogError(_("Give the reason for declining."))
        item.decline_reason, item.decided_by_id = reason.strip(), actor.id
    elif action == "enact":
        if rule is None:
            raise BacklogError(_("Name the rule that was enacted."))
        item.rule = rule
    item.status = target
    db.session.flush()
    after = {"status": target}
    if action == "accept":
        after.update(drafter=drafter.email, due_on=due_on.isoformat())
    elif action == "decline":
        after["reason"] = item.decline_reason
    elif action == "enact":
        after["rule"] = rule.code
    record(actor, f"backlog.{action}", item, item.title, rule_id=getattr(rule, "id", None), before=before, after=after)
    if action == "accept" and drafter.id != actor.id:
        with speaking_to(drafter):  # in the recipient's language, for the page and the e-mail
            notify(drafter, "backlog.assigned", _("Please draft: %(title)s", title=item.title),
                   _("Due on %(d)s.", d=due_on.isoformat()), f"/proposals/backlog/{item.id}")
    if action in ("accept", "decline", "enact") and item.proposer is not None and item.proposer_id != actor.id:
        with speaking_to(item.proposer):
            subject = _("Missing rule “%(title)s”: %(status)s", title=item.title,
                        status=label(target, "proposal_status"))
            notify(item.proposer, f"backlog.{action}", subject, item.decline_reason, f"/proposals/backlog/{item.id}")
    return item


def enact_as_new_rule(actor, item: MissingRule, *, code: str, kind: str, body: str,
                      expected_row_version: int | None = None):
    """Enact the item as a new rule of `kind` with a first draft; the draft enters the kind's procedure.

    The rule is the item's title in its suggested department; a kind without a procedure leaves the
    draft waiting for approval in one step. Return the new rule.
    """
    from registry.procedures.services import procedure_for, start_run
    from registry.rules.services import add_draft_version, create_rule

    if not may_take(actor, item, "enact"):
        raise BacklogError(_("You may not take this step on this item."))
    kind = (kind or "").strip()
    if kind and kind not in kinds_with_procedure():
        raise BacklogError(_("No procedure is set for the kind %(kind)s.", kind=kind))
    if not (body or "").strip():
        raise BacklogError(_("Give the text of the new rule's first draft."))
    rule = create_rule(actor, code=code or "", title=item.title, department=item.department, kind=kind)
    version = add_draft_version(actor, rule, body, change_summary=_("Enacted from the drafting backlog."))
    if procedure_for(rule) is not None:
        start_run(actor, version)
    advance(actor, item, "enact", rule=rule, expected_row_version=expected_row_version)
    return rule


def kinds_with_procedure() -> list[str]:
    """Return the kinds of rule that name a procedure, for the enactment's choice."""
    from sqlalchemy import select

    from registry.procedures.models import ProcedureKind

    return list(db.session.scalars(select(ProcedureKind.kind).order_by(ProcedureKind.kind)))
