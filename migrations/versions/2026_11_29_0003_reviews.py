"""Reviews: review cycles, reviews, reminders and their log (placeholder until that work lands).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
