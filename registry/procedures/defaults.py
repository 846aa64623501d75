"""The procedures the registry ships: a short one for internal rules, the full nine stages for the others.

《规章制定程序条例》 (2017) and 国办发〔2018〕37号 name the stages; 《公平竞争审查条例》 (2024) the review of
drafts touching business; 《法规规章备案审查条例》 (2024) the filing within 30 days.
"""

from __future__ import annotations

from sqlalchemy import select

from registry.audit.services import record
from registry.db import db
from registry.procedures.models import (
    CONSULTATION,
    COUNTERSIGN,
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
    Procedure,
    ProcedureKind,
    ProcedureStage,
)

INTERNAL, NORMATIVE, REGULATION = "内部管理制度", "行政规范性文件", "规章"
KINDS = (INTERNAL, NORMATIVE, REGULATION)
# The name a stage of each kind has in the official texts: a stage added without a name gets it.
STAGE_NAMES = {DRAFTING: "起草", CONSULTATION: "征求意见", LEGAL_REVIEW: "合法性审核", FAIR_COMPETITION: "公平竞争审查",
               COUNTERSIGN: "会签", DECISION: "集体审议", SIGNING: "签发", PUBLICATION: "公布", FILING: "备案"}
LEGAL_UNIT = "FGC"  # the legal unit's department code (法规处) in the defaults; an admin may change it


def _full(legal: str, working: bool) -> list[dict]:
    return [
        dict(kind=DRAFTING, name="起草", actor=OWNER, requires="opinion"),
        dict(kind=CONSULTATION, name="征求意见", actor=OWNER, clock_working_days=working),
        dict(kind=LEGAL_REVIEW, name="合法性审核", actor=DEPARTMENTS, department_codes=legal, requires="opinion",
             return_to=1, clock_days=15, clock_working_days=True),
        dict(kind=FAIR_COMPETITION, name="公平竞争审查", actor=DEPARTMENTS, department_codes=legal,
             requires="conclusion", only_if_business=True, return_to=1),
        dict(kind=COUNTERSIGN, name="会签", actor=OWNER, clock_days=10, clock_working_days=True, return_to=1),
        dict(kind=DECISION, name="集体审议", actor=ROLE, actor_role="approver", requires="decision", return_to=1),
        dict(kind=SIGNING, name="签发", actor=ROLE, actor_role="approver"),
        dict(kind=PUBLICATION, name="公布", actor=ROLE, actor_role="approver"),
        dict(kind=FILING, name="备案", actor=OWNER),
    ]


DEFAULTS = {
    INTERNAL: dict(document_type="办发", stages=[
        dict(kind=DRAFTING, name="起草", actor=OWNER, requires="opinion"),
        dict(kind=DECISION, name="审议决定", actor=ROLE, actor_role="approver", requires="decision", return_to=1),
        dict(kind=PUBLICATION, name="印发", actor=ROLE, actor_role="approver"),
    ]),
    NORMATIVE: dict(document_type="规", consultation_min_days=7, consultation_working_days=True,
                    stages=_full(LEGAL_UNIT, True)),
    REGULATION: dict(document_type="令", consultation_min_days=30, effective_delay_days=30,
                     stages=_full(LEGAL_UNIT, False)),
}


def seed_default_procedures(actor=None) -> list[Procedure]:
    """Create the shipped procedures and give each its kind, leaving any that exist as the admin left them."""
    made = []
    for name, spec in DEFAULTS.items():
        if db.session.scalar(select(Procedure.id).where(Procedure.name == name)) is not None:
            continue
        spec = dict(spec)
        stages = spec.pop("stages")
        procedure = Procedure(name=name, **spec)
        procedure.stages = [ProcedureStage(position=n, **stage) for n, stage in enumerate(stages, start=1)]
        db.session.add(procedure)
        db.session.flush()
        if db.session.get(ProcedureKind, name) is None:
            db.session.add(ProcedureKind(kind=name, procedure_id=procedure.id))
        record(actor, "procedure.create", procedure, name)
        made.append(procedure)
    db.session.flush()
    return made
