"""An administrator's changes to a procedure: the kinds it serves, its periods, each stage's departments and clock."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.db import db, utcnow
from registry.labels import label
from registry.procedures.defaults import STAGE_NAMES
from registry.procedures.models import (
    DECISION,
    DEPARTMENTS,
    DRAFTING,
    FAIR_COMPETITION,
    FILING,
    LEGAL_REVIEW,
    OWNER,
    PUBLICATION,
    ROLE,
    SIGNING,
    STAGE_KINDS,
    Procedure,
    ProcedureKind,
    ProcedureRun,
    ProcedureStage,
)
from registry.procedures.services import ProcedureError, known_codes


def _whole(value, what: str, *, allow_empty: bool = False, low: int = 0, high: int = 3650) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text and allow_empty:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise ProcedureError(_("%(what)s must be a whole number from %(low)s to %(high)s.", what=what, low=low,
                               high=high))
    return int(text)


def department_codes(chosen) -> str:
    """Check departments chosen (a list of codes, or codes typed with commas of either width); return "A,B"."""
    values = [chosen or ""] if isinstance(chosen, str) or chosen is None else chosen
    return ",".join(known_codes([code for value in values for code in value.replace("，", ",").split(",")]))


def update_procedure(actor, procedure: Procedure, form: dict) -> Procedure:
    """Apply the settings form of one procedure; refuse a kind another procedure serves or an unknown department.

    Stage fields are named by position (s3_clock): a form filled in on an older stage list is refused.
    """
    _check_token(procedure, form.get("stages_token"))
    kinds = list(dict.fromkeys(k.strip() for k in (form.get("kinds") or "").replace("，", ",").split(",")
                               if k.strip()))
    for kind in kinds:
        other = db.session.get(ProcedureKind, kind)
        if other is not None and other.procedure_id != procedure.id:
            raise ProcedureError(_("The kind %(kind)s already follows the procedure %(name)s.", kind=kind,
                                   name=other.procedure.name))
    procedure.document_type = (form.get("document_type") or "").strip()[:40]
    procedure.consultation_min_days = _whole(form.get("consultation_min_days"), _("The consultation's minimum"))
    procedure.consultation_working_days = bool(form.get("consultation_working_days"))
    procedure.effective_delay_days = _whole(form.get("effective_delay_days"), _("The days before taking effect"))
    procedure.filing_days = _whole(form.get("filing_days"), _("The days to file"), low=1)
    for stage in procedure.stages:
        prefix = f"s{stage.position}_"
        if prefix + "codes" in form:  # chosen in a list (several values) or typed with commas
            chosen = form.getlist(prefix + "codes") if hasattr(form, "getlist") else form[prefix + "codes"]
            stage.department_codes = department_codes(chosen)
        elif form.get(prefix + "codes_shown"):  # the list was shown and nothing chosen
            stage.department_codes = ""
        if stage.actor == DEPARTMENTS and not stage.department_codes:
            raise ProcedureError(_("Named departments act at %(stage)s: choose at least one.", stage=stage.name))
        stage.clock_days = _whole(form.get(prefix + "clock"), stage.name, allow_empty=True, low=1)
        stage.clock_working_days = bool(form.get(prefix + "working"))
        back = _whole(form.get(prefix + "return"), stage.name, allow_empty=True, low=1, high=stage.position - 1) \
            if stage.position > 1 and str(form.get(prefix + "return") or "").strip() else None
        stage.return_to = back
    procedure.kinds = [k for k in procedure.kinds if k.kind in kinds]
    for kind in kinds:
        if kind not in {k.kind for k in procedure.kinds}:
            procedure.kinds.append(ProcedureKind(kind=kind))
    for link in procedure.kinds:  # 有效期 per kind, in months; empty: rules of the kind have no period
        link.validity_months = _whole(form.get(f"validity:{link.kind}", link.validity_months), _(
            "The validity period of %(kind)s", kind=link.kind), allow_empty=True, low=1, high=1200)
    db.session.flush()
    record(actor, "procedure.update", procedure, f"{procedure.name}: {', '.join(kinds) or '—'}")
    return procedure


# ---- the stage list: add, remove, reorder ------------------------------------------------------------------

ACTORS = (OWNER, DEPARTMENTS, ROLE)
ROLES = ("editor", "approver", "admin")
# What a stage of each kind requires, and whether it only runs for drafts touching business: fixed by the kind,
# so that every gate of services._gate finds what it checks.
KIND_REQUIRES = {DRAFTING: "opinion", LEGAL_REVIEW: "opinion", FAIR_COMPETITION: "conclusion",
                 DECISION: "decision"}
# The kinds a gate relies on: removing one of them while the stage it guards stays is refused.
GUARDED_BY = {LEGAL_REVIEW: DECISION, DECISION: PUBLICATION, SIGNING: PUBLICATION}


def stages_token(procedure: Procedure) -> str:
    """Name the stage list as a page shows it: a form posted with another token was filled in on an older list."""
    return ",".join(f"{s.id}.{s.position}.{s.kind}" for s in procedure.stages)


def _check_token(procedure: Procedure, token: str | None) -> None:
    """Lock the procedure (two admins' edits run one after the other) and refuse a form of an older stage list."""
    db.session.refresh(procedure, with_for_update=True)
    db.session.expire(procedure, ["stages"])
    if (token or "") != stages_token(procedure):
        raise ProcedureError(_("The stages of %(name)s were changed by someone else since you opened the page: "
                               "look at them again and redo your change.", name=procedure.name))


def _kind_name(kind: str) -> str:
    return label(kind, "stage")


def coherence_problems(before: list[ProcedureStage], after: list[ProcedureStage],
                       targets: dict[int, ProcedureStage | None]) -> list[str]:
    """Say what a new stage list (in order) would break: a gate, the order of the procedure, a return target.

    `targets` gives, per stage id, the stage its "send back" points to (None: removed). A procedure of more than
    one stage must end by publishing: its publication is what puts the draft in force.
    """
    problems: list[str] = []
    kinds = [s.kind for s in after]
    at = {s.kind: n for n, s in enumerate(after)}
    if not after:
        return [_("A procedure keeps at least one stage.")]
    for kind in dict.fromkeys(k for k in kinds if kinds.count(k) > 1):
        problems.append(_("A procedure has one stage of each kind: %(kind)s would be there twice.",
                          kind=_kind_name(kind)))
    if DRAFTING in at and at[DRAFTING] != 0:
        problems.append(_("Drafting (起草) must stay the first stage."))
    if len(after) > 1 and PUBLICATION not in at:
        problems.append(_("A procedure of more than one stage needs its publication stage (公布): publication "
                          "is what puts the draft in force."))
    if PUBLICATION in at and DECISION not in at and len(after) > 1:
        problems.append(_("Publication (公布) needs a decision stage (集体审议 / 决定) before it."))
    before_kinds = {s.kind for s in before}
    for guard, guarded in GUARDED_BY.items():
        if guarded in at and guard in before_kinds and guard not in at and guard != DECISION:
            problems.append(_("%(stage)s needs the %(kind)s stage before it: that stage cannot be removed while "
                              "%(stage)s stays.", stage=after[at[guarded]].name, kind=_kind_name(guard)))
        if guarded in at and guard in at and at[guard] > at[guarded]:
            problems.append(_("%(stage)s needs the %(kind)s stage before it: %(other)s would come after it.",
                              stage=after[at[guarded]].name, kind=_kind_name(guard), other=after[at[guard]].name))
    if PUBLICATION in at:
        late = [s.name for s in after[at[PUBLICATION] + 1:] if s.kind != FILING]
        if late:
            problems.append(_("Only filing (备案) comes after publication: move %(stages)s before %(stage)s.",
                              stages=", ".join(late), stage=after[at[PUBLICATION]].name))
    if FILING in at and (PUBLICATION not in at or at[FILING] < at[PUBLICATION]):
        problems.append(_("Filing (备案) comes after the publication stage (公布)."))
    for n, stage in enumerate(after):
        if stage.id not in targets:
            continue
        target = targets[stage.id]
        if target is None:
            problems.append(_("%(stage)s sends the draft back to a stage that would be removed: change where it "
                              "sends it back first.", stage=stage.name))
        elif target not in after[:n]:
            problems.append(_("%(stage)s sends the draft back to %(target)s, which would no longer come before it.",
                              stage=stage.name, target=target.name))
    return problems


def snapshot_for_runs(actor, procedure: Procedure) -> Procedure | None:
    """Freeze the stage list for the runs that went through the procedure before its stages change.

    The runs (in progress or finished) move to a copy of the procedure with its stages as they were, so a run
    in progress carries on with the stages it started with, and a finished one keeps the record it was made
    by; new drafts follow the changed list. Return the copy, or None when no run used the procedure.
    """
    runs = list(db.session.scalars(select(ProcedureRun).where(ProcedureRun.procedure_id == procedure.id)))
    if not runs:
        return None
    taken = utcnow()
    name = f"{procedure.name} · {taken:%Y-%m-%d %H:%M:%S}"
    while db.session.scalar(select(Procedure.id).where(Procedure.name == name)) is not None:
        name += "′"
    copy = Procedure(name=name[:200], snapshot_of_id=procedure.id, snapshot_at=taken,
                     **{column: getattr(procedure, column) for column in
                        ("document_type", "consultation_min_days", "consultation_working_days",
                         "effective_delay_days", "filing_days")})
    copy.stages = [ProcedureStage(**{column: getattr(stage, column) for column in
                                     ("position", "kind", "name", "actor", "actor_role", "department_codes",
                                      "requires", "return_to", "clock_days", "clock_working_days",
                                      "only_if_business")}) for stage in procedure.stages]
    db.session.add(copy)
    db.session.flush()
    for run in runs:
        run.procedure = copy
    db.session.flush()
    record(actor, "procedure.snapshot", copy, f"{procedure.name}: {len(runs)} run(s) keep the stages "
           + " → ".join(s.name for s in copy.stages))
    return copy


def _restructure(actor, procedure: Procedure, after: list[ProcedureStage], what: str) -> Procedure:
    """Check the new stage list, freeze it for the runs that used the old one, and renumber the stages."""
    before = list(procedure.stages)
    by_position = {s.position: s for s in before}
    targets = {s.id: by_position.get(s.return_to) if s.return_to in by_position and by_position[s.return_to] in
               after else None for s in after if s.id is not None and s.return_to is not None}
    if problems := coherence_problems(before, after, targets):
        raise ProcedureError(_("The stages of %(name)s were not changed: %(problems)s", name=procedure.name,
                               problems=" ".join(problems)))
    snapshot_for_runs(actor, procedure)
    for stage in before:
        if stage not in after:
            procedure.stages.remove(stage)
    for n, stage in enumerate(after, start=1):  # first out of the way, then in place: (procedure, position) is unique
        stage.position = -n
        if stage not in procedure.stages:
            procedure.stages.append(stage)
    db.session.flush()
    for n, stage in enumerate(after, start=1):
        stage.position = n
    for stage in after:
        target = targets.get(stage.id) if stage.id is not None else None
        stage.return_to = target.position if target is not None else None
    db.session.flush()
    db.session.expire(procedure, ["stages"])
    record(actor, "procedure.stages", procedure, f"{procedure.name}: {what} → "
           + " → ".join(s.name for s in after))
    return procedure


def add_stage(actor, procedure: Procedure, form: dict, token: str | None) -> ProcedureStage:
    """Insert a stage of a kind at a position, with who acts at it and its clock."""
    _check_token(procedure, token)
    kind = (form.get("kind") or "").strip()
    if kind not in STAGE_KINDS:
        raise ProcedureError(_("Choose the kind of the new stage."))
    name = (form.get("name") or "").strip() or STAGE_NAMES[kind]
    if len(name) > 200:
        raise ProcedureError(_("A stage's name has at most 200 characters."))
    actor_kind = (form.get("actor") or OWNER).strip()
    if actor_kind not in ACTORS:
        raise ProcedureError(_("Choose who acts at the new stage."))
    role = (form.get("actor_role") or "approver").strip()
    if role not in ROLES:
        raise ProcedureError(_("Choose the role that acts at the new stage."))
    codes = department_codes(form.getlist("departments") if hasattr(form, "getlist") else form.get("departments"))
    if actor_kind == DEPARTMENTS and not codes:
        raise ProcedureError(_("Choose the departments that act at the new stage."))
    count = len(procedure.stages)
    position = _whole(form.get("position"), _("The new stage's place"), low=1, high=count + 1)
    clock = _whole(form.get("clock"), _("The new stage's clock"), allow_empty=True, low=1)
    stage = ProcedureStage(kind=kind, name=name, actor=actor_kind, actor_role=role, department_codes=codes,
                           requires=KIND_REQUIRES.get(kind, ""), only_if_business=kind == FAIR_COMPETITION,
                           clock_days=clock, clock_working_days=bool(form.get("working")), position=0)
    after = list(procedure.stages)
    after.insert(position - 1, stage)
    _restructure(actor, procedure, after, f"add {name}")
    return stage


def _stage_of(procedure: Procedure, stage_id) -> ProcedureStage:
    stage = next((s for s in procedure.stages if str(s.id) == str(stage_id or "")), None)
    if stage is None:
        raise ProcedureError(_("No such stage in %(name)s: look at the page again.", name=procedure.name))
    return stage


def remove_stage(actor, procedure: Procedure, stage_id, token: str | None) -> Procedure:
    _check_token(procedure, token)
    stage = _stage_of(procedure, stage_id)
    return _restructure(actor, procedure, [s for s in procedure.stages if s is not stage],
                        f"remove {stage.name}")


def move_stage(actor, procedure: Procedure, stage_id, step: int, token: str | None) -> Procedure:
    """Move a stage one place earlier (step -1) or later (+1)."""
    _check_token(procedure, token)
    stage = _stage_of(procedure, stage_id)
    after = list(procedure.stages)
    n = after.index(stage)
    if not 0 <= n + step < len(after):
        raise ProcedureError(_("%(stage)s cannot move further.", stage=stage.name))
    after[n], after[n + step] = after[n + step], after[n]
    return _restructure(actor, procedure, after, f"move {stage.name} {'up' if step < 0 else 'down'}")
