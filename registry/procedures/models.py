"""Rule-making procedures: templates of ordered stages, a run per draft version, its records and comments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import Department, User
from registry.db import Model, utcnow
from registry.rules.models import Rule, RuleVersion

# Stage kinds, in the order of the full procedure (规章制定程序条例, 国办发〔2018〕37号).
DRAFTING, CONSULTATION, LEGAL_REVIEW, FAIR_COMPETITION = "drafting", "consultation", "legal_review", "fair_competition"
COUNTERSIGN, DECISION, SIGNING, PUBLICATION, FILING = "countersign", "decision", "signing", "publication", "filing"
STAGE_KINDS = (DRAFTING, CONSULTATION, LEGAL_REVIEW, FAIR_COMPETITION, COUNTERSIGN, DECISION, SIGNING,
               PUBLICATION, FILING)

# Who acts at a stage.
OWNER = "owner"  # whoever may edit the rule (its department's editors, approvers)
DEPARTMENTS = "departments"  # members (editor or above) of the stage's named departments
ROLE = "role"  # anyone with at least the stage's role

# What a stage requires before it can be completed.
OPINION, FILE, DECISION_RECORD, CONCLUSION = "opinion", "file", "decision", "conclusion"

RUNNING, DONE = "running", "done"

# What a run makes: a new text in force (a rule or an amendment), or the rule's repeal (废止).
ENACT, REPEAL = "enact", "repeal"

# Dispositions of a consultation comment.
ADOPTED, PARTLY, REJECTED = "adopted", "partly", "rejected"
DISPOSITIONS = (ADOPTED, PARTLY, REJECTED)


class Procedure(Model):
    """A template: the ordered stages a draft of a rule of some kinds goes through."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    document_type: Mapped[str] = mapped_column(String(40), default="")  # the 文号's sequence: 办发, 令 …
    consultation_min_days: Mapped[int] = mapped_column(default=0)
    consultation_working_days: Mapped[bool] = mapped_column(default=False)
    effective_delay_days: Mapped[int] = mapped_column(default=0)  # 规章: 30 days after publication
    filing_days: Mapped[int] = mapped_column(default=30)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A frozen copy of a procedure's stage list, taken when an admin changed the stages while drafts were
    # going through it: those runs keep the stages they started with (see settings.snapshot_for_runs).
    snapshot_of_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"))
    snapshot_at: Mapped[datetime | None] = mapped_column()

    stages: Mapped[list[ProcedureStage]] = relationship(
        back_populates="procedure", order_by="ProcedureStage.position", cascade="all, delete-orphan")
    kinds: Mapped[list[ProcedureKind]] = relationship(back_populates="procedure", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Procedure {self.id} {self.name}>"

    def stage_at(self, position: int) -> ProcedureStage | None:
        return next((s for s in self.stages if s.position == position), None)

    def stage_of_kind(self, kind: str) -> ProcedureStage | None:
        return next((s for s in self.stages if s.kind == kind), None)


class ProcedureKind(Model):
    """Which procedure a kind of rule (内部管理制度, 行政规范性文件, 规章) goes through: one per kind."""

    __tablename__ = "procedure_kinds"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    # 有效期 of this kind (60 for a 规范性文件's five years): a new version in force restarts it; None: no period
    validity_months: Mapped[int | None] = mapped_column()

    procedure: Mapped[Procedure] = relationship(back_populates="kinds")

    def __repr__(self) -> str:
        return f"<ProcedureKind {self.kind} → {self.procedure_id}>"


class ProcedureStage(Model):
    """One step of a procedure: who acts, what it requires, where it may return the draft, its clock."""

    __tablename__ = "procedure_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()  # 1, 2 …
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(16), default=OWNER)
    actor_role: Mapped[str] = mapped_column(String(16), default="editor")
    department_codes: Mapped[str] = mapped_column(String(500), default="")  # "FGC,CWC"
    requires: Mapped[str] = mapped_column(String(200), default="")  # "opinion,file"
    return_to: Mapped[int | None] = mapped_column()  # the position a return sends the draft to
    clock_days: Mapped[int | None] = mapped_column()
    clock_working_days: Mapped[bool] = mapped_column(default=False)
    only_if_business: Mapped[bool] = mapped_column(default=False)  # 公平竞争审查: when the draft touches business

    procedure: Mapped[Procedure] = relationship(back_populates="stages")

    __table_args__ = (UniqueConstraint("procedure_id", "position"),)

    def __repr__(self) -> str:
        return f"<ProcedureStage {self.procedure_id}#{self.position} {self.kind}>"

    @property
    def required(self) -> set[str]:
        return {part.strip() for part in self.requires.split(",") if part.strip()}

    @property
    def codes(self) -> list[str]:
        return [part.strip() for part in self.department_codes.split(",") if part.strip()]


class ProcedureRun(Model):
    """One draft version going through a procedure: where it stands and what publication gave it."""

    __tablename__ = "procedure_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("rule_versions.id", ondelete="CASCADE"), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    status: Mapped[str] = mapped_column(String(16), default=RUNNING)
    position: Mapped[int] = mapped_column(default=1)  # the current stage
    stage_started_on: Mapped[date] = mapped_column()
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    touches_business: Mapped[bool] = mapped_column(default=False)
    purpose: Mapped[str] = mapped_column(String(16), default=ENACT, server_default=ENACT)
    repeal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    consultation_codes: Mapped[str] = mapped_column(String(500), default="", server_default="")  # "" = all staff
    explanation: Mapped[str] = mapped_column(Text, default="")  # 起草说明: necessity and main points
    consultation_ends_on: Mapped[date | None] = mapped_column()
    countersign_codes: Mapped[str] = mapped_column(String(500), default="")  # departments asked to countersign
    document_number: Mapped[str] = mapped_column(String(80), default="")  # 办发〔2026〕3号
    published_on: Mapped[date | None] = mapped_column()
    effective_on: Mapped[date | None] = mapped_column()
    effective_reason: Mapped[str] = mapped_column(Text, default="")
    interpretation: Mapped[str] = mapped_column(Text, default="")  # 解读
    filing_due_on: Mapped[date | None] = mapped_column()
    filed_on: Mapped[date | None] = mapped_column()
    filing_reference: Mapped[str] = mapped_column(String(200), default="")
    finished_at: Mapped[datetime | None] = mapped_column()
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id"))  # a repeal: the rule replacing it

    version: Mapped[RuleVersion] = relationship()
    successor: Mapped[Rule | None] = relationship(foreign_keys=[successor_id])
    procedure: Mapped[Procedure] = relationship()
    started_by: Mapped[User | None] = relationship()
    actions: Mapped[list[StageAction]] = relationship(
        back_populates="run", order_by="StageAction.id", cascade="all, delete-orphan")
    comments: Mapped[list[ConsultationComment]] = relationship(
        back_populates="run", order_by="ConsultationComment.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<ProcedureRun {self.id} v{self.version_id} #{self.position} {self.status}>"

    @property
    def stage(self) -> ProcedureStage | None:
        return self.procedure.stage_at(self.position) if self.status == RUNNING else None

    @property
    def countersigners(self) -> list[str]:
        return [part.strip() for part in self.countersign_codes.split(",") if part.strip()]

    @property
    def consulted(self) -> list[str]:
        """The departments consulted; empty when all staff are."""
        return [part.strip() for part in self.consultation_codes.split(",") if part.strip()]


class StageAction(Model):
    """One thing done at a stage: completed with an opinion, returned, signed, objected, countersigned …"""

    __tablename__ = "procedure_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("procedure_runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    stage_kind: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # complete, return, sign, object, skip, start
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))  # a countersigning department
    at: Mapped[datetime] = mapped_column(default=utcnow)
    opinion: Mapped[str] = mapped_column(Text, default="")  # opinion, conclusion, reason, or objections stated
    meeting: Mapped[str] = mapped_column(String(300), default="")  # 集体审议: the meeting's name
    meeting_on: Mapped[date | None] = mapped_column()
    decision: Mapped[str] = mapped_column(Text, default="")
    returned_to: Mapped[int | None] = mapped_column()
    filename: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)

    run: Mapped[ProcedureRun] = relationship(back_populates="actions")
    actor: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()

    def __repr__(self) -> str:
        return f"<StageAction {self.run_id}#{self.position} {self.action}>"


class ConsultationComment(Model):
    """A comment given during 征求意见, on one article (第X条) or the whole text, and its disposition."""

    __tablename__ = "consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("procedure_runs.id", ondelete="CASCADE"), index=True)
    article: Mapped[str] = mapped_column(String(40), default="")  # the article's label (第三条); "" = whole text
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disposition: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    disposed_at: Mapped[datetime | None] = mapped_column()

    run: Mapped[ProcedureRun] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    def __repr__(self) -> str:
        return f"<ConsultationComment {self.id} {self.article or 'whole'} {self.disposition or 'open'}>"


class DocumentNumber(Model):
    """The last 文号 given per document type and year: 〔2026〕3号 follows 〔2026〕2号."""

    __tablename__ = "document_numbers"

    document_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<DocumentNumber {self.document_type}〔{self.year}〕{self.last}>"
