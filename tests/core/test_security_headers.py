"""Every response carries the security headers; session and remember-me cookies are HttpOnly, Lax, Secure."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.auth.policy import POLICY, READERS, Access
from registry.security_headers import CONTENT_SECURITY_POLICY
from tests.conftest import PASSWORD

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _assert_protected(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("path", "status"), [
    ("/auth/login", 200),  # a page
    ("/rules", 302),  # a redirect to sign in
    ("/no/such/page", 404),  # an error page
    ("/static/registry.css", 200),  # a static file
    ("/static/registry.js", 200),
    ("/api/v1/rules", 401),  # the API, refusing
    ("/health", 200),
])
def test_every_kind_of_response_is_protected(client, path, status):
    with client.get(path) as response:  # closes the static file
        assert response.status_code == status
        _assert_protected(response)


def test_signed_in_pages_the_api_and_a_server_error_are_protected(app, client, login, make_user, monkeypatch):
    @app.get("/test-only/boom")
    def boom():
        raise RuntimeError("a bug")

    monkeypatch.setitem(POLICY, "boom", Access(READERS))

    login(make_user("reader"))
    for path, status in (("/rules", 200), ("/api/v1/rules", 200), ("/test-only/boom", 500)):
        response = client.get(path)
        assert response.status_code == status, path
        _assert_protected(response)
    assert "Something went wrong" in response.get_data(as_text=True)


def test_templates_have_no_inline_script_handler_or_style():
    """The policy forbids them: each would silently stop working in the browser."""
    offending = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.parts[-2] == "emails":  # e-mail clients, not browsers under our policy, read these
            continue
        text = path.read_text(encoding="utf-8")
        for marker in ("<script>", "<style", " style=", " onclick=", " onsubmit=", " onchange=", " onload=",
                       " oninput=", "javascript:"):
            if marker in text:
                offending.append(f"{path.relative_to(TEMPLATES)}: {marker.strip()}")
    assert offending == []
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def _cookies(response) -> dict[str, str]:
    """Map each cookie set by the response to its Set-Cookie line."""
    return {line.split("=", 1)[0]: line for line in response.headers.getlist("Set-Cookie")}


def _sign_in(client, user, base_url="http://localhost"):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "remember": "y"},
                           base_url=base_url)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return _cookies(response)


def test_cookies_are_httponly_and_lax_and_not_secure_under_test(client, make_user):
    cookies = _sign_in(client, make_user("reader"))
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name]
        assert "Secure" not in cookies[name]  # the test client speaks plain http


def test_cookies_are_secure_outside_debug_and_testing(make_app, make_user, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = make_app(TESTING=False)
    user = make_user("reader")
    cookies = _sign_in(app.test_client(), user, base_url="https://localhost")
    for name in ("session", "remember_token"):
        assert "Secure" in cookies[name] and "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name]


@pytest.mark.parametrize("off", ["0", "off", "false", "no"])
def test_session_cookie_secure_0_turns_secure_off(make_app, make_user, monkeypatch, off):
    """The string "0" used to be truthy and turned Secure on."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("REGISTRY_SESSION_COOKIE_SECURE", off)
    app = make_app(TESTING=False)
    assert app.config["SESSION_COOKIE_SECURE"] is False and app.config["REMEMBER_COOKIE_SECURE"] is False
    cookies = _sign_in(app.test_client(), make_user("reader"))
    for name in ("session", "remember_token"):
        assert "Secure" not in cookies[name] and "HttpOnly" in cookies[name]
