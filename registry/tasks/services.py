"""Open revision tasks; reviews, campaigns and proposals all call this."""

from __future__ import annotations

from datetime import date

from registry.audit.services import record
from registry.db import db
from registry.tasks.models import RevisionTask


def open_revision_task(actor, rule, assignee, due_on: date, source: str, note: str = "") -> RevisionTask:
    """Ask `assignee` (default: the rule's owner) to revise `rule` by `due_on`."""
    task = RevisionTask(rule_id=rule.id, assignee_id=getattr(assignee or rule.owner, "id", None), due_on=due_on,
                        source=source, note=note.strip(), created_by_id=getattr(actor, "id", None))
    db.session.add(task)
    record(actor, "task.open", task, f"{rule.code} due {due_on.isoformat()}", rule_id=rule.id,
           after={"due_on": due_on.isoformat(), "source": source})
    return task
