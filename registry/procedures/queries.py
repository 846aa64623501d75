"""Reads of the procedure for pages: one run's state, what waits for a user, the board of runs in progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.db import db
from registry.kept import kept
from registry.labels import named
from registry.procedures import services
from registry.procedures.clocks import due_on, running_runs
from registry.procedures.consultation import article_labels, ledger, tally
from registry.procedures.models import (
    CONSULTATION,
    COUNTERSIGN,
    Procedure,
    ProcedureKind,
    ProcedureRun,
    StageAction,
)
from registry.procedures.workdays import days_between


@dataclass
class RunView:
    """What the procedure page shows one user."""

    stages: list = field(default_factory=list)  # (stage, state: done/current/skipped/waiting, completion)
    may_act: bool = False
    may_start: bool = False
    may_countersign: bool = False
    may_comment: bool = False
    countersign: dict = field(default_factory=dict)
    ledger: list = field(default_factory=list)
    tally: dict = field(default_factory=dict)
    articles: list = field(default_factory=list)
    due_on: date | None = None
    days_in_stage: int = 0
    history: list = field(default_factory=list)


def run_view(user, rule, version, run: ProcedureRun | None, today: date) -> RunView:
    """Gather the stages with their state, the user's possible actions and the ledger."""
    view = RunView()
    procedure = run.procedure if run else services.procedure_for(rule)
    if run is None:
        view.may_start = procedure is not None and not version.is_approved and services.can_edit_rule(user, rule)
        view.stages = [(s, "waiting", None) for s in procedure.stages] if procedure else []
        return view
    for stage in procedure.stages:
        skipped = any(a.position == stage.position and a.action == "skip" for a in run.actions)
        state = ("skipped" if skipped else "done" if run.status == "done" or stage.position < run.position
                 else "current" if stage.position == run.position else "waiting")
        view.stages.append((stage, state, services.completion(run, stage.kind)))
    view.may_act = services.may_act(user, run)
    view.may_countersign = services.may_countersign(user, run)
    view.may_comment = services.consulted(user, run)
    view.countersign = services.countersign_state(run)
    view.ledger, view.tally, view.articles = ledger(run), tally(run), article_labels(run)
    view.due_on = due_on(run)
    view.days_in_stage = (today - run.stage_started_on).days
    view.history = list(run.actions)
    return view


def runs_of(versions) -> dict[int, ProcedureRun]:
    """Return {version id: run} for the versions that went through a procedure, with their actions."""
    ids = [v.id for v in versions]
    if not ids:
        return {}
    runs = db.session.scalars(select(ProcedureRun).where(ProcedureRun.version_id.in_(ids)).options(
        selectinload(ProcedureRun.actions).selectinload(StageAction.actor),
        selectinload(ProcedureRun.actions).selectinload(StageAction.department),
        selectinload(ProcedureRun.procedure)))
    return {run.version_id: run for run in runs}


def kind_choices() -> list[str]:
    """Return the kinds of rule that have a procedure (the rule form offers them)."""
    return list(db.session.scalars(select(ProcedureKind.kind).order_by(ProcedureKind.kind)))


def procedures() -> list[Procedure]:
    """Return the procedures an admin edits (not the frozen copies runs keep), with their stages and kinds."""
    return list(db.session.scalars(select(Procedure).where(Procedure.snapshot_of_id.is_(None)).options(
        selectinload(Procedure.stages), selectinload(Procedure.kinds)).order_by(Procedure.id)))


@dataclass
class Waiting:
    """One thing waiting for a user in a procedure."""

    run: ProcedureRun
    what: str  # act, countersign, dispose
    due_on: date | None


def waiting_for(user, today: date) -> list[Waiting]:
    """Return the runs waiting for `user`: stages to act at, countersignatures, comments to dispose of."""
    waiting, active = [], None
    for run in running_runs():
        stage = run.stage
        if stage.kind == COUNTERSIGN and services.may_countersign(user, run):
            done = services.countersign_state(run).get(user.department.code)
            if done is None:
                waiting.append(Waiting(run, "countersign", due_on(run)))
                continue
        if not services.may_act(user, run):
            continue
        if stage.kind == CONSULTATION and run.consultation_ends_on and today <= run.consultation_ends_on:
            if any(not c.disposition for c in run.comments):
                waiting.append(Waiting(run, "dispose", due_on(run)))
            continue
        active = services.active_people() if active is None else active
        if user.id in {u.id for u in services.actors(run, active)}:
            waiting.append(Waiting(run, "act", due_on(run)))
    return waiting


def steps_waiting(user, today: date) -> int:
    """Return how many steps wait for `user`, the layout's count on every page: kept a few seconds (registry/kept.py).

    Counting loads every running procedure, a tenth of a search page's time under load; the procedures'
    own pages always count afresh.
    """
    return kept("procedure_steps_waiting", (user.id, today), lambda: len(waiting_for(user, today)))


@dataclass
class BoardRow:
    run: ProcedureRun
    department: str
    days_in_stage: int
    working_days_in_stage: int
    due_on: date | None
    is_overdue: bool


def board(user, today: date, everyone: bool = False, keep=None) -> dict[str, list[BoardRow]]:
    """Return the procedures in progress that the user may see, per department (named in the viewer's language),
    with days in stage and the clock; `keep(rule)` narrows them (the reviews dashboard's filters)."""
    rows: dict[str, list[BoardRow]] = {}
    for run in running_runs():
        rule = run.version.rule
        if keep is not None and not keep(rule):
            continue
        if not everyone and not services.can_see_drafts(user, rule) and not services.consulted(user, run) \
                and not services.takes_part(user, run):
            continue
        due = due_on(run)
        name = named(rule.department)  # in the viewer's language
        rows.setdefault(name, []).append(BoardRow(run, name, (today - run.stage_started_on).days,
                                                  days_between(run.stage_started_on, today, True), due,
                                                  due is not None and due < today))
    return dict(sorted(rows.items()))
