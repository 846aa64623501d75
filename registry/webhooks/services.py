"""Register webhooks, find the periodic events, and deliver the outbox with retries and back-off."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from registry.audit.services import record
from registry.db import db, utcnow
from registry.errors import UserFacingError
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.webhooks import outbox, sending
from registry.webhooks.models import (
    DELIVERED,
    EVENTS,
    FAILED,
    FORMATS,
    PENDING,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)

BACKOFF = (60, 300, 1800, 7200, 43200)  # seconds before the 2nd, 3rd … attempt; the last repeats
IN_FORCE_LOOKBACK = timedelta(days=7)  # versions that came into force this recently are told once
LOG_KEEP = 20  # attempts kept in a delivery's log


class WebhookError(UserFacingError):
    """A webhook that cannot be saved, with the reason."""


def save_webhook(actor, hook: Webhook | None, *, name: str, url: str, secret: str, events: list[str],
                 hook_format: str, is_active: bool = True) -> Webhook:
    """Create or change a webhook; the secret is kept when left empty on a change."""
    name, url = (name or "").strip(), (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(_("Enter an address starting with http:// or https://."))
    if not name:
        raise WebhookError(_("Give the webhook a name."))
    unknown = sorted(set(events) - set(EVENTS))
    if not events or unknown:
        raise WebhookError(_("Choose at least one event."))
    if hook_format not in FORMATS:
        raise WebhookError(_("Unknown message format."))
    if hook is None:
        if len(secret or "") < 16 and hook_format == "json":
            raise WebhookError(_("The secret must have at least 16 characters: "
                                 "the receiver checks signatures with it."))
        hook = Webhook(created_by_id=actor.id if actor else None)
        db.session.add(hook)
    if secret:
        hook.secret = secret
    elif hook.secret is None:
        hook.secret = ""
    hook.name, hook.url, hook.events, hook.format, hook.is_active = name[:100], url[:1000], list(events), \
        hook_format, is_active
    record(actor, "webhook.save", hook, f"{hook.name} {hook.url}")
    return hook


def delete_webhook(actor, hook: Webhook | None) -> None:
    if hook is None:
        raise WebhookError(_("There is no such webhook."))
    record(actor, "webhook.delete", hook, f"{hook.name} {hook.url}")
    db.session.delete(hook)


def redeliver(actor, delivery: WebhookDelivery | None) -> WebhookDelivery:
    """Send a delivery again at the next run, with a fresh count of attempts."""
    if delivery is None:
        raise WebhookError(_("There is no such delivery."))
    delivery.status, delivery.attempts, delivery.next_attempt_at = PENDING, 0, utcnow()
    record(actor, "webhook.redeliver", delivery.webhook, f"#{delivery.id} {delivery.event.event}")
    return delivery


def enqueue_scheduled(today: date) -> int:
    """Write the events nothing else announces: versions coming into force today, reviews overdue."""
    from registry.reviews.queries import review_statuses

    written = 0
    connection = db.session.connection()
    known = set(db.session.scalars(select(WebhookEvent.dedupe_key).where(WebhookEvent.dedupe_key.is_not(None))))
    versions = db.session.scalars(select(RuleVersion).join(Rule).options(joinedload(RuleVersion.rule)).where(
        RuleVersion.status == APPROVED, RuleVersion.effective_on <= today,
        RuleVersion.effective_on > today - IN_FORCE_LOOKBACK))
    for version in versions:
        key = f"version.in_force:{version.id}"
        if key not in known:
            rule = {"code": version.rule.code, "title": version.rule.title, "url": outbox.rule_url(version.rule.code)}
            data = {"version": version.number, "effective_on": version.effective_on.isoformat(),
                    "summary": version.change_summary}
            written += outbox.write_event(connection, "version.in_force",
                                          outbox.make_payload("version.in_force", rule, data), key) is not None
    for status in review_statuses(today):
        key = f"review.overdue:{status.rule.id}:{status.due_on.isoformat()}"
        if status.is_overdue and key not in known:
            rule = {"code": status.rule.code, "title": status.rule.title, "url": outbox.rule_url(status.rule.code)}
            data = {"due_on": status.due_on.isoformat(), "days_overdue": status.days_overdue, "reason": status.reason,
                    "summary": _("Review due on %(day)s", day=status.due_on.isoformat())}
            written += outbox.write_event(connection, "review.overdue",
                                          outbox.make_payload("review.overdue", rule, data), key) is not None
    return written


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def due_deliveries(now: datetime, limit: int) -> list[WebhookDelivery]:
    return list(db.session.scalars(
        select(WebhookDelivery).options(joinedload(WebhookDelivery.webhook), joinedload(WebhookDelivery.event))
        .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)))


def attempt(delivery: WebhookDelivery) -> sending.Outcome:
    """POST one delivery and record the outcome: delivered, retried later, or failed for good."""
    config = current_app.config
    hook = delivery.webhook
    url, body = sending.message(hook.format, delivery.event.payload, hook.secret, hook.url)
    outcome = sending.post(url, body, secret=hook.secret, event=delivery.event.event, delivery_id=delivery.id,
                           timeout=config["WEBHOOK_TIMEOUT_SECONDS"])
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_status, delivery.last_error = now, outcome.status, outcome.error
    delivery.log = ([{"at": now.isoformat(), "status": outcome.status, "error": outcome.error[:300],
                      "ms": outcome.ms}] + list(delivery.log or []))[:LOG_KEEP]
    if outcome.ok:
        delivery.status, delivery.delivered_at = DELIVERED, now
    elif delivery.attempts >= config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status = FAILED
    else:
        delivery.next_attempt_at = now + _backoff(delivery.attempts)
    return outcome


def deliver_due(limit: int = 100) -> dict[str, int]:
    """Send what is due, committing after each one (so a crash loses at most one attempt's record)."""
    counts = {DELIVERED: 0, PENDING: 0, FAILED: 0}
    for delivery in due_deliveries(utcnow(), limit):
        if not delivery.webhook.is_active:
            continue
        attempt(delivery)
        counts[delivery.status] += 1
        db.session.commit()
    return counts


def webhooks() -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).order_by(Webhook.name, Webhook.id)))


def deliveries_of(hook: Webhook, limit: int = 100) -> list[WebhookDelivery]:
    return list(db.session.scalars(
        select(WebhookDelivery).options(joinedload(WebhookDelivery.event))
        .where(WebhookDelivery.webhook_id == hook.id).order_by(WebhookDelivery.id.desc()).limit(limit)))
