"""Verbs of use: attach evidence to an article, flag an article, count a page view.

Services flush and never commit, except `count_view`, which runs after a page was served (see views.py).
"""

from __future__ import annotations

import mimetypes
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from registry.audit.services import record
from registry.db import db, today
from registry.errors import UserFacingError
from registry.io.uploads import safe_name
from registry.rules.articles import parse_body
from registry.rules.models import Rule
from registry.rules.status import version_in_force
from registry.usage.models import EVIDENCE_KINDS, FLAG_KINDS, ArticleEvidence, ArticleFlag, RuleViewDay


class UsageError(UserFacingError):
    """Evidence or a flag that is refused, with the reason."""


def articles_in_force(rule: Rule) -> list[tuple[str, str]]:
    """Return (anchor, label) of each article of the text in force, for the forms' choices."""
    version = version_in_force(rule, today())
    if version is None:
        return []
    return [(s.anchor, s.label) for s in parse_body(version.body).segments if s.kind == "article"]


def _article(rule: Rule, anchor: str) -> tuple[str, str]:
    if not anchor:
        return "", ""
    labels = dict(articles_in_force(rule))
    if anchor not in labels:
        raise UsageError(_("The text in force has no such article."))
    return anchor, labels[anchor]


def _in_force(rule: Rule) -> None:
    if version_in_force(rule, today()) is None:
        raise UsageError(_("Evidence and flags are kept for rules in force."))


def _checked_file(filename: str, content: bytes | None) -> tuple[str, str, bytes]:
    """Return (safe name, media type, bytes) of an evidence file, or refuse it: none, empty, too big, or of a type
    not allowed."""
    name = safe_name(filename, "")
    if not name or content is None:
        raise UsageError(_("Choose the file to attach."))
    allowed = current_app.config["EVIDENCE_FILE_TYPES"]
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in allowed:
        raise UsageError(_("Files of this type cannot be attached (%(name)s). Allowed: %(types)s.", name=name,
                           types=", ".join(allowed)))
    if not content:
        raise UsageError(_("The file %(name)s is empty.", name=name))
    limit = current_app.config["EVIDENCE_MAX_FILE_MB"]
    if len(content) > limit * 1024 * 1024:
        raise UsageError(_("The file %(name)s is too large: %(size).1f MB, at most %(limit)s MB.", name=name,
                           size=len(content) / 1024 / 1024, limit=limit))
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream", content


def add_evidence(actor, rule: Rule, *, kind: str, article_anchor: str = "", reference: str = "", url: str = "",
                 note: str = "", filename: str = "", content: bytes | None = None) -> ArticleEvidence:
    """Attach evidence that an article (or the rule) is carried out: a reference, a link, or a file."""
    _in_force(rule)
    if kind not in EVIDENCE_KINDS:
        raise UsageError(_("Unknown kind of evidence."))
    reference, url, note = reference.strip(), url.strip(), note.strip()
    if kind == "link" and not url.lower().startswith(("http://", "https://")):
        raise UsageError(_("A link must start with http:// or https://."))
    file = _checked_file(filename, content) if kind == "file" else None
    if file is not None:
        reference = reference or file[0]
    elif kind != "link" and not reference:
        raise UsageError(_("Give the number or name of the minute, form or inspection record."))
    if url and not url.lower().startswith(("http://", "https://")):
        raise UsageError(_("A link must start with http:// or https://."))
    anchor, label = _article(rule, article_anchor)
    evidence = ArticleEvidence(rule_id=rule.id, article_anchor=anchor, article_label=label, kind=kind,
                               reference=reference[:300], url=url[:1000], note=note,
                               created_by_id=getattr(actor, "id", None))
    if file is not None:
        evidence.filename, evidence.media_type, evidence.content = file
        evidence.size = len(file[2])
    db.session.add(evidence)
    db.session.flush()
    record(actor, "usage.evidence", evidence, f"{label or rule.code} {kind} {reference}", rule_id=rule.id)
    return evidence


def flag_article(actor, rule: Rule, *, kind: str, article_anchor: str = "", note: str = "",
                 conflicting_rule: Rule | None = None) -> ArticleFlag:
    """Flag an article as hard to follow, outdated, or in conflict with another rule (named)."""
    _in_force(rule)
    if kind not in FLAG_KINDS:
        raise UsageError(_("Unknown kind of flag."))
    note = note.strip()
    if not note:
        raise UsageError(_("Say what the problem is in a note."))
    if kind == "conflict":
        if conflicting_rule is None:
            raise UsageError(_("Name the rule this one conflicts with (its code)."))
        if conflicting_rule.id == rule.id:
            raise UsageError(_("A rule cannot conflict with itself; name another rule."))
    else:
        conflicting_rule = None
    anchor, label = _article(rule, article_anchor)
    flag = ArticleFlag(rule_id=rule.id, article_anchor=anchor, article_label=label, kind=kind, note=note,
                       conflicting_rule=conflicting_rule, created_by_id=getattr(actor, "id", None))
    db.session.add(flag)
    db.session.flush()
    record(actor, "usage.flag", flag, f"{label or rule.code} {kind}", rule_id=rule.id)
    return flag


def count_view(rule_id: int, day: date) -> None:
    """Add one to the rule's views of `day` (one UPDATE; an INSERT the first time that day)."""
    table = RuleViewDay.__table__
    done = db.session.execute(update(table).where(table.c.rule_id == rule_id, table.c.day == day)
                              .values(views=table.c.views + 1)).rowcount
    if not done:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(table).values(rule_id=rule_id, day=day, views=1))
        except IntegrityError:  # another request inserted the day's row first
            db.session.execute(update(table).where(table.c.rule_id == rule_id, table.c.day == day)
                               .values(views=table.c.views + 1))


def evidence_file(rule: Rule, evidence_id: int) -> ArticleEvidence | None:
    """Return the rule's evidence `evidence_id` if it is a file (its bytes loaded), else None."""
    evidence = db.session.get(ArticleEvidence, evidence_id)
    if evidence is None or evidence.rule_id != rule.id or evidence.content is None:
        return None
    return evidence
