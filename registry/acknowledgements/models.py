"""Tables of acknowledgement: the approver's assessment of a change, requests, their audience, confirmations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import Department, User
from registry.db import Model, utcnow
from registry.rules.models import Rule, RuleVersion


class ChangeAssessment(Model):
    """The approver's word on an approved version: does it change what staff must do (substantive)?"""

    __tablename__ = "change_assessments"

    version_id: Mapped[int] = mapped_column(ForeignKey("rule_versions.id", ondelete="CASCADE"), primary_key=True)
    is_substantive: Mapped[bool] = mapped_column(default=True)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ChangeAssessment v{self.version_id} substantive={self.is_substantive}>"


class AcknowledgementRequest(Model):
    """A request that some staff read one version (for an amendment: its changed articles) and confirm."""

    __tablename__ = "acknowledgement_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("rule_versions.id", ondelete="CASCADE"), unique=True)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("rule_versions.id", ondelete="SET NULL"))
    is_everyone: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date] = mapped_column()
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[Rule] = relationship()
    version: Mapped[RuleVersion] = relationship(foreign_keys=[version_id])
    previous_version: Mapped[RuleVersion | None] = relationship(foreign_keys=[previous_version_id])
    requested_by: Mapped[User | None] = relationship()
    audience: Mapped[list[AcknowledgementAudience]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="AcknowledgementAudience.id")
    acknowledgements: Mapped[list[Acknowledgement]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Acknowledgement.acknowledged_at")

    def __repr__(self) -> str:
        return f"<AcknowledgementRequest {self.id} rule={self.rule_id} v{self.version_id}>"

    @property
    def department_ids(self) -> set[int]:
        return {a.department_id for a in self.audience if a.department_id is not None}

    @property
    def roles(self) -> set[str]:
        return {a.role for a in self.audience if a.role}


class AcknowledgementAudience(Model):
    """One part of a request's audience: a department or a role (all staff is a flag on the request)."""

    __tablename__ = "acknowledgement_audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("acknowledgement_requests.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(String(16))

    request: Mapped[AcknowledgementRequest] = relationship(back_populates="audience")
    department: Mapped[Department | None] = relationship()

    def __repr__(self) -> str:
        return f"<AcknowledgementAudience {self.request_id} {self.department_id or self.role}>"


class Acknowledgement(Model):
    """One person's confirmation that they read a request's text."""

    __tablename__ = "acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("acknowledgement_requests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[AcknowledgementRequest] = relationship(back_populates="acknowledgements")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("request_id", "user_id"),)

    def __repr__(self) -> str:
        return f"<Acknowledgement {self.request_id} by {self.user_id}>"


class RuleFollow(Model):
    """Someone who wants to hear when a rule gets a new version, is repealed, or has a revision proposed."""

    __tablename__ = "rule_follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<RuleFollow {self.user_id} → {self.rule_id}>"
