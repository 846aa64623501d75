"""Settings are declared once with a type; REGISTRY_* variables override them or stop the app at start."""

from __future__ import annotations

import ast
import logging
import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from registry import InsecureSecretKey, config, create_app
from registry.config import InvalidSettings
from registry.db import db

PACKAGE = Path(__file__).resolve().parents[2] / "registry"
TEMPLATES = PACKAGE.parent / "templates"
README = PACKAGE.parent / "README.md"


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REGISTRY_PER_PAGE", "7")
    monkeypatch.setenv("REGISTRY_LOGIN_REQUIRED", "0")
    app = create_app({"TESTING": True})
    assert app.config["PER_PAGE"] == 7
    assert app.config["LOGIN_REQUIRED"] is False
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    assert app.config["INDEX_DIR"] == str(tmp_path / "index")


def test_production_refuses_default_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("REGISTRY_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(InsecureSecretKey, match="REGISTRY_SECRET_KEY"):
        create_app()


def test_production_starts_with_a_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REGISTRY_SECRET_KEY", "a-long-random-value")
    assert create_app().config["SECRET_KEY"] == "a-long-random-value"


def test_a_documented_number_from_the_environment_is_a_number(monkeypatch, make_app):
    """REGISTRY_SEARCH_SYNC_BATCH=100 (README) arrived as the string "100": every commit raised TypeError."""
    from registry.rules import services

    monkeypatch.setenv("REGISTRY_SEARCH_SYNC_BATCH", "100")
    app = make_app()
    assert app.config["SEARCH_SYNC_BATCH"] == 100
    with app.app_context():
        rule = services.create_rule(None, code="A-1", title="印章管理办法")
        services.approve_version(None, services.add_draft_version(None, rule, "第一条 印章。\n"), date(2020, 1, 1))
        db.session.commit()
    verify = app.test_cli_runner().invoke(args=["search", "verify"])
    assert verify.exit_code == 0 and "outbox rows not yet applied: 0" in verify.output, verify.output


@pytest.mark.parametrize(("name", "raw", "value"), [
    ("LOGIN_REQUIRED", "off", False), ("LOGIN_REQUIRED", " Yes ", True), ("LOGIN_REQUIRED", "0", False),
    ("SESSION_COOKIE_SECURE", "false", False), ("SESSION_COOKIE_SECURE", "1", True),
    ("MAIL_TIMEOUT", "2.5", 2.5), ("PER_PAGE", " 7 ", 7),
    ("REMINDER_DAYS_BEFORE", "60, 14,1", (60, 14, 1)), ("LANGUAGES", "en", ("en",)),
    ("WTF_CSRF_TIME_LIMIT", "", None), ("WTF_CSRF_TIME_LIMIT", "3600", 3600),
    ("DEFAULT_LOCALE", "en", "en"), ("MAIL_PASSWORD", " spaced secret ", " spaced secret "),
])
def test_environment_text_becomes_the_declared_type(monkeypatch, tmp_path, name, raw, value):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(f"REGISTRY_{name}", raw)
    assert create_app({"TESTING": True}).config[name] == value


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("SEARCH_SYNC_BATCH", "lots", "a whole number"),
    ("LOGIN_REQUIRED", "maybe", "on or off (1/0, true/false, yes/no, on/off)"),
    ("SESSION_COOKIE_SECURE", "2", "on or off (1/0, true/false, yes/no, on/off), or empty"),
    ("MAIL_TIMEOUT", "ten", "a number"),
    ("DEFAULT_LOCALE", "fr", "one of zh_CN, en"),
    ("REMINDER_DAYS_BEFORE", "30,soon", "a comma-separated list, each a whole number"),
    ("PER_PAGE", "", "a whole number"),
])
def test_an_invalid_value_stops_the_app_at_start_naming_the_variable(monkeypatch, tmp_path, name, raw, expected):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(f"REGISTRY_{name}", raw)
    with pytest.raises(InvalidSettings) as caught:
        create_app({"TESTING": True})
    assert caught.value.problems == [f"REGISTRY_{name}={raw!r}: expected {expected}"]
    assert f"REGISTRY_{name}" in str(caught.value)


def test_every_invalid_variable_is_named_at_once(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REGISTRY_MAIL_PORT", "smtp")
    monkeypatch.setenv("REGISTRY_MAIL_USE_TLS", "sometimes")
    with pytest.raises(InvalidSettings) as caught:
        create_app({"TESTING": True})
    assert [p.split("=")[0] for p in caught.value.problems] == ["REGISTRY_MAIL_PORT", "REGISTRY_MAIL_USE_TLS"]


def test_overrides_are_checked_too(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(InvalidSettings, match="setting PER_PAGE=True: expected a whole number"):
        create_app({"TESTING": True, "PER_PAGE": True})
    with pytest.raises(InvalidSettings, match="setting PER_PAG is not declared in registry/config.py"):
        create_app({"TESTING": True, "PER_PAG": 5})
    app = create_app({"TESTING": True, "PER_PAGE": "9", "REMINDER_DAYS_BEFORE": [3, 1], "PROPAGATE_EXCEPTIONS": True})
    assert app.config["PER_PAGE"] == 9 and app.config["REMINDER_DAYS_BEFORE"] == (3, 1)


def test_an_unknown_variable_is_warned_about_with_the_likely_name(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REGISTRY_SESION_COOKIE_SECURE", "0")
    monkeypatch.setenv("REGISTRY_SERVICE_HOST", "10.0.0.7")  # as Kubernetes sets for a service "registry"
    with caplog.at_level(logging.WARNING, logger="registry.config"):
        app = create_app({"TESTING": True})
    warnings = [r.getMessage() for r in caplog.records if r.name == "registry.config"]
    assert ("REGISTRY_SESION_COOKIE_SECURE is not a registry setting and is ignored; "
            "did you mean REGISTRY_SESSION_COOKIE_SECURE?") in warnings
    assert "REGISTRY_SERVICE_HOST is not a registry setting and is ignored" in warnings
    assert not any("INSTANCE_PATH" in w for w in warnings)
    assert "SESION_COOKIE_SECURE" not in app.config and "SERVICE_HOST" not in app.config


def test_every_declared_type_is_one_the_loader_converts():
    from registry.settings_types import check_value, describe_type

    for name, kind in config.declared().items():
        assert describe_type(kind), name  # raises TypeError for a type the loader cannot read
        assert check_value(getattr(config.Defaults, name), kind) == getattr(config.Defaults, name), name


def test_every_setting_read_in_the_code_is_declared():
    """Scan registry/ for `config["X"]` / `.get("X")` reads, and templates for `config.X`: all declared."""
    declared = set(config.declared())
    derived = {"SQLALCHEMY_ENGINES", "BABEL_DEFAULT_LOCALE"}  # written by config.py from declared ones
    flask_own = set(Flask.default_config)
    undeclared, defaulted = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _setting_name(node)
            if name is None:
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}"
            if name.startswith("REGISTRY_"):  # an environment variable read directly
                if name[len("REGISTRY_"):] not in config.ENVIRONMENT_ONLY:
                    undeclared.append(where)
            elif name not in declared | derived | flask_own:
                undeclared.append(where)
            elif isinstance(node, ast.Call) and len(node.args) > 1:
                defaulted.append(where)
    for path in sorted(TEMPLATES.rglob("*.html")):
        for name in re.findall(r"\bconfig(?:\.|\[['\"])([A-Z][A-Z0-9_]*)", path.read_text(encoding="utf-8")):
            if name not in declared | flask_own:
                undeclared.append(f"{path.relative_to(TEMPLATES.parent)} {name}")
    assert undeclared == [], "declare these in registry/config.py (Defaults)"
    assert defaulted == [], "a default at the read site is a second source of truth: declare it in Defaults"


def test_readme_lists_every_setting():
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `REGISTRY_")]
    listed = {name for row in rows for name in re.findall(r"`REGISTRY_([A-Z0-9_]+)`", row.split("|")[1])}
    assert sorted(set(config.declared()) - listed) == [], "add these to the README's settings table"
    assert sorted(listed - set(config.declared()) - set(config.ENVIRONMENT_ONLY)) == [], "no such setting"


def _setting_name(node: ast.AST) -> str | None:
    """Return NAME for `x["NAME"]` and `x.get("NAME", …)` with an upper-case NAME, else None."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        value = node.slice.value
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
          and node.args and isinstance(node.args[0], ast.Constant)):
        value = node.args[0].value
    else:
        return None
    return value if isinstance(value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]+", value) else None
