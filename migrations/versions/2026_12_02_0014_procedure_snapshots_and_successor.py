"""Runs keep the stage list they started with (procedures.snapshot_of_id, snapshot_at); a repeal run names the
rule that replaces the repealed one (procedure_runs.successor_id).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("procedures") as batch:
        batch.add_column(sa.Column("snapshot_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("snapshot_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(batch.f("fk_procedures_snapshot_of_id_procedures"), "procedures",
                                 ["snapshot_of_id"], ["id"])
    with op.batch_alter_table("procedure_runs") as batch:
        batch.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_procedure_runs_successor_id_rules"), "rules", ["successor_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("procedure_runs") as batch:
        batch.drop_constraint(batch.f("fk_procedure_runs_successor_id_rules"), type_="foreignkey")
        batch.drop_column("successor_id")
    with op.batch_alter_table("procedures") as batch:
        batch.drop_constraint(batch.f("fk_procedures_snapshot_of_id_procedures"), type_="foreignkey")
        batch.drop_column("snapshot_at")
        batch.drop_column("snapshot_of_id")
