"""Annexes (附件) of a rule's version are kept as its attachments: text and/or the original file.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["rule_versions.id"],
                                name=op.f("fk_rule_attachments_version_id_rule_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_attachments")),
        sa.UniqueConstraint("version_id", "position", name=op.f("uq_rule_attachments_version_id_position")),
    )
    with op.batch_alter_table("rule_attachments") as batch:
        batch.create_index(batch.f("ix_rule_attachments_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rule_attachments") as batch:
        batch.drop_index(batch.f("ix_rule_attachments_version_id"))
    op.drop_table("rule_attachments")
