"""Write audit entries; every service that changes state calls record()."""

from __future__ import annotations

from registry.audit.models import AuditEntry
from registry.db import db


def record(
    actor,
    action: str,
    obj,
    summary: str = "",
    *,
    rule_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append an audit entry for `action` on `obj` by `actor` (None for the system)."""
    db.session.flush()  # the object needs its id before it can be named
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        rule_id=rule_id,
        summary=summary,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
