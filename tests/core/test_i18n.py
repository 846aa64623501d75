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


def test_a_signed_in_persons_language_is_kept_in_their_profile(app, client, make_user, login):
    """The choice outlives the session: after signing out, another browser signs in in that language."""
    user = login(make_user("reader", locale="zh_CN"))
    assert "制度目录" in client.get("/rules").get_data(as_text=True)
    client.get("/auth/lang/en")
    assert "Catalogue" in client.get("/rules").get_data(as_text=True)
    client.post("/auth/logout")
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": "correct-horse-9"})
    assert "Catalogue" in other.get("/rules").get_data(as_text=True)
    with app.app_context():
        from registry.auth.models import User
        from registry.db import db

        assert db.session.get(User, user.id).locale == "en"


def test_an_anonymous_visitors_language_stays_in_the_session(client):
    client.get("/auth/lang/en")
    assert "Sign in" in client.get("/auth/login").get_data(as_text=True)
    client.get("/auth/lang/zh_CN")
    assert "登录" in client.get("/auth/login").get_data(as_text=True)


def test_the_sign_in_request_speaks_chinese(client):
    client.get("/auth/lang/zh_CN")
    client.get("/rules")
    page = client.get("/auth/login").get_data(as_text=True)
    assert "请登录后查看此页面。" in page and "Please log in" not in page


def test_templates_follow_a_forced_language_and_return_to_the_requests(app):
    """Templates look the catalogue up once per request (registry/i18n.current_translations); an e-mail in
    another language, written in the middle of a request, still gets its language, and the page its own."""
    from registry.i18n import speaking

    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        template = app.jinja_env.from_string("{{ _('Search') }} {{ ngettext('%(num)s result', '%(num)s results', 2) }}")
        assert template.render() == "搜索 共 2 条结果"
        with speaking("en"):
            assert template.render() == "Search 2 results"
        assert template.render() == "搜索 共 2 条结果"
