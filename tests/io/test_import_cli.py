"""`flask rules import DIR`: files become rules, re-runs add only what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registry.db import db
from registry.rules import queries
from registry.rules.models import Rule, RuleVersion

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "rules"
    _write(root / "办文" / "公文处理办法.md",
           "# 公文处理办法\n\n办发〔2023〕12号\n\n2023年3月1日印发\n\n第一条 为规范公文处理，制定本办法。\n")
    _write(root / "财务" / "差旅费管理办法(2018-10-26).md", "# 差旅费管理办法\n\n第一条 住宿费标准为350元。\n")
    _write(root / "财务" / "差旅费管理办法(2021-04-29).md", "# 差旅费管理办法\n\n第一条 住宿费标准为450元。\n")
    _write(root / "notes.txt", "Leave policy\n\nArticle 1 Staff get annual leave.\n")
    _write(root / "empty.md", "")
    _write(root / "gbk.txt", "请假管理规定\n\n第一条 职工请假应当提前申请。\n", encoding="gbk")
    (root / "broken.md").write_bytes(b"\x81\x20\xfe\xff\x80\x80 not text \xff\xff")
    _write(root / "image.png", "not imported")
    return root


def test_import_creates_rules_versions_and_reports_failures(app, runner, folder, importer_args):
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert result.exit_code == 0, result.output
    assert "4 rules created, 1 new versions, 0 unchanged, 2 failed" in result.output
    assert "empty.md: the file is empty" in result.output and "broken.md" in result.output
    with app.app_context():
        official = queries.rule_by_code("办发〔2023〕12号")
        assert official.title == "公文处理办法" and official.category.path_name == "办文"
        assert official.versions[0].effective_on == date(2023, 3, 1)
        travel = db.session.scalar(select(Rule).where(Rule.source_path == "财务/差旅费管理办法.md"))
        assert [v.effective_on for v in travel.versions] == [date(2018, 10, 26), date(2021, 4, 29)]
        assert "450元" in travel.versions[-1].body
        leave = db.session.scalar(select(Rule).where(Rule.source_path == "gbk.txt"))
        assert leave.title == "请假管理规定" and "提前申请" in leave.versions[0].body


def test_rerun_creates_nothing_and_changed_file_is_new_version(app, runner, folder, importer_args):
    runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "0 rules created, 0 new versions, 5 unchanged" in result.output
    _write(folder / "办文" / "公文处理办法.md", "# 公文处理办法\n\n第一条 修订后的文本。\n")
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "0 rules created, 1 new versions" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(RuleVersion.id))) == 6


def test_import_as_draft(app, runner, folder, importer_args):
    runner.invoke(args=["rules", "import", *importer_args, "--as-draft", str(folder / "办文")])
    with app.app_context():
        rule = db.session.scalars(select(Rule)).one()
        assert rule.versions[0].status == "draft"


def test_import_shared_corpus_sample(app, runner, tmp_path, importer_args):
    """A slice of the real corpus imports cleanly (the whole corpus is timed in bench/)."""
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not present on this machine")
    sample = tmp_path / "sample"
    for path in sorted((CORPUS / "zh" / "行政法规").glob("*.md"))[:20]:
        _write(sample / "行政法规" / path.name, path.read_text(encoding="utf-8"))
    result = runner.invoke(args=["rules", "import", *importer_args, str(sample)])
    assert result.exit_code == 0 and "0 failed" in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Rule.id))) >= 15


def test_users_create_reads_password_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "Boss@Example.org", "--name", "Boss", "--role", "admin"],
                           input="s3cret-password\n")
    assert result.exit_code == 0, result.output
    from registry.auth.services import authenticate

    with app.app_context():
        assert authenticate("boss@example.org", "s3cret-password").role == "admin"
    again = runner.invoke(args=["users", "create", "--email", "boss@example.org", "--name", "B"], input="x" * 9 + "\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_import_updates_the_search_index_once_at_the_end(app, runner, folder, importer_args):
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "Index" in result.output or "index" in result.output, result.output
    verify = runner.invoke(args=["search", "verify"])
    assert verify.exit_code == 0 and "outbox rows not yet applied: 0" in verify.output, verify.output


def test_an_import_of_several_batches_keeps_its_acting_user(app, folder, make_user):
    from registry.auth.models import User
    from registry.io.importer import import_directory

    approver = make_user("approver")
    with app.app_context():
        actor = db.session.get(User, approver.id)
        report = import_directory(folder, actor=actor, batch_size=2)  # a commit (and expunge) every 2 files
        db.session.commit()
        assert not report.failed or all("broken" in p or "empty" in p for p, _r in report.failed), report.failed
        assert db.session.scalar(select(func.count(Rule.id))) == 4
