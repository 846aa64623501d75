"""Open and close revision tasks; reviews, campaigns and proposals all call these."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from registry.audit.services import record
from registry.db import db, utcnow
from registry.errors import UserFacingError
from registry.tasks.models import DONE, OPEN, RevisionTask


class TaskError(UserFacingError):
    """A refused change to a revision task."""


def open_revision_task(actor, rule, assignee, due_on: date, source: str, note: str = "") -> RevisionTask:
    """Ask `assignee` (default: the rule's owner) to revise `rule` by `due_on`."""
    task = RevisionTask(rule_id=rule.id, assignee_id=getattr(assignee or rule.owner, "id", None), due_on=due_on,
                        source=source, note=note.strip(), created_by_id=getattr(actor, "id", None))
    db.session.add(task)
    record(actor, "task.open", task, f"{rule.code} due {due_on.isoformat()}", rule_id=rule.id,
           after={"due_on": due_on.isoformat(), "source": source})
    return task


def complete_revision_task(actor, task: RevisionTask) -> RevisionTask:
    """Mark a task done (usually when the revised version is approved)."""
    if task.status != OPEN:
        raise TaskError(_("This task is already closed."))
    task.status, task.completed_at = DONE, utcnow()
    record(actor, "task.done", task, "", rule_id=task.rule_id, before={"status": OPEN}, after={"status": DONE})
    return task
