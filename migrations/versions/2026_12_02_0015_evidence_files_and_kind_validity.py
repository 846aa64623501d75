"""Evidence may be a file (article_evidence: filename, media_type, size, content); a kind of rule may set
its validity period (procedure_kinds.validity_months), restarted when a new version of it comes into force.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_evidence") as batch:
        batch.add_column(sa.Column("filename", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("media_type", sa.String(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("size", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("procedure_kinds") as batch:
        batch.add_column(sa.Column("validity_months", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("procedure_kinds") as batch:
        batch.drop_column("validity_months")
    with op.batch_alter_table("article_evidence") as batch:
        batch.drop_column("content")
        batch.drop_column("size")
        batch.drop_column("media_type")
        batch.drop_column("filename")
