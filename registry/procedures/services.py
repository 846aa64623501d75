"""Verbs of the procedure: start a run, act at its stage (complete, return, countersign), and the gates.

Each refusal is a `ProcedureError` saying what is missing. Services flush; the caller commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from registry.audit.services import record
from registry.auth.models import Department, User
from registry.auth.permissions import can_edit_rule, can_see_drafts  # noqa: F401  (queries use them)
from registry.db import db, today, utcnow
from registry.errors import UserFacingError
from registry.labels import stage_named
from registry.procedures.models import (
    CONCLUSION,
    CONSULTATION,
    COUNTERSIGN,
    DECISION,
    DECISION_RECORD,
    DEPARTMENTS,
    DONE,
    DRAFTING,
    ENACT,
    FILE,
    FILING,
    LEGAL_REVIEW,
    OPINION,
    OWNER,
    PUBLICATION,
    REPEAL,
    RUNNING,
    SIGNING,
    DocumentNumber,
    Procedure,
    ProcedureKind,
    ProcedureRun,
    ProcedureStage,
    StageAction,
)
from registry.procedures.workdays import add_days
from registry.rules.models import APPROVED, DRAFT, Rule, RuleVersion
from registry.rules.status import IN_FORCE, rule_status


class ProcedureError(UserFacingError):
    """A step the procedure refuses, with what is missing."""


def procedure_for(rule: Rule) -> Procedure | None:
    """Return the procedure the rule's kind names, or None when its drafts are approved in one step."""
    if not rule.kind:
        return None
    link = db.session.get(ProcedureKind, rule.kind)
    if link is None or len(link.procedure.stages) <= 1:
        return None
    return link.procedure


def run_of(version: RuleVersion) -> ProcedureRun | None:
    return db.session.scalar(select(ProcedureRun).where(ProcedureRun.version_id == version.id))


def active_people() -> list[User]:
    """Return the active accounts with their departments, by id: whom `actors` chooses from."""
    return list(db.session.scalars(select(User).where(User.is_active_account.is_(True))
                                   .options(selectinload(User.department)).order_by(User.id)))


def members(codes: list[str], active: list[User]) -> list[User]:
    """Return the active editors (and above) of the departments with these codes."""
    return [u for u in active if u.department is not None and u.department.code in codes and u.role != "reader"]


def may_act(user, run: ProcedureRun, stage: ProcedureStage | None = None) -> bool:
    """Say whether `user` acts at the stage (by default the run's current one)."""
    stage = stage or run.stage
    if stage is None or user is None or not getattr(user, "is_authenticated", True):
        return False
    if stage.actor == OWNER:
        return can_edit_rule(user, run.version.rule)
    if stage.actor == DEPARTMENTS:
        return user.department is not None and user.department.code in stage.codes and user.has_role("editor")
    return user.has_role(stage.actor_role or "approver")


def may_countersign(user, run: ProcedureRun) -> bool:
    stage = run.stage
    return (stage is not None and stage.kind == COUNTERSIGN and user.department is not None
            and user.department.code in run.countersigners and user.has_role("editor"))


def takes_part(user, run: ProcedureRun | None) -> bool:
    """Say whether the user's department has a part in the run (a stage's named department, a countersigner)."""
    if run is None or getattr(user, "department", None) is None or not user.has_role("editor"):
        return False
    code = user.department.code
    return code in run.countersigners or any(code in s.codes for s in run.procedure.stages)


def actors(run: ProcedureRun, active: list[User] | None = None) -> list[User]:
    """Return who should act now: told when the draft arrives and reminded by the clock.

    `active` (from `active_people`) lets a caller going through many runs read the accounts once.
    """
    stage = run.stage
    if stage is None:
        return []
    active = active_people() if active is None else active
    if stage.kind == COUNTERSIGN:
        done = {a.department.code for a in current_actions(run, COUNTERSIGN) if a.action in ("sign", "object")}
        waiting = members([c for c in run.countersigners if c not in done], active)
        if waiting:
            return waiting
    rule = run.version.rule
    if stage.actor == DEPARTMENTS:
        return members(stage.codes, active)
    if stage.actor == OWNER:
        own = [u for u in active if can_edit_rule(u, rule) and u.department_id is not None
               and u.department_id == rule.department_id]
        return own or [u for u in active if u.role == "approver"]
    return [u for u in active if may_act(u, run, stage) and u.role != "admin"] or [
        u for u in active if may_act(u, run, stage)]


def current_actions(run: ProcedureRun, kind: str) -> list[StageAction]:
    """Return the actions of the stage of `kind` that still count (a return to before it voids them)."""
    stage = run.procedure.stage_of_kind(kind)
    if stage is None:
        return []
    counted: list[StageAction] = []
    for action in run.actions:
        if action.action == "return" and action.returned_to is not None and action.returned_to <= stage.position:
            counted = []
        elif action.position == stage.position:
            counted.append(action)
    return counted


def completion(run: ProcedureRun, kind: str) -> StageAction | None:
    return next((a for a in reversed(current_actions(run, kind)) if a.action == "complete"), None)


def start_run(actor, version: RuleVersion, *, touches_business: bool = False,
              countersign_codes: list[str] | None = None, purpose: str = ENACT,
              repeal_reason: str = "") -> ProcedureRun:
    """Put a draft on its rule's procedure, at the first stage (a repeal's carrier draft: see start_repeal)."""
    rule = version.rule
    procedure = procedure_for(rule)
    if procedure is None:
        raise ProcedureError(_("Drafts of this rule are approved in one step: its kind has no procedure."))
    if version.status != DRAFT:
        raise ProcedureError(_("Only a draft goes through the procedure."))
    if not can_edit_rule(actor, rule):
        raise ProcedureError(_("Only those who maintain the rule may start its procedure."))
    if run_of(version) is not None:
        raise ProcedureError(_("This draft is already in its procedure."))
    codes = known_codes(countersign_codes or [])
    run = ProcedureRun(version=version, procedure=procedure, position=procedure.stages[0].position,
                       stage_started_on=today(), started_by_id=getattr(actor, "id", None),
                       touches_business=touches_business, countersign_codes=",".join(codes),
                       purpose=purpose, repeal_reason=repeal_reason)
    db.session.add(run)
    db.session.flush()
    record(actor, "procedure.start", run, f"{rule.code} v{version.number} {procedure.name} {purpose}",
           rule_id=rule.id)
    _arrived(run)
    return run


def start_repeal(actor, rule: Rule, reason: str, *, touches_business: bool = False,
                 countersign_codes: list[str] | None = None, successor: Rule | None = None) -> ProcedureRun:
    """Start the repeal (废止) of a rule through its kind's procedure.

    The run is carried by a new draft version holding the text in force (frozen like any draft in the
    procedure), whose change summary names the repeal; its publication repeals the rule from the effective
    date and keeps that version as the record of the repeal decision. `successor`, a rule in force, is the rule
    replacing it: the repealed rule links to it once the repeal is published.
    """
    procedure = procedure_for(rule)
    if procedure is None:
        raise ProcedureError(_("This rule is repealed in one step: its kind has no procedure."))
    if not can_edit_rule(actor, rule):
        raise ProcedureError(_("Only those who maintain the rule may start its repeal."))
    if rule.repealed_on is not None:
        raise ProcedureError(_("This rule is already repealed (from %(d)s).", d=rule.repealed_on.isoformat()))
    reason = (reason or "").strip()
    if not reason:
        raise ProcedureError(_("Say why the rule is repealed."))
    approved = [v for v in rule.versions if v.status == APPROVED]
    if not approved:
        raise ProcedureError(_("A rule without an approved version has nothing to repeal: discard its draft."))
    if any(v.status == DRAFT for v in rule.versions):
        raise ProcedureError(_("Finish or discard the open draft before starting the repeal."))
    if successor is not None and (successor.id == rule.id or rule_status(successor, today()) != IN_FORCE):
        raise ProcedureError(_("A rule is replaced by another rule in force: %(code)s is not.", code=successor.code))
    current = approved[-1]
    carrier = RuleVersion(rule=rule, number=rule.versions[-1].number + 1, body=current.body,
                          content_hash=current.content_hash,
                          change_summary=_("Repeal (废止): %(reason)s", reason=reason)[:2000],
                          created_by_id=getattr(actor, "id", None))
    db.session.add(carrier)
    db.session.flush()
    record(actor, "version.create", carrier, f"v{carrier.number} repeal", rule_id=rule.id)
    run = start_run(actor, carrier, touches_business=touches_business, countersign_codes=countersign_codes,
                    purpose=REPEAL, repeal_reason=reason)
    if successor is not None:
        run.successor = successor
        db.session.flush()
        record(actor, "procedure.successor", run, f"{rule.code} → {successor.code}", rule_id=rule.id)
    return run


def discard_run(actor, version: RuleVersion) -> None:
    """Delete the run of a draft being discarded, with its records (the audit log keeps that it happened)."""
    run = run_of(version) if version.id else None
    if run is not None:
        record(actor, "procedure.discard", run, f"v{version.number} {run.stage.name if run.stage else ''}",
               rule_id=version.rule_id)
        db.session.delete(run)
        db.session.flush()


def known_codes(codes: list[str]) -> list[str]:
    codes = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    known = set(db.session.scalars(select(Department.code).where(Department.code.in_(codes))))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ProcedureError(_("No department has the code(s): %(codes)s", codes=", ".join(unknown)))
    return codes


def _require_actor(actor, run: ProcedureRun) -> ProcedureStage:
    if run.status != RUNNING:
        raise ProcedureError(_("This procedure is finished."))
    stage = run.stage
    if not may_act(actor, run, stage):
        raise ProcedureError(_("You do not act at the stage %(stage)s.", stage=stage_named(stage)))
    return stage


def _add_action(actor, run: ProcedureRun, action: str, **fields) -> StageAction:
    stage = run.stage
    entry = StageAction(run=run, position=stage.position, stage_kind=stage.kind, action=action,
                        actor_id=getattr(actor, "id", None), **fields)
    db.session.add(entry)
    return entry


def open_consultation(actor, run: ProcedureRun, ends_on: date | None,
                      department_codes: list[str] | None = None) -> ProcedureRun:
    """Open 征求意见 until `ends_on` (at least the procedure's minimum); the draft is frozen meanwhile.

    With `department_codes`, only those departments' staff (and whoever takes part) read and comment;
    without, all staff do.
    """
    stage = _require_actor(actor, run)
    if stage.kind != CONSULTATION:
        raise ProcedureError(_("The draft is not at the consultation stage."))
    if ends_on is None:
        raise ProcedureError(_("Give the consultation's end date."))
    procedure = run.procedure
    earliest = add_days(today(), procedure.consultation_min_days, procedure.consultation_working_days)
    if ends_on < earliest:
        unit = _("working days") if procedure.consultation_working_days else _("days")
        raise ProcedureError(_("The consultation must last at least %(n)s %(unit)s: end it on %(d)s or later.",
                               n=procedure.consultation_min_days, unit=unit, d=earliest.isoformat()))
    codes = known_codes(department_codes or [])
    run.consultation_ends_on, run.consultation_codes = ends_on, ",".join(codes)
    scope = ", ".join(codes) if codes else _("all staff")
    _add_action(actor, run, "open", opinion=f"{ends_on.isoformat()} · {scope}")
    record(actor, "procedure.consult", run, ends_on.isoformat(), rule_id=run.version.rule_id)
    return run


def consultation_open(run: ProcedureRun | None) -> bool:
    """Say whether comments are taken now: at the consultation stage, opened, not past its end date."""
    return (run is not None and run.stage is not None and run.stage.kind == CONSULTATION
            and run.consultation_ends_on is not None and today() <= run.consultation_ends_on)


def consulted(user, run: ProcedureRun | None) -> bool:
    """Say whether the user may read the draft and comment now: its consultation is open, and either all staff
    are consulted, or the user's department is, or the user takes part in the run or maintains the rule."""
    if not consultation_open(run) or user is None or not getattr(user, "is_authenticated", False):
        return False
    if not run.consulted:
        return True
    department = getattr(user, "department", None)
    return ((department is not None and department.code in run.consulted) or takes_part(user, run)
            or can_see_drafts(user, run.version.rule))


def frozen_reason(version: RuleVersion) -> str | None:
    """Say why a draft may not be edited now (its consultation is open), or None."""
    run = run_of(version) if version.id else None
    if run is not None and run.purpose == REPEAL:
        return _("This draft carries the repeal of the text in force: its text cannot be changed.")
    if run is not None and run.stage is not None and run.stage.kind == CONSULTATION and run.consultation_ends_on:
        return _("The draft is frozen while its consultation runs (until %(d)s).", d=run.consultation_ends_on)
    if run is not None and run.status == RUNNING and run.stage.kind in (SIGNING, PUBLICATION, FILING):
        return _("The draft was decided on: it can no longer be edited.")
    return None


def countersign(actor, run: ProcedureRun, *, agree: bool, reason: str = "") -> StageAction:
    """Sign (or object to) the draft for the actor's department, in parallel with the others."""
    if run.stage is None or run.stage.kind != COUNTERSIGN:
        raise ProcedureError(_("The draft is not at the countersigning stage."))
    if not may_countersign(actor, run):
        raise ProcedureError(_("Your department is not asked to countersign this draft."))
    reason = reason.strip()
    if not agree and not reason:
        raise ProcedureError(_("Say why your department objects."))
    action = _add_action(actor, run, "sign" if agree else "object", department_id=actor.department_id,
                         opinion=reason)
    record(actor, f"procedure.{action.action}", run, reason, rule_id=run.version.rule_id)
    db.session.flush()
    _arrived(run)
    return action


def countersign_state(run: ProcedureRun) -> dict[str, StageAction | None]:
    """Return, per department asked, its latest countersigning action (None while it has not acted)."""
    state: dict[str, StageAction | None] = dict.fromkeys(run.countersigners)
    for action in current_actions(run, COUNTERSIGN):
        if action.action in ("sign", "object") and action.department is not None:
            state[action.department.code] = action
    return state


def return_draft(actor, run: ProcedureRun, reason: str) -> ProcedureRun:
    """Send the draft back to the stage the template names; every record stays."""
    stage = _require_actor(actor, run)
    if stage.return_to is None:
        raise ProcedureError(_("The stage %(stage)s cannot send the draft back.", stage=stage_named(stage)))
    if not reason.strip():
        raise ProcedureError(_("Say why the draft is sent back."))
    _add_action(actor, run, "return", opinion=reason.strip(), returned_to=stage.return_to)
    target = run.procedure.stage_at(stage.return_to)
    if target.position <= (_position(run, CONSULTATION) or 0):
        run.consultation_ends_on = None
    _move(run, target.position)
    record(actor, "procedure.return", run, f"{stage.name} → {target.name}: {reason.strip()}",
           rule_id=run.version.rule_id)
    return run


def _position(run: ProcedureRun, kind: str) -> int | None:
    stage = run.procedure.stage_of_kind(kind)
    return stage.position if stage else None


def complete_stage(actor, run: ProcedureRun, **given) -> list[str]:
    """Complete the current stage with what it requires and move on; return warnings to show."""
    stage = _require_actor(actor, run)
    fields, warnings = _gate(actor, run, stage, given)
    _add_action(actor, run, "complete", **fields)
    record(actor, "procedure.complete", run, stage.name, rule_id=run.version.rule_id)
    if stage.kind == PUBLICATION:
        warnings += _publish(actor, run, given)
    if stage.kind == FILING:
        run.filed_on, run.filing_reference = given["filed_on"], _text(given, "filing_reference")
    following = [s for s in run.procedure.stages if s.position > stage.position]
    for nxt in following:
        if nxt.only_if_business and not run.touches_business:
            db.session.add(StageAction(run=run, position=nxt.position, stage_kind=nxt.kind, action="skip",
                                       opinion=_("Not required: the draft does not touch business activity.")))
            continue
        _enter_gate(run, nxt)
        _move(run, nxt.position)
        return warnings
    run.status, run.finished_at = DONE, utcnow()
    db.session.flush()
    return warnings


def _move(run: ProcedureRun, position: int) -> None:
    run.position, run.stage_started_on = position, today()
    db.session.flush()
    _arrived(run)


def _enter_gate(run: ProcedureRun, stage: ProcedureStage) -> None:
    """Refuse to enter a stage whose preconditions are missing (集体审议 needs the legal opinion)."""
    if stage.kind == DECISION and _position(run, LEGAL_REVIEW) and completion(run, LEGAL_REVIEW) is None:
        raise ProcedureError(_("The collective deliberation cannot start without the legal review opinion."))


def _text(given: dict, name: str) -> str:
    return (given.get(name) or "").strip()


def _gate(actor, run: ProcedureRun, stage: ProcedureStage, given: dict) -> tuple[dict, list[str]]:
    """Check that the stage has what it requires; return the fields of its record and any warnings."""
    required, fields, missing, warnings = stage.required, {}, [], []
    opinion = _text(given, "opinion")
    if stage.kind == DRAFTING:
        opinion = opinion or run.explanation.strip()
        if not opinion:
            missing.append(_("the drafting explanation (起草说明)"))
        run.explanation = opinion
    elif OPINION in required and not opinion:
        missing.append(_("an opinion"))
    if CONCLUSION in required and not opinion:
        missing.append(_("a conclusion"))
    if FILE in required and not given.get("content"):
        missing.append(_("a file"))
    if DECISION_RECORD in required:
        for name, what in (("meeting", _("the meeting's name")), ("decision", _("the decision"))):
            if not _text(given, name):
                missing.append(what)
        if given.get("meeting_on") is None:
            missing.append(_("the meeting's date"))
        fields.update(meeting=_text(given, "meeting"), meeting_on=given.get("meeting_on"),
                      decision=_text(given, "decision"))
    if stage.kind == CONSULTATION:
        missing += _consultation_missing(run)
    if stage.kind == COUNTERSIGN:
        state = countersign_state(run)
        silent = [code for code, action in state.items() if action is None]
        if silent:
            missing.append(_("the countersignature of %(codes)s", codes=", ".join(silent)))
        objections = [code for code, action in state.items() if action is not None and action.action == "object"]
        if objections and not opinion:
            missing.append(_("a statement of the unresolved objections of %(codes)s", codes=", ".join(objections)))
    if stage.kind == SIGNING:
        if not actor.check_password(given.get("password") or ""):
            missing.append(_("your password, re-entered as the signature"))
    if stage.kind == PUBLICATION:
        missing += _publication_missing(run, given)
    if stage.kind == FILING:
        if given.get("filed_on") is None:
            missing.append(_("the filing date"))
        if not _text(given, "filing_reference"):
            missing.append(_("the filing reference"))
    if missing:
        raise ProcedureError(_("%(stage)s cannot be completed: missing %(what)s.", stage=stage_named(stage),
                               what=_("; ").join(missing)))
    if given.get("content"):
        fields.update(filename=(given.get("filename") or "file")[:300], content=given["content"])
    fields["opinion"] = opinion
    return fields, warnings


def _consultation_missing(run: ProcedureRun) -> list[str]:
    if run.consultation_ends_on is None:
        return [_("an opened consultation with its end date")]
    missing = []
    if today() <= run.consultation_ends_on:
        missing.append(_("the end of the consultation (it runs until %(d)s)", d=run.consultation_ends_on))
    open_comments = [c for c in run.comments if not c.disposition]
    if open_comments:
        missing.append(_("a disposition of %(n)s comment(s)", n=len(open_comments)))
    return missing


def _publication_missing(run: ProcedureRun, given: dict) -> list[str]:
    missing = []
    if _position(run, DECISION) and completion(run, DECISION) is None:
        missing.append(_("the decision"))
    if _position(run, SIGNING) and completion(run, SIGNING) is None:
        missing.append(_("the signature"))
    published_on = given.get("published_on") or today()
    delay = run.procedure.effective_delay_days
    effective_on = given.get("effective_on") or published_on + timedelta(days=delay)
    if effective_on < published_on:
        missing.append(_("an effective date on or after the publication date"))
    elif delay and effective_on < published_on + timedelta(days=delay) and not _text(given, "effective_reason"):
        missing.append(_("the reason why it takes effect less than %(n)s days after publication", n=delay))
    return missing


def next_number(document_type: str, year: int) -> int:
    """Take the next number of the year's sequence for a document type."""
    row = db.session.get(DocumentNumber, (document_type, year), with_for_update=True)
    if row is None:
        row = DocumentNumber(document_type=document_type, year=year, last=0)
        db.session.add(row)
    row.last += 1
    db.session.flush()
    return row.last


def _publish(actor, run: ProcedureRun, given: dict) -> list[str]:
    from registry.rules.services import approve_version

    published_on = given.get("published_on") or today()
    procedure = run.procedure
    effective_on = given.get("effective_on") or published_on + timedelta(days=procedure.effective_delay_days)
    number = next_number(procedure.document_type, published_on.year)
    run.document_number = f"{procedure.document_type}〔{published_on.year}〕{number}号"
    run.published_on, run.effective_on = published_on, effective_on
    run.effective_reason = _text(given, "effective_reason")
    run.interpretation = _text(given, "interpretation")
    run.filing_due_on = published_on + timedelta(days=procedure.filing_days)
    version = run.version
    version.issued_on = published_on
    if run.purpose == REPEAL:
        _repeal(actor, run, effective_on)
    else:
        approve_version(actor, version, effective_on, through_procedure=True)
        _restart_validity(actor, version.rule, effective_on)
    record(actor, "procedure.publish", run, run.document_number, rule_id=version.rule_id)
    if not run.interpretation:
        return [_("Published without an interpretation note (解读): publish one with the rule.")]
    return []


def _restart_validity(actor, rule: Rule, effective_on: date) -> None:
    """Renew the rule's validity period (有效期) from its new text's effective date, as its kind sets it."""
    from registry.reviews.schedule import add_months
    from registry.rules.services import set_validity

    link = db.session.get(ProcedureKind, rule.kind) if rule.kind else None
    if link is None or not link.validity_months:
        return
    until = add_months(effective_on, link.validity_months)
    set_validity(actor, rule, until, _("Renewed by the new version in force from %(d)s (%(kind)s: %(n)s months).",
                                       d=effective_on.isoformat(), kind=rule.kind, n=link.validity_months))


def _repeal(actor, run: ProcedureRun, on: date) -> None:
    """Publish a repeal: its carrier version becomes the record of the decision, and the rule is repealed."""
    from registry.rules.services import repeal_rule

    version = run.version
    version.status, version.effective_on = APPROVED, on
    version.approved_by_id, version.approved_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    reason = f"{run.repeal_reason}（{run.document_number}）" if run.document_number else run.repeal_reason
    repeal_rule(actor, version.rule, on, reason, run.successor, through_procedure=True)


def _arrived(run: ProcedureRun) -> None:
    """Tell whoever acts now that the draft waits for them, in their language."""
    from registry.notifications.links import path_for
    from registry.notifications.locale import speaking_to
    from registry.notifications.services import notify

    if run.status != RUNNING:
        return
    rule, stage = run.version.rule, run.stage
    path = path_for("procedures.run_page", code=rule.code, number=run.version.number)
    for user in actors(run):
        with speaking_to(user):
            subject = _("Waiting for you: %(stage)s of %(title)s", stage=stage_named(stage), title=rule.title)
            body = _("%(code)s %(title)s, version %(n)s, is at the stage %(stage)s.", code=rule.code,
                     title=rule.title, n=run.version.number, stage=stage_named(stage))
        notify(user, "procedure.arrived", subject, body, path, rule)
