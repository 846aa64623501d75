"""Reviews: a rule's basis, recorded reviews, due-date adjustments, the reminder log, calendar tokens,
and the e-mail side of notifications (preferences, one claim row per notification e-mailed).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_tokens',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_tokens_token'))
    )
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email_enabled', sa.Boolean(), nullable=False),
    sa.Column('frequency', sa.String(length=16), nullable=False),
    sa.Column('last_digest_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preferences'))
    )
    op.create_table('review_schedules',
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('manual_due_on', sa.Date(), nullable=True),
    sa.Column('manual_reason', sa.Text(), nullable=False),
    sa.Column('manual_by_id', sa.Integer(), nullable=True),
    sa.Column('triggered_due_on', sa.Date(), nullable=True),
    sa.Column('trigger_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['manual_by_id'], ['users.id'], name=op.f('fk_review_schedules_manual_by_id_users')),
    sa.ForeignKeyConstraint(['rule_id'], ['rules.id'], name=op.f('fk_review_schedules_rule_id_rules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rule_id', name=op.f('pk_review_schedules'))
    )
    op.create_table('rule_basis',
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('basis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['basis_id'], ['rules.id'], name=op.f('fk_rule_basis_basis_id_rules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['rules.id'], name=op.f('fk_rule_basis_rule_id_rules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rule_id', 'basis_id', name=op.f('pk_rule_basis'))
    )
    op.create_index(op.f('ix_rule_basis_basis_id'), 'rule_basis', ['basis_id'], unique=False)
    op.create_table('notification_emails',
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_emails_notification_id_notifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_emails_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notification_id', name=op.f('pk_notification_emails'))
    )
    op.create_index(op.f('ix_notification_emails_user_id'), 'notification_emails', ['user_id'], unique=False)
    op.create_table('reminder_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('run_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_reminder_log_notification_id_notifications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rule_id'], ['rules.id'], name=op.f('fk_reminder_log_rule_id_rules'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_log_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_log')),
    sa.UniqueConstraint('user_id', 'item_key', 'stage', name=op.f('uq_reminder_log_user_id_item_key_stage'))
    )
    op.create_index(op.f('ix_reminder_log_sent_at'), 'reminder_log', ['sent_at'], unique=False)
    op.create_index(op.f('ix_reminder_log_user_id'), 'reminder_log', ['user_id'], unique=False)
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['rules.id'], name=op.f('fk_reviews_merged_into_id_rules'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.ForeignKeyConstraint(['rule_id'], ['rules.id'], name=op.f('fk_reviews_rule_id_rules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['revision_tasks.id'], name=op.f('fk_reviews_task_id_revision_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    op.create_index(op.f('ix_reviews_rule_id'), 'reviews', ['rule_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reviews_rule_id'), table_name='reviews')
    op.drop_table('reviews')
    op.drop_index(op.f('ix_reminder_log_user_id'), table_name='reminder_log')
    op.drop_index(op.f('ix_reminder_log_sent_at'), table_name='reminder_log')
    op.drop_table('reminder_log')
    op.drop_index(op.f('ix_notification_emails_user_id'), table_name='notification_emails')
    op.drop_table('notification_emails')
    op.drop_index(op.f('ix_rule_basis_basis_id'), table_name='rule_basis')
    op.drop_table('rule_basis')
    op.drop_table('review_schedules')
    op.drop_table('notification_preferences')
    op.drop_table('calendar_tokens')
