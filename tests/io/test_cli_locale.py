"""`rules import` and `registry export/restore` speak the CLI's language (CLI_LOCALE)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry.config import load_settings


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    root.mkdir(parents=True)
    (root / "印章管理办法.md").write_text("# 印章管理办法\n\n第一条 印章由办公室保管。\n", encoding="utf-8")
    (root / "empty.md").write_bytes(b"")
    return root


@pytest.mark.parametrize("locale, expected", [
    ("zh_CN", ["已创建制度 1 项，新版本 0 个，未修改 0 个，失败 1 个", "未能导入：", "empty.md: 文件为空"]),
    ("en", ["1 rules created, 0 new versions, 0 unchanged, 1 failed", "Could not import:",
            "empty.md: the file is empty"]),
])
def test_import_summary_in_the_cli_language(make_app, tmp_path, locale, expected, importer_args):
    runner = make_app(DEFAULT_LOCALE=locale).test_cli_runner()
    result = runner.invoke(args=["rules", "import", *importer_args, str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    for line in expected:
        assert line in result.output, result.output
    dry = runner.invoke(args=["rules", "import", *importer_args, "--dry-run", str(_folder(tmp_path / "again"))])
    assert ("试运行，未写入任何内容" if locale == "zh_CN" else "Dry run, nothing was written") in dry.output


def test_export_and_restore_messages_in_chinese(make_app, make_rule, tmp_path):
    make_rule(code="GL-001", versions=[("第一条 文本。", date(2020, 1, 1))])
    runner = make_app(DEFAULT_LOCALE="zh_CN").test_cli_runner()
    archive = tmp_path / "backup.zip"
    result = runner.invoke(args=["registry", "export", str(archive)])
    assert result.exit_code == 0 and "已写入" in result.output and "未包含密码哈希" in result.output, result.output
    refused = runner.invoke(args=["registry", "restore", str(archive)])  # the database is not empty
    assert refused.exit_code != 0 and "数据库不是空的" in refused.output, refused.output
    english = make_app(DEFAULT_LOCALE="en").test_cli_runner().invoke(args=["registry", "restore", str(archive)])
    assert "the database is not empty" in english.output


@pytest.mark.parametrize("environment, expected", [
    ({"REGISTRY_DEFAULT_LOCALE": "en", "LANG": "zh_CN.UTF-8"}, "en"),  # the explicit setting wins
    ({"REGISTRY_CLI_LOCALE": "en", "REGISTRY_DEFAULT_LOCALE": "zh_CN"}, "en"),  # and the CLI's own above all
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_TW.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL before LANG, as in POSIX
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "zh_CN"),  # no language: the site's default
    ({}, "zh_CN"),
])
def test_cli_locale_follows_the_setting_then_the_shell(monkeypatch, tmp_path, environment, expected):
    for name in ("REGISTRY_DEFAULT_LOCALE", "REGISTRY_CLI_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert load_settings(str(tmp_path))["CLI_LOCALE"] == expected
