"""A repealed rule names the rule that replaced it (rules.successor_id), so its page links to it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_rules_successor_id_rules"), "rules", ["successor_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.drop_constraint(batch.f("fk_rules_successor_id_rules"), type_="foreignkey")
        batch.drop_column("successor_id")
