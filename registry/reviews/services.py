"""Verbs of reviews: record a review, set a due date by hand, name a rule's basis, calendar tokens.

Services change data and flush; the caller commits once.
"""

from __future__ import annotations

import secrets
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select

from registry.audit.services import record
from registry.auth.models import User
from registry.db import db, today
from registry.errors import UserFacingError
from registry.notifications.links import path_for
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.reviews.models import (
    MERGE,
    OUTCOMES,
    REPEAL,
    REVISE,
    CalendarToken,
    Review,
    ReviewSchedule,
    RuleBasis,
)
from registry.reviews.queries import dependants_of
from registry.rules import services as rules
from registry.rules.models import Rule
from registry.tasks.services import open_revision_task


class ReviewError(UserFacingError):
    """A refused review action, with the reason."""


def schedule_of(rule: Rule) -> ReviewSchedule:
    """Return the rule's schedule adjustments row, creating it when missing."""
    schedule = db.session.get(ReviewSchedule, rule.id)
    if schedule is None:
        schedule = ReviewSchedule(rule_id=rule.id)
        db.session.add(schedule)
    return schedule


def department_approvers(rule: Rule) -> list[User]:
    """Return the approvers of the rule's department (admins when the department has none)."""
    query = select(User).where(User.is_active_account.is_(True)).order_by(User.id)
    approvers = []
    if rule.department_id is not None:
        approvers = list(db.session.scalars(query.where(User.role == "approver",
                                                        User.department_id == rule.department_id)))
    return approvers or list(db.session.scalars(query.where(User.role == "admin")))


def responsible_people(rule: Rule) -> list[User]:
    """Return who answers for the rule's reviews: its owner, else its department's approvers."""
    if rule.owner is not None and rule.owner.is_active:
        return [rule.owner]
    return department_approvers(rule)


def record_review(actor, rule: Rule, *, reviewed_on: date, outcome: str, notes: str = "",
                  revise_by: date | None = None, merge_into: Rule | None = None) -> Review:
    """Record a review; it restarts the cycle and acts on the outcome (task, repeal, merge)."""
    if rule.repealed_on is not None:
        raise ReviewError(_("A repealed rule is not reviewed."))
    if outcome not in OUTCOMES:
        raise ReviewError(_("Choose an outcome."))
    if reviewed_on > today():
        raise ReviewError(_("A review cannot be dated in the future."))
    if outcome == REVISE and revise_by is None:
        raise ReviewError(_("Say by when the rule must be revised."))
    if outcome == MERGE and (merge_into is None or merge_into.id == rule.id):
        raise ReviewError(_("Name the rule this one is merged into."))
    review = Review(rule_id=rule.id, reviewed_on=reviewed_on, reviewer_id=getattr(actor, "id", None),
                    outcome=outcome, notes=notes.strip(), merged_into_id=getattr(merge_into, "id", None))
    db.session.add(review)
    schedule = db.session.get(ReviewSchedule, rule.id)
    if schedule is not None:  # a review answers both a manual date and a change of basis
        schedule.manual_due_on, schedule.triggered_due_on = None, None
        schedule.manual_reason, schedule.trigger_reason = "", ""
    if outcome == REVISE:
        task = open_revision_task(actor, rule, rule.owner, revise_by, "review", notes)
        db.session.flush()
        review.task_id = task.id
    elif outcome in (REPEAL, MERGE):
        _carry_out_repeal(actor, rule, review, merge_into)
    db.session.flush()
    record(actor, "review.record", review, f"{rule.code}: {outcome}", rule_id=rule.id,
           after={"reviewed_on": reviewed_on.isoformat(), "outcome": outcome})
    return review


def _carry_out_repeal(actor, rule: Rule, review: Review, merge_into: Rule | None) -> None:
    """Repeal at once when the reviewer may; otherwise ask the department's approvers to."""
    if merge_into is not None:
        reason = _("Merged into %(code)s %(title)s", code=merge_into.code, title=merge_into.title)
    else:
        reason = review.notes or _("Repealed after review")
    from registry.procedures.services import procedure_for, start_repeal

    if actor is not None and actor.has_role("approver"):
        if procedure_for(rule) is not None:  # its kind repeals through the procedure: start its repeal run
            start_repeal(actor, rule, reason)
        else:
            rules.repeal_rule(actor, rule, review.reviewed_on, reason)
        return
    url = path_for("rules.rule_page", code=rule.code)
    for approver in department_approvers(rule):
        with speaking_to(approver):
            notify(approver, "review.repeal_requested",
                   _("Review recommends repealing %(title)s", title=rule.title), reason, url, rule)


def set_due_date(actor, rule: Rule, due_on: date | None, reason: str) -> ReviewSchedule:
    """Set (or with None, clear) the next review date by hand; the reason is kept and shown."""
    reason = reason.strip()
    if rule.repealed_on is not None:
        raise ReviewError(_("A repealed rule is not reviewed."))
    if due_on is not None and not reason:
        raise ReviewError(_("Say why the date is set by hand."))
    schedule = schedule_of(rule)
    before = {"manual_due_on": schedule.manual_due_on.isoformat() if schedule.manual_due_on else None}
    schedule.manual_due_on, schedule.manual_reason = due_on, reason if due_on else ""
    schedule.manual_by_id = getattr(actor, "id", None)
    schedule.triggered_due_on, schedule.trigger_reason = None, ""
    db.session.flush()
    record(actor, "review.set_due", rule, reason, rule_id=rule.id, before=before,
           after={"manual_due_on": due_on.isoformat() if due_on else None})
    return schedule


def set_basis(actor, rule: Rule, basis: list[Rule]) -> list[Rule]:
    """Replace the list of rules `rule` implements; a rule cannot rest on itself or on its own dependants."""
    wanted = {b.id: b for b in basis}
    if rule.id in wanted:
        raise ReviewError(_("A rule cannot be its own basis."))
    for candidate in wanted.values():
        if _rests_on(candidate, rule):
            raise ReviewError(_("%(code)s already rests on this rule.", code=candidate.code))
    before = sorted(b.basis_id for b in db.session.scalars(select(RuleBasis).where(RuleBasis.rule_id == rule.id)))
    db.session.execute(delete(RuleBasis).where(RuleBasis.rule_id == rule.id))
    db.session.add_all(RuleBasis(rule_id=rule.id, basis_id=b) for b in sorted(wanted))
    db.session.flush()
    if before != sorted(wanted):
        # The rule page's history is read by everyone: name the basis by id, not by a (draft's) code.
        record(actor, "review.basis", rule, _("%(n)s rules", n=len(wanted)), rule_id=rule.id,
               before={"basis": before}, after={"basis": sorted(wanted)})
    return list(wanted.values())


def _rests_on(rule: Rule, target: Rule) -> bool:
    """Say whether `rule` rests, directly or through other rules, on `target`."""
    seen, todo = set(), [rule.id]
    while todo:
        current = todo.pop()
        if current == target.id:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(db.session.scalars(select(RuleBasis.basis_id).where(RuleBasis.rule_id == current)))
    return False


def basis_changed(actor, basis: Rule, due_on: date, why: str, dependants: list[Rule] | None = None) -> list[Rule]:
    """Make every rule resting on `basis` (or the `dependants` given: rules citing it) due and tell the owners why."""
    affected = []
    for dependant in dependants_of(basis) if dependants is None else dependants:
        if dependant.repealed_on is not None:
            continue
        schedule = schedule_of(dependant)
        if schedule.triggered_due_on is None or due_on < schedule.triggered_due_on:
            schedule.triggered_due_on = due_on
        schedule.trigger_reason = why
        affected.append(dependant)
        url = path_for("rules.rule_page", code=dependant.code)
        for person in responsible_people(dependant):
            with speaking_to(person):
                notify(person, "review.basis_changed",
                       _("Review %(title)s: its basis changed", title=dependant.title),
                       _("%(basis)s %(why)s. Please review %(code)s by %(date)s.", basis=basis.title,
                         why=why, code=dependant.code, date=due_on.isoformat()), url, dependant)
        record(actor, "review.triggered", dependant, why, rule_id=dependant.id, after={"due_on": due_on.isoformat()})
    db.session.flush()
    return affected


def on_version_approved(actor, version, **_extra) -> None:
    """A new version resets the rule's own clock, and makes the rules resting on it due."""
    rule = version.rule
    schedule = db.session.get(ReviewSchedule, rule.id)
    if schedule is not None:
        schedule.manual_due_on, schedule.triggered_due_on = None, None
        schedule.manual_reason, schedule.trigger_reason = "", ""
    if any(v.is_approved and v is not version for v in rule.versions):
        due_on = max(today(), version.effective_on)
        basis_changed(actor, rule, due_on, _("got version %(n)s, in force from %(d)s",
                                              n=version.number, d=version.effective_on.isoformat()))


def on_rule_repealed(actor, rule) -> None:
    """A repealed basis makes the rules resting on it due."""
    basis_changed(actor, rule, max(today(), rule.repealed_on),
                  _("is repealed from %(d)s", d=rule.repealed_on.isoformat()))


def calendar_token(user, renew: bool = False) -> str:
    """Return the user's calendar feed secret, creating (or with `renew`, replacing) it."""
    row = db.session.get(CalendarToken, user.id)
    if row is None:
        row = CalendarToken(user_id=user.id, token=secrets.token_urlsafe(24))
        db.session.add(row)
    elif renew:
        row.token = secrets.token_urlsafe(24)
    db.session.flush()
    return row.token


def revoke_calendar_token(user) -> None:
    """Stop the user's calendar feed URL from working."""
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user.id))
    record(user, "calendar.revoke", user, "")
