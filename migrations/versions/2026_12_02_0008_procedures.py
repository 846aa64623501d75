"""Rule-making procedures: templates of stages per kind of rule, runs per draft, actions, comments, 文号;
rules get a kind; the shipped procedures are created.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=40), nullable=False, server_default=""))
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("consultation_min_days", sa.Integer(), nullable=False),
        sa.Column("consultation_working_days", sa.Boolean(), nullable=False),
        sa.Column("effective_delay_days", sa.Integer(), nullable=False),
        sa.Column("filing_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedures")),
        sa.UniqueConstraint("name", name=op.f("uq_procedures_name")),
    )
    op.create_table(
        "document_numbers",
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("document_type", "year", name=op.f("pk_document_numbers")),
    )
    op.create_table(
        "procedure_kinds",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"],
                                name=op.f("fk_procedure_kinds_procedure_id_procedures"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_procedure_kinds")),
    )
    op.create_index(op.f("ix_procedure_kinds_procedure_id"), "procedure_kinds", ["procedure_id"], unique=False)
    op.create_table(
        "procedure_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("department_codes", sa.String(length=500), nullable=False),
        sa.Column("requires", sa.String(length=200), nullable=False),
        sa.Column("return_to", sa.Integer(), nullable=True),
        sa.Column("clock_days", sa.Integer(), nullable=True),
        sa.Column("clock_working_days", sa.Boolean(), nullable=False),
        sa.Column("only_if_business", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"],
                                name=op.f("fk_procedure_stages_procedure_id_procedures"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_stages")),
        sa.UniqueConstraint("procedure_id", "position", name=op.f("uq_procedure_stages_procedure_id_position")),
    )
    op.create_index(op.f("ix_procedure_stages_procedure_id"), "procedure_stages", ["procedure_id"], unique=False)
    op.create_table(
        "procedure_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stage_started_on", sa.Date(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("touches_business", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("consultation_ends_on", sa.Date(), nullable=True),
        sa.Column("countersign_codes", sa.String(length=500), nullable=False),
        sa.Column("document_number", sa.String(length=80), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("effective_reason", sa.Text(), nullable=False),
        sa.Column("interpretation", sa.Text(), nullable=False),
        sa.Column("filing_due_on", sa.Date(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("filing_reference", sa.String(length=200), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"],
                                name=op.f("fk_procedure_runs_procedure_id_procedures")),
        sa.ForeignKeyConstraint(["started_by_id"], ["users.id"], name=op.f("fk_procedure_runs_started_by_id_users")),
        sa.ForeignKeyConstraint(["version_id"], ["rule_versions.id"],
                                name=op.f("fk_procedure_runs_version_id_rule_versions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_runs")),
        sa.UniqueConstraint("version_id", name=op.f("uq_procedure_runs_version_id")),
    )
    op.create_table(
        "procedure_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stage_kind", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("meeting", sa.String(length=300), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("returned_to", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_procedure_actions_actor_id_users")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_procedure_actions_department_id_departments")),
        sa.ForeignKeyConstraint(["run_id"], ["procedure_runs.id"],
                                name=op.f("fk_procedure_actions_run_id_procedure_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_actions")),
    )
    op.create_index(op.f("ix_procedure_actions_run_id"), "procedure_actions", ["run_id"], unique=False)
    op.create_table(
        "consultation_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("article", sa.String(length=40), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disposition", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("disposed_by_id", sa.Integer(), nullable=True),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_consultation_comments_author_id_users")),
        sa.ForeignKeyConstraint(["disposed_by_id"], ["users.id"],
                                name=op.f("fk_consultation_comments_disposed_by_id_users")),
        sa.ForeignKeyConstraint(["run_id"], ["procedure_runs.id"],
                                name=op.f("fk_consultation_comments_run_id_procedure_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_comments")),
    )
    op.create_index(op.f("ix_consultation_comments_run_id"), "consultation_comments", ["run_id"], unique=False)
    _seed_defaults()


def _seed_defaults() -> None:
    """Create the shipped procedures from `registry.procedures.defaults` (what `flask procedures seed` creates)."""
    from registry.procedures.defaults import DEFAULTS

    bind = op.get_bind()
    procedures = sa.table("procedures", *(sa.column(c) for c in (
        "id", "name", "document_type", "consultation_min_days", "consultation_working_days",
        "effective_delay_days", "filing_days", "created_at")))
    stages = sa.table("procedure_stages", *(sa.column(c) for c in (
        "procedure_id", "position", "kind", "name", "actor", "actor_role", "department_codes", "requires",
        "return_to", "clock_days", "clock_working_days", "only_if_business")))
    kinds = sa.table("procedure_kinds", sa.column("kind"), sa.column("procedure_id"))
    from datetime import UTC, datetime

    for name, spec in DEFAULTS.items():
        number = bind.execute(procedures.insert().returning(procedures.c.id).values(
            name=name, document_type=spec.get("document_type", ""),
            consultation_min_days=spec.get("consultation_min_days", 0),
            consultation_working_days=spec.get("consultation_working_days", False),
            effective_delay_days=spec.get("effective_delay_days", 0), filing_days=30,
            created_at=datetime.now(UTC))).scalar_one()
        for position, stage in enumerate(spec["stages"], start=1):
            bind.execute(stages.insert().values(
                procedure_id=number, position=position, kind=stage["kind"], name=stage["name"],
                actor=stage.get("actor", "owner"), actor_role=stage.get("actor_role", "editor"),
                department_codes=stage.get("department_codes", ""), requires=stage.get("requires", ""),
                return_to=stage.get("return_to"), clock_days=stage.get("clock_days"),
                clock_working_days=stage.get("clock_working_days", False),
                only_if_business=stage.get("only_if_business", False)))
        bind.execute(kinds.insert().values(kind=name, procedure_id=number))


def downgrade() -> None:
    for table in ("consultation_comments", "procedure_actions", "procedure_runs", "procedure_stages",
                  "procedure_kinds", "document_numbers", "procedures"):
        op.drop_table(table)
    with op.batch_alter_table("rules") as batch:
        batch.drop_column("kind")
