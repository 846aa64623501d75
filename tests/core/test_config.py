"""Settings come from REGISTRY_* variables; production refuses the default secret key."""

from __future__ import annotations

import pytest

from registry import InsecureSecretKey, create_app


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
