"""Rules and their versions: the catalogue's source of truth."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, LargeBinary, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import Department, User
from registry.db import Model, utcnow

DRAFT = "draft"
APPROVED = "approved"

rule_tags = Table(
    "rule_tags",
    Model.metadata,
    Column("rule_id", ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Category(Model):
    """A node of the category tree (综合管理 › 办文 › 公文处理 …)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    position: Mapped[int] = mapped_column(default=0)
    review_cycle_months: Mapped[int] = mapped_column(default=24)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position, Category.id"
    )

    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.name}>"

    @property
    def path(self) -> list[Category]:
        """Return the chain of categories from the root down to this one."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def path_name(self) -> str:
        return "/".join(c.name for c in self.path)


class Tag(Model):
    """A free keyword attached to rules."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.name}>"


class RuleLink(Model):
    """A 'related rules' link, stored once and read in both directions."""

    __tablename__ = "rule_links"

    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), primary_key=True)

    def __repr__(self) -> str:
        return f"<RuleLink {self.rule_id}<->{self.related_id}>"


class Rule(Model):
    """One rule of the institution, identified by a stable code, with all its versions."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source_path: Mapped[str | None] = mapped_column(String(1000), unique=True)
    review_cycle_months: Mapped[int | None] = mapped_column()
    kind: Mapped[str] = mapped_column(String(40), default="")  # 规章, 行政规范性文件 …: names its procedure
    repealed_on: Mapped[date | None] = mapped_column()
    repeal_reason: Mapped[str] = mapped_column(Text, default="")
    repealed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id"))  # the rule that replaced a repealed one
    valid_until: Mapped[date | None] = mapped_column()  # 有效期: the rule lapses (失效) on this day unless renewed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(default=1)

    category: Mapped[Category | None] = relationship()
    department: Mapped[Department | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    repealed_by: Mapped[User | None] = relationship(foreign_keys=[repealed_by_id])
    successor: Mapped[Rule | None] = relationship(foreign_keys=[successor_id], remote_side="Rule.id")
    tags: Mapped[list[Tag]] = relationship(secondary=rule_tags, order_by="Tag.name")
    versions: Mapped[list[RuleVersion]] = relationship(
        back_populates="rule", order_by="RuleVersion.number", cascade="all, delete-orphan"
    )

    # Optimistic locking: a save based on a stale row_version fails instead of overwriting.
    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.title}>"

    @property
    def effective_review_cycle_months(self) -> int:
        return review_cycle(self.review_cycle_months, self.category.review_cycle_months if self.category else None)


def review_cycle(own_months: int | None, category_months: int | None) -> int:
    """Return a rule's review cycle: its own, else its category's (None: no category), else two years."""
    if own_months:
        return own_months
    return category_months if category_months is not None else 24


class RuleVersion(Model):
    """A numbered text of a rule; immutable once approved."""

    __tablename__ = "rule_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    change_summary: Mapped[str] = mapped_column(Text, default="")
    source_path: Mapped[str | None] = mapped_column(String(1000))
    effective_on: Mapped[date | None] = mapped_column(index=True)
    issued_on: Mapped[date | None] = mapped_column()  # the issue/publication date the text states (印发/公布)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column()
    row_version: Mapped[int] = mapped_column(default=1)

    rule: Mapped[Rule] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    attachments: Mapped[list[RuleAttachment]] = relationship(
        back_populates="version", order_by="RuleAttachment.position", cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("rule_id", "number"),)
    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<RuleVersion {self.rule_id} v{self.number} {self.status}>"

    @property
    def is_approved(self) -> bool:
        return self.status == APPROVED


class RuleAttachment(Model):
    """An annex (附件) of one version of a rule: its own text and/or the original file, linked from the rule."""

    __tablename__ = "rule_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("rule_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()  # 1, 2 … in the order of the text
    title: Mapped[str] = mapped_column(String(300))  # 附件1 采购申请表
    body: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the original file, when one came with it
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120), default="text/plain")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[RuleVersion] = relationship(back_populates="attachments")

    __table_args__ = (UniqueConstraint("version_id", "position"),)

    def __repr__(self) -> str:
        return f"<RuleAttachment {self.version_id} #{self.position} {self.title!r}>"
