"""`flask doctor` on a healthy deployment and on broken ones: a line per check, exit 1 on a problem."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from alembic import command
from alembic.script import ScriptDirectory

from registry.io.documents import find_cjk_font
from registry.migrate import alembic_config

GOOD = {"SECRET_KEY": "k" * 40, "BASE_URL": "https://rules.example.org", "CLI_LOCALE": "en", "DOCTOR_MIN_FREE_MB": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port():
    """A real SMTP server on loopback that accepts and discards mail."""
    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def deployment(app_settings, build_app):
    """Build an app as a deployment would run it (schema from Alembic, not create_all)."""
    return lambda **overrides: build_app({**app_settings, **GOOD, **overrides})


def _doctor(app):
    result = app.test_cli_runner().invoke(args=["doctor"])
    lines = {}
    for line in result.output.splitlines():
        label, _, rest = line.partition(" ")
        if label.isupper() and rest:  # "OK       Title: detail"
            lines[rest.strip().split(":")[0]] = line
    return result, lines


def _ready(app) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["search", "rebuild"]).exit_code == 0


needs_font = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (make fonts)")


@needs_font
def test_a_healthy_deployment_passes(deployment, smtp_port):
    app = deployment(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port)
    _ready(app)
    result, lines = _doctor(app)
    assert result.exit_code == 0, result.output
    for title in ("Secret key", "Base URL", "Database", "Database tables", "Schema revision", "Search index",
                  "Mail server", "PDF font", "Disk (instance folder)", "Disk (search index)"):
        assert lines[title].startswith("OK"), (title, result.output)
    assert f"Mail server: 127.0.0.1:{smtp_port}" in result.output
    assert "Everything checked is in order." in result.output


def test_an_unreachable_database_is_a_problem_and_dependent_checks_are_skipped(deployment, smtp_port):
    app = deployment(DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/test", MAIL_SERVER="127.0.0.1",
                     MAIL_PORT=smtp_port)
    result, lines = _doctor(app)
    assert result.exit_code == 1
    assert lines["Database"].startswith("PROBLEM") and "Connection refused" in lines["Database"]
    assert "Start the database server or correct REGISTRY_DATABASE_URL" in result.output
    for title in ("Database tables", "Schema revision", "Search index"):
        assert lines[title].startswith("SKIPPED")
    assert lines["Mail server"].startswith("OK")


def test_each_broken_setting_is_named_with_its_fix(deployment, tmp_path):
    app = deployment(SECRET_KEY="dev-only-change-me", BASE_URL="rules.example.org", MAIL_SERVER="127.0.0.1",
                     MAIL_PORT=free_port(), MAIL_TIMEOUT=2, PDF_FONT=str(tmp_path / "nope.ttf"),
                     DOCTOR_MIN_FREE_MB=10**12)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # but no search index built
    result, lines = _doctor(app)
    assert result.exit_code == 1
    expected = {
        "Secret key": "development key", "Base URL": "not an http(s) address", "Search index": "no index yet",
        "Mail server": "cannot reach the mail server", "PDF font": "names no file",
        "Disk (instance folder)": "MB free", "Disk (search index)": "MB free",
    }
    for title, words in expected.items():
        assert lines[title].startswith("PROBLEM") and words in lines[title], (title, result.output)
    assert lines["Database"].startswith("OK") and lines["Schema revision"].startswith("OK")
    assert "7 problem(s) found." in result.output
    assert "Run `flask --app wsgi search rebuild`." in result.output


def test_an_old_schema_revision_says_run_db_upgrade(deployment, database_url):
    app = deployment()
    command.upgrade(alembic_config(database_url), "0003")
    result, lines = _doctor(app)
    assert result.exit_code == 1
    assert lines["Database tables"].startswith("PROBLEM") and "Tables missing" in lines["Database tables"]
    assert lines["Schema revision"].startswith("PROBLEM")
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert f"at revision 0003; the latest is {head}" in lines["Schema revision"]
    assert lines["Search index"].startswith("SKIPPED")
    assert "Run `flask --app wsgi db upgrade`." in result.output


def test_the_report_speaks_the_cli_language(deployment):
    result, lines = _doctor(deployment(DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/test",
                                       CLI_LOCALE="zh_CN"))
    assert result.exit_code == 1
    assert "问题     数据库" in result.output and "跳过     检索索引" in result.output
    assert "个问题。" in result.output
