"""The schema comes only from Alembic revisions, and they match the models exactly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from registry.db import Model
from registry.migrate import alembic_config


def _upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def test_upgrade_head_matches_the_models(database_url):
    _upgrade(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Model.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_base_removes_every_table(database_url):
    _upgrade(database_url)
    command.downgrade(alembic_config(database_url), "base")
    engine = create_engine(database_url)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert tables == set()


def test_flask_db_upgrade_command(app, runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    app.config["DATABASE_URL"] = url
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = create_engine(url)
    assert "rules" in inspect(engine).get_table_names()
    engine.dispose()
