"""The consultation ledger: comments on an article (第X条) or the whole text, and their dispositions."""

from __future__ import annotations

from flask_babel import gettext as _

from registry.audit.services import record
from registry.db import db, utcnow
from registry.procedures.models import DISPOSITIONS, ConsultationComment, ProcedureRun
from registry.procedures.services import ProcedureError, consultation_open, consulted, may_act
from registry.rules.articles import parse_body


def article_labels(run: ProcedureRun) -> list[str]:
    """Return the labels of the draft's articles (第一条 …), in order, for the comment form."""
    return [s.label for s in parse_body(run.version.body).articles]


def add_comment(actor, run: ProcedureRun, article: str, text: str) -> ConsultationComment:
    """Take a comment while the consultation is open; `article` "" means the whole text."""
    if not consultation_open(run):
        raise ProcedureError(_("Comments are taken only while the consultation is open."))
    if not consulted(actor, run):
        raise ProcedureError(_("This consultation asks only the departments %(codes)s.",
                               codes=", ".join(run.consulted)))
    text, article = (text or "").strip(), (article or "").strip()
    if not text:
        raise ProcedureError(_("Write your comment."))
    if article and article not in article_labels(run):
        raise ProcedureError(_("The draft has no article %(label)s.", label=article))
    comment = ConsultationComment(run=run, article=article, author_id=getattr(actor, "id", None), text=text)
    db.session.add(comment)
    record(actor, "procedure.comment", comment, article or "whole", rule_id=run.version.rule_id)
    return comment


def dispose(actor, run: ProcedureRun, comment_id: int | None, disposition: str, reason: str) -> ConsultationComment:
    """Record the drafter's answer to a comment: adopted, partly adopted (with a reason) or rejected (with one)."""
    comment = next((c for c in run.comments if c.id == comment_id), None) if run is not None else None
    if comment is None:
        raise ProcedureError(_("No such comment on this draft."))
    stage = run.stage
    if stage is None or stage.kind != "consultation" or not may_act(actor, run, stage):
        raise ProcedureError(_("Only the drafter disposes of comments, during the consultation stage."))
    if disposition not in DISPOSITIONS:
        raise ProcedureError(_("Choose adopted, partly adopted or not adopted."))
    reason = (reason or "").strip()
    if disposition != "adopted" and not reason:
        raise ProcedureError(_("Give the reason for not adopting the comment in full."))
    comment.disposition, comment.reason = disposition, reason
    comment.disposed_by_id, comment.disposed_at = getattr(actor, "id", None), utcnow()
    record(actor, "procedure.dispose", comment, f"{disposition} {reason}", rule_id=run.version.rule_id)
    return comment


def ledger(run: ProcedureRun) -> list[tuple[str, list[ConsultationComment]]]:
    """Return the comments grouped by article in the text's order, the whole-text ones first."""
    order = {label: n for n, label in enumerate(article_labels(run), start=1)}
    groups: dict[str, list[ConsultationComment]] = {}
    for comment in sorted(run.comments, key=lambda c: (order.get(c.article, 0), c.id)):
        groups.setdefault(comment.article, []).append(comment)
    return list(groups.items())


def tally(run: ProcedureRun) -> dict[str, int]:
    """Count the comments per disposition ("" = not yet disposed)."""
    counts = dict.fromkeys(("", *DISPOSITIONS), 0)
    for comment in run.comments:
        counts[comment.disposition] += 1
    return counts



