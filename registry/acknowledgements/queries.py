"""Reads of read-and-acknowledge for pages, exports and reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from registry.acknowledgements.models import AcknowledgementRequest
from registry.acknowledgements.services import (
    audience_of,
    current_request,
    has_acknowledged,
    is_following,
    is_in_audience,
)
from registry.auth.permissions import can_dispose_rule
from registry.db import db
from registry.proposals.compare import Row
from registry.proposals.compare_cache import compared
from registry.rules.models import Rule, RuleVersion
from registry.rules.status import version_in_force


def open_requests() -> list[AcknowledgementRequest]:
    """Return each rule's current request (its newest version's), for rules not repealed."""
    rows = db.session.scalars(
        select(AcknowledgementRequest).join(Rule, AcknowledgementRequest.rule_id == Rule.id)
        .join(RuleVersion, AcknowledgementRequest.version_id == RuleVersion.id)
        .where(Rule.repealed_on.is_(None))
        .options(joinedload(AcknowledgementRequest.rule), joinedload(AcknowledgementRequest.version),
                 selectinload(AcknowledgementRequest.audience), selectinload(AcknowledgementRequest.acknowledgements))
        .order_by(AcknowledgementRequest.rule_id, RuleVersion.number.desc()))
    latest: dict[int, AcknowledgementRequest] = {}
    for request in rows:
        latest.setdefault(request.rule_id, request)
    return sorted(latest.values(), key=lambda r: (r.due_on, r.id))


def pending_for(user) -> list[AcknowledgementRequest]:
    """Return the requests `user` must still confirm, earliest due first."""
    return [r for r in open_requests() if is_in_audience(user, r) and not has_acknowledged(user, r)]


def changed_rows(request: AcknowledgementRequest) -> list[Row]:
    """Return the 新旧对照 rows that changed, for an amendment; nothing for a first text (read it whole)."""
    if request.previous_version is None:
        return []
    return compared(request.previous_version.body, request.version.body).changes


@dataclass
class Person:
    name: str
    email: str
    department: str
    acknowledged_at: datetime | None


@dataclass
class DepartmentProgress:
    name: str
    total: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Progress:
    request: AcknowledgementRequest
    people: list[Person]
    departments: list[DepartmentProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.people)

    @property
    def done(self) -> int:
        return sum(1 for p in self.people if p.acknowledged_at)

    @property
    def missing(self) -> list[Person]:
        return [p for p in self.people if not p.acknowledged_at]


def progress(request: AcknowledgementRequest, no_department: str) -> Progress:
    """Return who must read the request, who has, and the counts per department."""
    when = {a.user_id: a.acknowledged_at for a in request.acknowledgements}
    people, by_department = [], {}
    for user in audience_of(request):
        department = user.department.name if user.department else no_department
        people.append(Person(user.name, user.email, department, when.get(user.id)))
        row = by_department.setdefault(department, DepartmentProgress(department))
        row.total += 1
        row.done += user.id in when
    return Progress(request, people, sorted(by_department.values(), key=lambda d: (d.percent, d.name)))


def stragglers(request: AcknowledgementRequest) -> list:
    """Return the active people of the audience who have not confirmed."""
    done = {a.user_id for a in request.acknowledgements}
    return [u for u in audience_of(request) if u.id not in done]


def rule_page_panel(rule: Rule, user, on: date) -> dict:
    """What the rule page shows of read-and-acknowledge and following, for `user`."""
    request = current_request(rule)
    asked = request is not None and is_in_audience(user, request)
    mine = next((a for a in request.acknowledgements if a.user_id == user.id), None) if asked else None
    manage = can_dispose_rule(user, rule)
    return {"request": request, "asked": asked and not rule.repealed_on, "mine": mine,
            "changes": changed_rows(request) if asked and not mine else [],
            "can_manage": manage and version_in_force(rule, on) is not None and not rule.repealed_on,
            "summary": progress(request, _("No department")) if manage and request else None,
            "signed_in": user.is_authenticated,
            "following": is_following(user, rule)}
