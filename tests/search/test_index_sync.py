"""The index follows the database: outbox after a crash, rollbacks, concurrent writers, verify, rebuild."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registry.db import db
from registry.search import engine
from registry.search.models import SearchOutbox
from tests.search.conftest import codes

BODY = "第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n"


def _outbox_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def test_a_crash_after_commit_loses_nothing(app, make_rule, runner, monkeypatch, reader, api_search):
    def crash():
        raise OSError("killed between the database commit and the index write")

    monkeypatch.setattr("registry.search.services.sync", crash)
    make_rule(code="A-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    monkeypatch.undo()
    assert _outbox_rows(app) >= 1
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1 and "missing: 0" not in result.output
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "1 rules re-indexed" in result.output, result.output
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert codes(api_search("印章")) == ["A-1"]


def test_the_first_search_in_a_process_applies_leftovers(app, make_rule, reader, api_search):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    make_rule(code="A-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    assert codes(api_search("印章")) == ["A-1"]


def test_a_rolled_back_change_leaves_no_trace(app, reader, api_search):
    from registry.rules import services

    with app.app_context():
        rule = services.create_rule(None, code="R-1", title="回滚的办法")
        services.add_draft_version(None, rule, BODY)
        db.session.rollback()
    assert _outbox_rows(app) == 0
    assert api_search("回滚")["total"] == 0


def test_edits_and_repeals_reach_the_index(app, make_rule, reader, api_search, today):
    from registry.rules import queries, services

    make_rule(code="A-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    with app.app_context():
        rule = queries.rule_by_code("A-1")
        services.update_rule(None, rule, title="用印审批办法", tags=["用印"])
        db.session.commit()
    assert codes(api_search("title:用印审批")) == ["A-1"] and codes(api_search("tag:用印")) == ["A-1"]
    with app.app_context():
        services.repeal_rule(None, queries.rule_by_code("A-1"), today, "合并")
        db.session.commit()
    assert api_search("印章")["total"] == 0
    assert api_search("印章", repealed=1)["total"] == 1


def _writer_process(settings: dict, prefix: str, count: int) -> None:
    from registry import create_app
    from registry.rules import services

    app = create_app(settings)
    with app.app_context():
        for n in range(count):
            rule = services.create_rule(None, code=f"{prefix}-{n}", title=f"并发写入{prefix}{n}")
            version = services.add_draft_version(None, rule, f"第一条 并发测试{prefix}{n}号。\n")
            services.approve_version(None, version, date(2020, 1, 1))
            db.session.commit()
        db.engine.dispose()


def test_two_processes_writing_at_once_lose_nothing(app, app_settings, runner, reader, api_search):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer_process, args=(app_settings, p, 6)) for p in ("P", "Q")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 0, result.output
    assert api_search("并发测试", limit=50)["total"] == 12


# The deliberately damaged files cannot all be closed cleanly by Whoosh once reading them failed.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_verify_detects_a_damaged_index_and_rebuild_repairs_it(app, make_rule, runner, reader, api_search):
    make_rule(code="A-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    make_rule(code="A-2", title="档案管理办法", versions=[("第一条 档案保管。\n", date(2020, 1, 1))])
    root = Path(app.config["INDEX_DIR"])
    with engine.writing(root) as writer:  # lose one document behind the application's back
        writer.delete_documents([next(iter(engine.stored_documents(root)))["doc_id"]])
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1 and "missing: 1" in result.output, result.output

    generation = root / engine.current_name(root)
    for path in generation.glob("*.seg"):
        path.write_bytes(b"\x00garbage")
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1 and "cannot be read" in result.output, result.output

    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "2 rules" in result.output, result.output
    assert engine.current_name(root) != generation.name
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert codes(api_search("档案")) == ["A-2"]


def test_rebuild_keeps_search_online(app, make_rule, runner, reader, api_search):
    make_rule(code="A-1", title="印章管理办法", versions=[(BODY, date(2020, 1, 1))])
    assert codes(api_search("印章")) == ["A-1"]  # a searcher is open on the old generation
    assert runner.invoke(args=["search", "rebuild"]).exit_code == 0
    assert codes(api_search("印章")) == ["A-1"]
    make_rule(code="A-2", title="新印章办法", versions=[("第一条 新印章。\n", date(2020, 1, 1))])
    assert sorted(codes(api_search("印章"))) == ["A-1", "A-2"]


def test_rules_import_leaves_the_index_in_sync(app_settings, app, runner, tmp_path, reader, api_search, importer_args):
    app.config["SEARCH_SYNC_BATCH"] = 1  # treat the import as a bulk change: one index write at the end
    folder = tmp_path / "rules" / "财务"
    folder.mkdir(parents=True)
    for day, text in (("2020-01-01", "差旅费按标准报销"), ("2023-01-01", "差旅费按新标准报销")):
        (folder / f"差旅费管理办法({day}).md").write_text(f"# 差旅费管理办法\n\n第一条 {text}。\n", encoding="utf-8")
    (folder / "travel.md").write_text("# Travel policy\n\nEffective Date: March 1, 2020\n\n"
                                      "Article 1. Book economy class.\n", encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "rules")])
    assert result.exit_code == 0, result.output
    verified = runner.invoke(args=["search", "verify"])
    assert verified.exit_code == 0, verified.output
    assert api_search("新标准")["total"] == 1 and api_search("新标准")["hits"][0]["version"] == 2
    assert api_search("economy")["total"] == 1


def test_a_held_session_leaves_its_changes_for_one_sync(app, runner):
    from registry.rules import services
    from registry.search import outbox

    with app.app_context():
        with outbox.held(db.session):
            rule = services.create_rule(None, code="H-1", title="暂存办法")
            services.approve_version(None, services.add_draft_version(None, rule, BODY), date(2020, 1, 1))
            db.session.commit()
        assert list(engine.stored_documents(app.config["INDEX_DIR"])) == []
    assert _outbox_rows(app) == 1
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert len(list(engine.stored_documents(app.config["INDEX_DIR"]))) == 1


def test_rules_import_defers_the_index_without_touching_the_settings(app, runner, tmp_path, monkeypatch,
                                                                     reader, api_search, importer_args):
    """The import holds its own session's outbox; it no longer turned SEARCH_SYNC_ON_COMMIT off app-wide."""
    from flask import current_app

    from registry.io import importer

    seen, real = [], importer.import_group

    def watching(group, report, **options):
        seen.append(current_app.config["SEARCH_SYNC_ON_COMMIT"])
        return real(group, report, **options)

    monkeypatch.setattr(importer, "import_group", watching)
    for n in range(3):
        (tmp_path / "rules").mkdir(exist_ok=True)
        text = f"# 第{n}号办法\n\n第一条 暂缓索引{n}。\n\n第二条 本办法自2020年1月1日起施行。\n"
        (tmp_path / "rules" / f"办法{n}.md").write_text(text, encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, str(tmp_path / "rules")])
    assert result.exit_code == 0, result.output
    assert seen == [True, True, True]  # other requests and commands still index after each commit
    assert app.config["SEARCH_SYNC_ON_COMMIT"] is True
    assert api_search("暂缓索引")["total"] == 3  # applied once, at the end


def test_an_index_of_an_older_format_is_rebuilt_by_sync(app, make_rule, runner, reader, api_search):
    make_rule(code="P-1", title="Leave policy", versions=[("Article 1. Annual leave is paid.\n", date(2020, 1, 1))])
    root = Path(app.config["INDEX_DIR"])
    old = root / engine.current_name(root)
    (old / "FORMAT").unlink()  # as an index written before biwords existed
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1 and "older format" in result.output, result.output
    # Until it is rebuilt, phrases are still found the slower way (positions).
    assert codes(api_search('"annual leave"')) == ["P-1"]

    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "rebuilding" in result.output, result.output
    assert engine.current_name(root) != old.name and engine.generation_format(root) == engine.FORMAT
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert codes(api_search('"annual leave"')) == ["P-1"]


def test_a_sync_with_nothing_to_apply_reads_no_outbox_rows(app, make_rule, runner):
    """Every process syncs every few seconds: with the window full after an import, one aggregate, not its rows."""
    from tests.core.test_query_counts import counted

    for n in range(1, 4):
        make_rule(code=f"N-{n}", title=f"印章管理办法{n}", versions=[(BODY, date(2020, 1, 1))])
    with counted(app) as statements:
        assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert not [s for s in statements if "search_outbox.rule_id" in s], statements
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    make_rule(code="N-4", title="骑缝章管理办法", versions=[(BODY, date(2020, 1, 1))])
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "1 rules re-indexed" in result.output, result.output
