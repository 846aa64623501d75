"""Import and export: tables for import batches, if any (placeholder until that work lands).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
