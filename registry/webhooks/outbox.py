"""Turn audit entries into webhook events in the same transaction (the outbox); nothing is sent here.

Every service that changes state writes an audit entry; a session listener watches the new entries
whose action a webhook can hear of and writes the event, and one pending delivery per active webhook
that wants it, in the same flush. A rolled-back change leaves no event; sending happens later, in
`flask webhooks deliver` (never inside a request).
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from flask import current_app, has_app_context
from sqlalchemy import event, insert, select

from registry.audit.models import AuditEntry
from registry.auth.models import User
from registry.db import utcnow
from registry.rules.models import Rule, RuleVersion
from registry.webhooks.models import Webhook, WebhookDelivery, WebhookEvent

ACTIONS = {"version.approve": "version.approved", "rule.repeal": "rule.repealed",
           "proposal.submit": "proposal.submitted", "proposal.accept": "proposal.decided",
           "proposal.reject": "proposal.decided"}


def install(sessionmaker) -> None:
    """Attach the listener to the application's sessions."""
    event.listen(sessionmaker, "after_flush", _after_flush)


def rule_url(code: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/rules/{quote(code, safe='')}"


def make_payload(name: str, rule: dict | None, data: dict, actor: str | None = None) -> dict:
    """The JSON every webhook of the plain format receives: what, when, by whom, which rule, details."""
    return {"id": uuid.uuid4().hex, "event": name, "occurred_at": utcnow().isoformat(), "actor": actor,
            "rule": rule, "data": data}


def _rule(connection, rule_id: int | None) -> dict | None:
    if rule_id is None:
        return None
    row = connection.execute(select(Rule.code, Rule.title).where(Rule.id == rule_id)).first()
    return {"code": row.code, "title": row.title, "url": rule_url(row.code)} if row else None


def _data(connection, entry: AuditEntry) -> dict:
    data = {"summary": entry.summary, **(entry.after or {})}
    if entry.object_type == "RuleVersion" and entry.object_id:
        data["version"] = connection.scalar(select(RuleVersion.number).where(RuleVersion.id == entry.object_id))
    elif entry.object_type == "Proposal":
        data["proposal_id"] = entry.object_id
        data["url"] = f"{current_app.config['BASE_URL'].rstrip('/')}/proposals/{entry.object_id}"
    return data


def write_event(connection, name: str, payload: dict, dedupe_key: str | None = None) -> int | None:
    """Write one event and a pending delivery for each active webhook that wants it; return the event id."""
    wanted = [hook_id for hook_id, events in connection.execute(
        select(Webhook.id, Webhook.events).where(Webhook.is_active.is_(True))) if name in (events or [])]
    if not wanted:
        return None  # nobody listens: nothing to keep
    now = utcnow()
    event_id = connection.execute(insert(WebhookEvent).values(
        event=name, payload=payload, dedupe_key=dedupe_key, created_at=now)).inserted_primary_key[0]
    connection.execute(insert(WebhookDelivery), [
        {"webhook_id": hook_id, "event_id": event_id, "status": "pending", "attempts": 0, "next_attempt_at": now,
         "last_error": "", "log": [], "created_at": now} for hook_id in wanted])
    return event_id


def _after_flush(session, _context) -> None:
    entries = [obj for obj in session.new if isinstance(obj, AuditEntry) and obj.action in ACTIONS]
    if not entries or not has_app_context():
        return
    connection = session.connection()
    for entry in entries:
        actor = connection.scalar(select(User.name).where(User.id == entry.actor_id)) if entry.actor_id else None
        name = ACTIONS[entry.action]
        write_event(connection, name, make_payload(name, _rule(connection, entry.rule_id), _data(connection, entry),
                                                   actor))
