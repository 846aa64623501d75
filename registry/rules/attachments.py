"""Attachments of a rule's version: the annexes (附件) an import cut off the text, each with its own page."""

from __future__ import annotations

from registry.audit.services import record
from registry.db import db
from registry.rules.models import RuleAttachment, RuleVersion


def add_attachment(actor, version: RuleVersion, title: str, *, body: str = "", content: bytes | None = None,
                   filename: str = "", media_type: str = "text/plain") -> RuleAttachment:
    """Attach an annex (its text and/or original file) to a version, after the ones it already has."""
    position = max((a.position for a in version.attachments), default=0) + 1
    attachment = RuleAttachment(version=version, position=position, title=title[:300], body=body, content=content,
                                filename=(filename or f"{title[:80]}.txt")[:300], media_type=media_type)
    db.session.add(attachment)
    db.session.flush()
    record(actor, "attachment.create", version, f"#{position} {title[:80]}", rule_id=version.rule_id)
    return attachment


def attachment_of(version: RuleVersion, position: int) -> RuleAttachment | None:
    """Return the version's attachment at `position` (1, 2 …), or None."""
    return next((a for a in version.attachments if a.position == position), None)


def download_bytes(attachment: RuleAttachment) -> bytes:
    """Return the original file when one was kept, else the annex's text in UTF-8."""
    return attachment.content if attachment.content is not None else attachment.body.encode("utf-8")
