"""Rules that are kept: acknowledgements (assessments, requests, audiences, confirmations), follows, evidence,
flags, page views per day, the references each approved text makes to other rules, and published inventory lists.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_assessments",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("is_substantive", sa.Boolean(), nullable=False),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["rule_versions.id"],
                                name=op.f("fk_change_assessments_version_id_rule_versions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["assessed_by_id"], ["users.id"],
                                name=op.f("fk_change_assessments_assessed_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_change_assessments")),
    )
    op.create_table(
        "acknowledgement_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("is_everyone", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"],
                                name=op.f("fk_acknowledgement_requests_rule_id_rules"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["rule_versions.id"],
                                name=op.f("fk_acknowledgement_requests_version_id_rule_versions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["previous_version_id"], ["rule_versions.id"],
                                name=op.f("fk_acknowledgement_requests_previous_version_id_rule_versions"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_acknowledgement_requests_requested_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgement_requests")),
        sa.UniqueConstraint("version_id", name=op.f("uq_acknowledgement_requests_version_id")),
    )
    with op.batch_alter_table("acknowledgement_requests") as batch:
        batch.create_index(batch.f("ix_acknowledgement_requests_rule_id"), ["rule_id"], unique=False)
    op.create_table(
        "acknowledgement_audiences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["acknowledgement_requests.id"],
                                name=op.f("fk_acknowledgement_audiences_request_id_acknowledgement_requests"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_acknowledgement_audiences_department_id_departments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgement_audiences")),
    )
    with op.batch_alter_table("acknowledgement_audiences") as batch:
        batch.create_index(batch.f("ix_acknowledgement_audiences_request_id"), ["request_id"], unique=False)
    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["acknowledgement_requests.id"],
                                name=op.f("fk_acknowledgements_request_id_acknowledgement_requests"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_acknowledgements_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgements")),
        sa.UniqueConstraint("request_id", "user_id", name=op.f("uq_acknowledgements_request_id_user_id")),
    )
    with op.batch_alter_table("acknowledgements") as batch:
        batch.create_index(batch.f("ix_acknowledgements_user_id"), ["user_id"], unique=False)
    op.create_table(
        "rule_follows",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rule_follows_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_rule_follows_rule_id_rules"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "rule_id", name=op.f("pk_rule_follows")),
    )
    with op.batch_alter_table("rule_follows") as batch:
        batch.create_index(batch.f("ix_rule_follows_rule_id"), ["rule_id"], unique=False)
    for table in ("article_evidence", "article_flags"):
        columns = [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("rule_id", sa.Integer(), nullable=False),
            sa.Column("article_anchor", sa.String(length=64), nullable=False),
            sa.Column("article_label", sa.String(length=64), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
        ]
        if table == "article_evidence":
            columns += [sa.Column("reference", sa.String(length=300), nullable=False),
                        sa.Column("url", sa.String(length=1000), nullable=False)]
        else:
            columns += [sa.Column("conflicting_rule_id", sa.Integer(), nullable=True),
                        sa.ForeignKeyConstraint(["conflicting_rule_id"], ["rules.id"],
                                                name=op.f("fk_article_flags_conflicting_rule_id_rules"),
                                                ondelete="SET NULL")]
        op.create_table(
            table, *columns,
            sa.Column("note", sa.Text(), nullable=False),
            sa.Column("created_by_id", sa.Integer(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f(f"fk_{table}_rule_id_rules"), ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f(f"fk_{table}_created_by_id_users"),
                                    ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table) as batch:
            batch.create_index(batch.f(f"ix_{table}_rule_id"), ["rule_id"], unique=False)
    op.create_table(
        "rule_view_days",
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_rule_view_days_rule_id_rules"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("rule_id", "day", name=op.f("pk_rule_view_days")),
    )

    op.create_table(
        "rule_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("cited_title", sa.String(length=300), nullable=False),
        sa.Column("article", sa.Integer(), nullable=True),
        sa.Column("sub", sa.Integer(), nullable=True),
        sa.Column("citing_anchor", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_rule_references_rule_id_rules"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["rule_versions.id"],
                                name=op.f("fk_rule_references_version_id_rule_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_references")),
    )
    with op.batch_alter_table("rule_references") as batch:
        for column in ("rule_id", "version_id", "cited_title"):
            batch.create_index(batch.f(f"ix_rule_references_{column}"), [column], unique=False)

    op.create_table(
        "campaign_publications",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_campaign_publications_campaign_id_campaigns"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"],
                                name=op.f("fk_campaign_publications_published_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaign_publications")),
    )
    with op.batch_alter_table("campaign_publications") as batch:
        batch.create_index(batch.f("ix_campaign_publications_published_on"), ["published_on"], unique=False)
    op.create_table(
        "published_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("list_name", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign_publications.campaign_id"],
                                name=op.f("fk_published_entries_campaign_id_campaign_publications"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_published_entries_rule_id_rules"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_entries")),
        sa.UniqueConstraint("campaign_id", "rule_id", name=op.f("uq_published_entries_campaign_id_rule_id")),
    )
    with op.batch_alter_table("published_entries") as batch:
        batch.create_index(batch.f("ix_published_entries_rule_id"), ["rule_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("published_entries") as batch:
        batch.drop_index(batch.f("ix_published_entries_rule_id"))
    op.drop_table("published_entries")
    with op.batch_alter_table("campaign_publications") as batch:
        batch.drop_index(batch.f("ix_campaign_publications_published_on"))
    op.drop_table("campaign_publications")
    with op.batch_alter_table("rule_references") as batch:
        for column in ("rule_id", "version_id", "cited_title"):
            batch.drop_index(batch.f(f"ix_rule_references_{column}"))
    op.drop_table("rule_references")
    op.drop_table("rule_view_days")
    for table in ("article_flags", "article_evidence"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ix_{table}_rule_id"))
        op.drop_table(table)
    with op.batch_alter_table("rule_follows") as batch:
        batch.drop_index(batch.f("ix_rule_follows_rule_id"))
    op.drop_table("rule_follows")
    with op.batch_alter_table("acknowledgements") as batch:
        batch.drop_index(batch.f("ix_acknowledgements_user_id"))
    op.drop_table("acknowledgements")
    with op.batch_alter_table("acknowledgement_audiences") as batch:
        batch.drop_index(batch.f("ix_acknowledgement_audiences_request_id"))
    op.drop_table("acknowledgement_audiences")
    with op.batch_alter_table("acknowledgement_requests") as batch:
        batch.drop_index(batch.f("ix_acknowledgement_requests_rule_id"))
    op.drop_table("acknowledgement_requests")
    op.drop_table("change_assessments")
