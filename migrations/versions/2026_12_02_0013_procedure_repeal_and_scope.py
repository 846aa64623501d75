"""A procedure run may repeal its rule (purpose, repeal_reason) and consult chosen departments only.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("procedure_runs") as batch:
        batch.add_column(sa.Column("purpose", sa.String(length=16), server_default="enact", nullable=False))
        batch.add_column(sa.Column("repeal_reason", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("consultation_codes", sa.String(length=500), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("procedure_runs") as batch:
        batch.drop_column("consultation_codes")
        batch.drop_column("repeal_reason")
        batch.drop_column("purpose")
