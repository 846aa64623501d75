"""Backup: export → restore into an empty database → export again gives the same archive."""

from __future__ import annotations

import uuid
import zipfile
from datetime import date

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy import text as sql_text

from registry import create_app
from registry.auth.models import User
from registry.db import Model, db
from tests.conftest import PASSWORD, TEST_DATABASE_URL


@pytest.fixture
def empty_app(tmp_path, app_settings, monkeypatch):
    """A second app on its own empty database (SQLite file or PostgreSQL schema)."""
    schema = None
    if TEST_DATABASE_URL:
        schema = f"r_{uuid.uuid4().hex[:12]}"
        engine = create_engine(TEST_DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(sql_text(f"CREATE SCHEMA {schema}"))
        separator = "&" if "?" in TEST_DATABASE_URL else "?"
        url = f"{TEST_DATABASE_URL}{separator}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance2"))
    second = create_app({**app_settings, "DATABASE_URL": url, "INDEX_DIR": str(tmp_path / "index2")})
    with second.app_context():
        Model.metadata.create_all(db.engine)
    yield second
    with second.app_context():
        db.engine.dispose()
    if schema:
        with engine.begin() as conn:
            conn.execute(sql_text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def filled(app, make_rule, make_user, make_department):
    """A registry with nested categories, users, versions, a repeal, links, tags, a task and a notice."""
    department_id = make_department(code="BGS", name="办公室")
    editor = make_user("editor", department_id=department_id, name="张三")
    make_rule(code="办发〔2023〕12号", title="公文处理办法", category="综合管理/办文/公文处理",
              versions=[("# 公文处理办法\n\n第一条 旧文本。\n", date(2020, 1, 1)),
                        ("# 公文处理办法\n\n第一条 新文本。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", date(2023, 3, 1))],
              draft="# 公文处理办法\n\n第一条 草稿。\n", department_id=department_id)
    make_rule(code="GL-002", title="旧规定", versions=[("第一条 作废。\n", date(2010, 1, 1))],
              repealed_on=date(2020, 1, 1))
    with app.app_context():
        from registry.notifications.services import notify
        from registry.rules import queries, services
        from registry.tasks.services import open_revision_task

        rule = queries.rule_by_code("办发〔2023〕12号")
        user = db.session.get(User, editor.id)
        services.update_rule(user, rule, tags=["公文", "办文"], related=[queries.rule_by_code("GL-002")])
        open_revision_task(user, rule, user, date(2027, 1, 1), "review", "复审")
        notify(user, "review_due", "复审提醒", "请复审", "/rules/x", rule)
        from registry.rules.attachments import add_attachment

        add_attachment(user, rule.versions[1], "附件1 采购申请表", body="附件1\n\n采购申请表\n",
                       content=b"PK\x03\x04\x00\xff", filename="采购申请表.xlsx",
                       media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        from registry.usage.services import add_evidence

        add_evidence(user, rule, kind="file", filename="检查记录.pdf", content=b"%PDF-1.4\n\x00\xfe evidence")
        db.session.commit()
    return editor


def _export(application, path, *extra):
    result = application.test_cli_runner().invoke(args=["registry", "export", str(path), *extra])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def test_export_restore_export_is_identical(app, empty_app, filled, tmp_path):
    first = _export(app, tmp_path / "first.zip")
    restored = empty_app.test_cli_runner().invoke(args=["registry", "restore", str(tmp_path / "first.zip")])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output and "search" in restored.output
    second = _export(empty_app, tmp_path / "second.zip")
    assert first == second
    with zipfile.ZipFile(tmp_path / "first.zip") as bundle:
        names = bundle.namelist()
        assert "manifest.json" in names and "tables/rule_versions.json" in names
        assert "采购申请表.xlsx" in bundle.read("tables/rule_attachments.json").decode()
        assert "versions/办发〔2023〕12号/v3.md" in names
        assert "第一条 草稿。" in bundle.read("versions/办发〔2023〕12号/v3.md").decode()
        assert '"password_hash": ""' in bundle.read("tables/users.json").decode()
    with empty_app.app_context():
        from registry.rules import queries

        rule = queries.rule_by_code("办发〔2023〕12号")
        assert rule.category.path_name == "综合管理/办文/公文处理" and [t.name for t in rule.tags] == ["公文", "办文"]
        assert rule.versions[1].effective_on == date(2023, 3, 1) and rule.created_at.tzinfo is not None
        assert [(a.title, a.content) for a in rule.versions[1].attachments] == [
            ("附件1 采购申请表", b"PK\x03\x04\x00\xff")]
        from registry.usage.models import ArticleEvidence

        evidence = db.session.scalars(select(ArticleEvidence)).one()  # an evidence file travels with the backup
        assert (evidence.filename, evidence.size, evidence.content) == (
            "检查记录.pdf", 20, b"%PDF-1.4\n\x00\xfe evidence")
        # new rows after a restore get fresh ids (PostgreSQL sequences were moved on)
        from registry.rules import services

        services.create_rule(None, code="NEW-1", title="新规定")
        db.session.commit()


def test_restore_refuses_a_non_empty_database_and_bad_files(app, filled, tmp_path):
    _export(app, tmp_path / "backup.zip")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["registry", "restore", str(tmp_path / "backup.zip")])
    assert result.exit_code != 0 and "the database is not empty" in result.output
    (tmp_path / "junk.zip").write_bytes(b"junk")
    result = runner.invoke(args=["registry", "restore", str(tmp_path / "junk.zip")])
    assert result.exit_code != 0 and "not a readable backup archive" in result.output


def test_password_hashes_only_when_asked(app, empty_app, filled, tmp_path, client):
    _export(app, tmp_path / "full.zip", "--with-password-hashes")
    assert empty_app.test_cli_runner().invoke(args=["registry", "restore", str(tmp_path / "full.zip")]).exit_code == 0
    with empty_app.app_context():
        user = db.session.scalar(select(User).where(User.email == filled.email))
        assert user.check_password(PASSWORD)


def test_restore_needs_the_schema(app, filled, tmp_path, monkeypatch):
    _export(app, tmp_path / "backup.zip")
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance3"))
    bare = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'bare.sqlite3'}",
                       "INDEX_DIR": str(tmp_path / "ix3"), "DEFAULT_LOCALE": "en"})
    result = bare.test_cli_runner().invoke(args=["registry", "restore", str(tmp_path / "backup.zip")])
    assert result.exit_code != 0 and "run `flask db upgrade` first" in result.output
    with bare.app_context():
        db.engine.dispose()
