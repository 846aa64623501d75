"""Search the audit trail: by actor, action, rule code and date range, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from registry.audit.models import AuditEntry
from registry.auth.models import User
from registry.db import db
from registry.queryargs import clamp_page
from registry.rules.models import Rule
from registry.rules.queries import Page


@dataclass
class AuditFilters:
    actor: str = ""  # part of a name or e-mail address
    action: str = ""  # a prefix: "proposal." or "version.approve"
    rule_code: str = ""
    since: date | None = None
    until: date | None = None  # inclusive
    page: int = 1
    per_page: int = 50


def search_audit(filters: AuditFilters) -> Page:
    """Return one page of audit entries matching the filters, newest first."""
    query = select(AuditEntry)
    if filters.actor.strip():
        like = f"%{filters.actor.strip()}%"
        query = query.where(AuditEntry.actor_id.in_(
            select(User.id).where(or_(User.name.ilike(like), User.email.ilike(like)))))
    if filters.action.strip():
        query = query.where(AuditEntry.action.startswith(filters.action.strip(), autoescape=True))
    if filters.rule_code.strip():
        query = query.where(AuditEntry.rule_id.in_(select(Rule.id).where(Rule.code == filters.rule_code.strip())))
    if filters.since:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until:
        query = query.where(AuditEntry.at < datetime.combine(filters.until + timedelta(days=1), time.min, UTC))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = clamp_page(filters.page, total, filters.per_page)
    items = db.session.scalars(query.options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
                               .limit(filters.per_page).offset((page - 1) * filters.per_page)).all()
    return Page(list(items), total, page, filters.per_page)
