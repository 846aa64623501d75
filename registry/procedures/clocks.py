"""The procedure's clocks: when the current stage is due, and the reminder provider that watches them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.db import db
from registry.labels import stage_named
from registry.notifications.links import path_for
from registry.procedures.models import CONSULTATION, FILING, RUNNING, Procedure, ProcedureRun, StageAction
from registry.procedures.services import active_people, actors
from registry.procedures.workdays import add_days
from registry.reviews.providers import People, when
from registry.reviews.reminders import ReminderItem, ReminderProvider
from registry.rules.models import Rule, RuleVersion


def due_on(run: ProcedureRun) -> date | None:
    """Return when the current stage is due: the consultation's end, the filing deadline, or its clock."""
    stage = run.stage
    if stage is None:
        return None
    if stage.kind == CONSULTATION:
        return run.consultation_ends_on
    if stage.kind == FILING:
        return run.filing_due_on
    if stage.clock_days:
        return add_days(run.stage_started_on, stage.clock_days, stage.clock_working_days)
    return None


def running_runs() -> list[ProcedureRun]:
    """Return the runs in progress with what their stage, clock and actors are read from, in a fixed number of
    statements and without the drafts' text (pages showing them, such as the dashboard, stay cheap)."""
    return list(db.session.scalars(
        select(ProcedureRun).where(ProcedureRun.status == RUNNING)
        .options(selectinload(ProcedureRun.version).defer(RuleVersion.body)
                 .selectinload(RuleVersion.rule).selectinload(Rule.department),
                 selectinload(ProcedureRun.actions).selectinload(StageAction.department),
                 selectinload(ProcedureRun.procedure).selectinload(Procedure.stages))
        .order_by(ProcedureRun.id)))


class ProcedureClocks(ReminderProvider):
    """Stages with a running clock: remind who acts, and tell the department's approver when long overdue."""

    name = "procedures"

    def items(self, today: date) -> Iterable[ReminderItem]:
        people, active = People(), active_people()
        for run in running_runs():
            due = due_on(run)
            if due is None:
                continue
            rule = run.version.rule
            yield ReminderItem(key=f"procedure:{run.id}:{run.position}:{due.isoformat()}", kind="procedure.due",
                               title=f"{rule.code} {rule.title}", due_on=due, about=run.stage,
                               path=path_for("procedures.run_page", code=rule.code, number=run.version.number),
                               recipients=actors(run, active), escalate_to=people.approvers_of(rule), rule=rule)

    def describe(self, item, stage, today, escalation):
        title = f"{item.title} · {stage_named(item.about)}"  # the stage in the recipient's language
        if escalation:
            return (_("Overdue procedure stage in your department: %(title)s", title=title),
                    _("The stage of %(title)s is %(when)s.", title=title, when=when(item.due_on, today)))
        return (_("Procedure stage %(when)s: %(title)s", when=when(item.due_on, today), title=title),
                _("Please act at the stage %(title)s.", title=title))
