"""Verbs of read-and-acknowledge: assess a change, ask people to read a version, confirm, follow a rule.

Services flush and never commit; the view or command that called them commits once.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from registry.acknowledgements.models import (
    Acknowledgement,
    AcknowledgementAudience,
    AcknowledgementRequest,
    ChangeAssessment,
    RuleFollow,
)
from registry.audit.services import record
from registry.auth.models import Department, User
from registry.db import db, today
from registry.errors import UserFacingError
from registry.notifications.links import path_for
from registry.notifications.locale import speaking_to
from registry.notifications.services import notify
from registry.rules.models import Rule, RuleVersion

ROLES = ("reader", "editor", "approver", "admin")


class AcknowledgementError(UserFacingError):
    """A request about acknowledgements that is refused, with the reason."""


def previous_approved(version: RuleVersion) -> RuleVersion | None:
    """Return the approved version this one amends (the latest approved with a lower number)."""
    earlier = [v for v in version.rule.versions if v.is_approved and v.number < version.number]
    return max(earlier, key=lambda v: v.number, default=None)


def assessment_of(version: RuleVersion) -> ChangeAssessment | None:
    return db.session.get(ChangeAssessment, version.id)


def request_for(version: RuleVersion) -> AcknowledgementRequest | None:
    return db.session.scalar(select(AcknowledgementRequest).where(AcknowledgementRequest.version_id == version.id))


def current_request(rule: Rule) -> AcknowledgementRequest | None:
    """Return the rule's latest request (of its newest version that has one): the one people answer now."""
    return db.session.scalar(
        select(AcknowledgementRequest).join(RuleVersion, AcknowledgementRequest.version_id == RuleVersion.id)
        .where(AcknowledgementRequest.rule_id == rule.id).order_by(RuleVersion.number.desc()).limit(1))


def may_ask_again(version: RuleVersion) -> bool:
    """An amendment is asked again unless the approver said the change is not substantive."""
    if previous_approved(version) is None:
        return True
    assessment = assessment_of(version)
    return assessment is None or assessment.is_substantive


def audience_of(request: AcknowledgementRequest) -> list[User]:
    """Return the active people who must read the request: all staff, or its departments' and roles' people."""
    statement = select(User).where(User.is_active_account.is_(True)).order_by(User.name, User.id)
    people = list(db.session.scalars(statement))
    if request.is_everyone:
        return people
    departments, roles = request.department_ids, request.roles
    return [u for u in people if u.department_id in departments or u.role in roles]


def is_in_audience(user, request: AcknowledgementRequest) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return request.is_everyone or user.department_id in request.department_ids or user.role in request.roles


def has_acknowledged(user, request: AcknowledgementRequest) -> bool:
    return any(a.user_id == user.id for a in request.acknowledgements)


def request_acknowledgement(actor, version: RuleVersion, *, department_ids: list[int], roles: list[str],
                            everyone: bool, due_on: date) -> AcknowledgementRequest:
    """Ask people to read an approved version; a second call for the same version changes who and by when."""
    rule = version.rule
    if not version.is_approved:
        raise AcknowledgementError(_("Only an approved version can be given to staff to read."))
    if rule.repealed_on is not None:
        raise AcknowledgementError(_("A repealed rule is not given to staff to read."))
    if not may_ask_again(version):
        raise AcknowledgementError(_("The approver marked this change as not substantive: "
                                     "staff are not asked to read it again."))
    departments = [db.session.get(Department, i) for i in dict.fromkeys(department_ids)]
    if any(d is None for d in departments):
        raise AcknowledgementError(_("One of the departments chosen does not exist."))
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise AcknowledgementError(_("Unknown role: %(role)s.", role=unknown[0]))
    if not (everyone or departments or roles):
        raise AcknowledgementError(_("Choose who must read it: all staff, departments or roles."))
    if due_on < today():
        raise AcknowledgementError(_("The date to confirm by cannot lie in the past."))
    request = request_for(version)
    action = "acknowledgement.change" if request else "acknowledgement.request"
    if request is None:
        request = AcknowledgementRequest(rule=rule, version=version, previous_version=previous_approved(version),
                                         requested_by_id=getattr(actor, "id", None), due_on=due_on)
        db.session.add(request)
    request.is_everyone, request.due_on = bool(everyone), due_on
    request.audience = ([AcknowledgementAudience(department_id=d.id) for d in departments]
                        + [AcknowledgementAudience(role=r) for r in dict.fromkeys(roles)])
    db.session.flush()
    record(actor, action, request, f"v{version.number} by {due_on.isoformat()}", rule_id=rule.id,
           after={"everyone": request.is_everyone, "departments": sorted(d.code for d in departments),
                  "roles": sorted(set(roles)), "due_on": due_on.isoformat()})
    return request


def acknowledge(user, request: AcknowledgementRequest) -> Acknowledgement:
    """Record that `user` read the request's text; confirming twice keeps the first confirmation."""
    if not is_in_audience(user, request):
        raise AcknowledgementError(_("You are not among the people asked to read this rule."))
    if request.rule.repealed_on is not None:
        raise AcknowledgementError(_("This rule is repealed: there is nothing left to confirm."))
    existing = next((a for a in request.acknowledgements if a.user_id == user.id), None)
    if existing is not None:
        return existing
    row = Acknowledgement(request=request, user_id=user.id)
    db.session.add(row)
    db.session.flush()
    record(user, "acknowledgement.confirm", request, f"v{request.version.number}", rule_id=request.rule_id)
    return row


def default_due_on() -> date:
    return today() + timedelta(days=current_app.config["ACKNOWLEDGE_WITHIN_DAYS"])


def on_version_approved(actor, version: RuleVersion, substantive: bool | None = None, **_extra) -> None:
    """Keep the approver's assessment; ask again (same people) when an amendment is substantive.

    A first text is not given to anyone by itself: its owner chooses who must read it (the rule page asks).
    """
    rule = version.rule
    previous = previous_approved(version)
    if previous is not None and substantive is not None:
        db.session.add(ChangeAssessment(version_id=version.id, is_substantive=bool(substantive),
                                        assessed_by_id=getattr(actor, "id", None)))
        db.session.flush()
    earlier = current_request(rule) if previous is not None else None
    if earlier is not None and substantive:
        request_acknowledgement(actor, version, department_ids=sorted(earlier.department_ids),
                                roles=sorted(earlier.roles), everyone=earlier.is_everyone, due_on=default_due_on())
    tell_followers(actor, rule, "follow.version", lambda: (
        _("New version of %(title)s", title=rule.title),
        _("Version %(n)s is approved, in force from %(d)s.", n=version.number, d=version.effective_on.isoformat())))


def on_rule_repealed(actor, rule: Rule, **_extra) -> None:
    tell_followers(actor, rule, "follow.repealed", lambda: (
        _("%(title)s is repealed", title=rule.title),
        _("Repealed from %(d)s: %(reason)s", d=rule.repealed_on.isoformat(), reason=rule.repeal_reason)))


def on_change_proposed(actor, proposal, **_extra) -> None:
    rule = proposal.rule
    tell_followers(actor, rule, "follow.proposal", lambda: (
        _("A change to %(title)s is proposed", title=rule.title), proposal.rationale[:500]),
        path_for("proposals.show", proposal_id=proposal.id))


def followers_of(rule: Rule) -> list[User]:
    return list(db.session.scalars(select(User).join(RuleFollow, RuleFollow.user_id == User.id)
                                   .where(RuleFollow.rule_id == rule.id).order_by(User.id)))


def tell_followers(actor, rule: Rule, kind: str, describe, url: str | None = None) -> int:
    """Notify every active follower (not the one who acted) in their own language; return how many."""
    told = 0
    for person in followers_of(rule):
        if not person.is_active or person.id == getattr(actor, "id", None):
            continue
        with speaking_to(person):
            subject, body = describe()
            notify(person, kind, subject, body, url or path_for("rules.rule_page", code=rule.code), rule)
        told += 1
    return told


def is_following(user, rule: Rule) -> bool:
    return getattr(user, "is_authenticated", False) and db.session.get(RuleFollow, (user.id, rule.id)) is not None


def follow(user, rule: Rule) -> None:
    """Start following a rule (following twice is following once)."""
    if not is_following(user, rule):
        db.session.add(RuleFollow(user_id=user.id, rule_id=rule.id))
        db.session.flush()
        record(user, "rule.follow", rule, rule.code, rule_id=rule.id)


def unfollow(user, rule: Rule) -> None:
    """Stop following a rule."""
    if is_following(user, rule):
        db.session.execute(delete(RuleFollow).where(RuleFollow.user_id == user.id, RuleFollow.rule_id == rule.id))
        record(user, "rule.unfollow", rule, rule.code, rule_id=rule.id)
