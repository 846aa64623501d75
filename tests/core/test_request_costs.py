"""What every request costs beyond its page: no thread per request, no SQL for static files or /health,
versioned static URLs cached for a year, no cookie re-sent on each response, large pages compressed."""

from __future__ import annotations

import gc
import gzip
import os
import re
import threading
from datetime import date

from tests.conftest import PASSWORD
from tests.core.test_query_counts import counted


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_static_files_are_versioned_cached_and_need_no_database(app, client, login, make_user):
    login(make_user())
    urls = static_urls(client.get("/rules").get_data(as_text=True))
    assert {u.split("?")[0] for u in urls} >= {"/static/registry.css", "/static/registry.js"}
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        with counted(app) as statements:
            response = client.get(url)
            response.close()
        assert response.status_code == 200 and statements == [], (url, statements)
        control = response.headers["Cache-Control"]
        assert "max-age=31536000" in control and "immutable" in control and "no-cache" not in control
        assert "Set-Cookie" not in response.headers
    stale = client.get("/static/registry.css?v=000000000000")  # a page cached from an older release
    stale.close()
    assert stale.status_code == 200 and "immutable" not in stale.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_url(tmp_path):
    from registry.static_files import StaticVersions

    (tmp_path / "a.css").write_text("a{}")
    versions = StaticVersions(str(tmp_path))
    first = versions.version("a.css")
    (tmp_path / "a.css").write_text("b{}")
    os.utime(tmp_path / "a.css", ns=(1, 1))
    assert versions.version("a.css") != first and versions.version("missing.css") is None


def test_health_loads_no_user(app, client, login, make_user):
    """/health runs its own database checks (registry/health.py) and nothing else: no user, no sign-in."""
    login(make_user())
    with counted(app) as statements:
        assert client.get("/health").status_code == 200
    assert statements and not [s for s in statements if "users" in s or "sign_ins" in s]


def test_a_request_starts_no_thread(app, client, login, make_user, monkeypatch):
    """flask-sqlalchemy-lite's async teardown ran through asgiref, which started a thread per request."""
    login(make_user())
    client.get("/rules")
    started: list[threading.Thread] = []
    original = threading.Thread.start

    def start(thread):
        started.append(thread)
        return original(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    for url in ("/health", "/rules", "/api/v1/rules"):
        assert client.get(url).status_code == 200
    assert started == []


def test_signed_in_responses_do_not_resend_cookies(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302 and "remember_token" in str(response.headers.getlist("Set-Cookie"))
    client.get("/rules")  # the first page stores the form token in the session, once
    for url in ("/rules", "/api/v1/rules", "/health"):
        response = client.get(url)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, url


def _without_tokens(page: bytes) -> bytes:
    """Blank the form tokens, which carry the second they were signed in."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token" value=""', page)


def test_large_pages_are_compressed_when_asked(client, login, make_user, make_rule):
    login(make_user())
    body = "".join(f"第{n}条 公务接待应当遵守第{n}项规定，不得超标准接待。\n\n" for n in range(1, 400))
    code = make_rule(versions=[(body, date(2024, 1, 1))])
    plain = client.get(f"/rules/{code}")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.get(f"/rules/{code}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert _without_tokens(gzip.decompress(packed.data)) == _without_tokens(plain.data)
    assert len(packed.data) < len(plain.data) / 4
    small = client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers


def test_static_files_are_sent_as_they_are_and_closed(client):
    """flask-compress's streaming wrapper never closed the file: a ResourceWarning per stylesheet."""
    for name in ("registry.css", "registry.js"):
        response = client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers
        response.close()
    gc.collect()  # an unclosed file would warn here, which filterwarnings = error turns into a failure
