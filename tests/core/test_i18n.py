"""The interface speaks Chinese by default and English on request."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_settings(app_settings):
    app_settings["DEFAULT_LOCALE"] = "zh_CN"
    return app_settings


def test_chinese_by_default_english_on_request(client, login, make_user):
    login(make_user(locale="zh_CN"))
    html = client.get("/rules").get_data(as_text=True)
    assert "制度目录" in html and "退出" in html
    client.get("/auth/lang/en")
    html = client.get("/rules").get_data(as_text=True)
    assert "Catalogue" in html and "Sign out" in html


def test_browser_language_is_honoured(client):
    html = client.get("/auth/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Sign in" in html
    html = client.get("/auth/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert "登录" in html


def test_cli_messages_follow_the_default_language(app, runner):
    runner.invoke(args=["users", "create", "--email", "a@example.org", "--name", "A"], input="long-password\n")
    result = runner.invoke(args=["users", "create", "--email", "a@example.org", "--name", "A"], input="long-password\n")
    assert result.exit_code != 0 and "已存在" in result.output
