"""When the database is down, read-only, missing or empty: a 503 that says so, never a bare 500.

The PostgreSQL cases need a real server (REGISTRY_TEST_DATABASE_URL) except "refusing connections",
which points psycopg at a port where nothing listens.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from registry.db import Model, db
from registry.rules.models import Rule
from tests.conftest import TEST_DATABASE_URL
from tests.core.tcpproxy import TcpProxy

needs_postgres = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs REGISTRY_TEST_DATABASE_URL (PostgreSQL)")
sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite file behaviour; this run is on PostgreSQL")
REFUSING = "postgresql+psycopg://postgres@127.0.0.1:1/test"  # nothing listens on port 1


@pytest.fixture
def bare_app(app_settings, build_app):
    """Build an app on a given database URL without creating its tables; close its engines afterwards."""
    return lambda url, **overrides: build_app({**app_settings, "DATABASE_URL": url, **overrides})


def _signed_in_as(client, user_id: int, locale: str) -> None:
    """Give the client the session a signed-in user of that language would have."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["user_locale"] = locale


def test_refused_connections_give_503_pages_in_the_users_language(bare_app):
    app = bare_app(REFUSING, LOGIN_REQUIRED=False)
    client = app.test_client()
    page = client.get("/rules", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "数据库暂时无法连接" in html and "未保存" in html
    assert page.headers["X-Request-ID"] in html and page.headers["Retry-After"] == "30"
    english = client.get("/rules", headers={"Accept-Language": "en"})
    assert english.status_code == 503 and "cannot be reached" in english.get_data(as_text=True)


def test_a_signed_in_user_gets_the_page_without_loading_the_user(bare_app):
    # The user's record cannot be read; the language they chose is remembered in the session.
    client = bare_app(REFUSING).test_client()
    _signed_in_as(client, 1, "zh_CN")
    page = client.get("/rules", headers={"Accept-Language": "en"})
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "数据库暂时无法连接" in html and 'lang="zh-CN"' in html
    assert "/auth/login" in html  # rendered as anonymous: no name, no bell that would query


def test_api_and_health_answer_json_503(bare_app):
    client = bare_app(REFUSING, LOGIN_REQUIRED=False).test_client()
    api = client.get("/api/v1/rules")
    assert api.status_code == 503
    error = api.get_json()["error"]
    assert error["reason"] == "database_unavailable" and error["request_id"] == api.headers["X-Request-ID"]
    _signed_in_as(client, 1, "en")  # a monitor with a stale cookie gets JSON as well
    health = client.get("/health")
    assert health.status_code == 503
    assert health.get_json() == {"status": "error", "checks": {"database": {"ok": False, "problem": "cannot connect"}}}


def test_health_is_ok_with_a_ready_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": {"ok": True}, "schema": {"ok": True}}}


def _empty_database(url: str) -> None:
    if url.startswith("sqlite"):  # an empty file, as an earlier version would have left
        sqlite3.connect(url.removeprefix("sqlite:///")).close()


def test_a_database_without_tables_says_run_db_upgrade_and_recovers(bare_app, database_url):
    _empty_database(database_url)
    app = bare_app(database_url, LOGIN_REQUIRED=False)
    client = app.test_client()
    health = client.get("/health")
    assert health.status_code == 503
    assert health.get_json()["checks"]["schema"] == {"ok": False, "problem": "database not initialised"}
    page = client.get("/rules")
    assert page.status_code == 503 and "flask --app wsgi db upgrade" in page.get_data(as_text=True)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert client.get("/health").status_code == 200
    assert client.get("/rules").status_code == 200  # no restart needed


def test_a_missing_table_is_reported_as_schema_out_of_date(bare_app, database_url):
    _empty_database(database_url)
    app = bare_app(database_url, LOGIN_REQUIRED=False)
    with app.app_context():
        Model.metadata.create_all(db.engine, tables=[Model.metadata.tables["departments"]])
    client = app.test_client()
    health = client.get("/health")
    assert health.get_json()["checks"]["schema"] == {"ok": False, "problem": "schema out of date"}
    assert client.get("/rules").status_code == 503


@sqlite_only
def test_a_missing_database_file_is_reported_not_created(bare_app, tmp_path):
    path = tmp_path / "data" / "registry.sqlite3"
    path.parent.mkdir()
    app = bare_app(f"sqlite:///{path}", LOGIN_REQUIRED=False)
    client = app.test_client()
    health = client.get("/health")
    assert health.status_code == 503
    assert health.get_json()["checks"] == {"database": {"ok": False, "problem": "database file missing"}}
    assert client.get("/rules").status_code == 503
    assert client.get("/api/v1/rules").get_json()["error"]["reason"] == "database_not_initialised"
    assert not path.exists()  # no empty database was made in its place
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0  # first run still creates it
    assert client.get("/health").status_code == 200 and client.get("/rules").status_code == 200


def _post_new_rule(client):
    return client.post("/rules/new", data={"code": "RO-1", "title": "只读测试办法", "v-body": "第一条 测试。"},
                       headers={"Accept-Language": "zh-CN"})


def _read_only_works(app_client, code):
    assert app_client.get("/rules").status_code == 200
    assert app_client.get(f"/rules/{code}").status_code == 200


def _make_immutable(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root and chattr +i is not supported here: a file mode would not stop root")


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o644)


@sqlite_only
def test_a_read_only_sqlite_file_refuses_writes_with_503_and_reads_work(app, client, login, make_user, make_rule,
                                                                       database_url):
    path = Path(database_url.removeprefix("sqlite:///"))
    code = make_rule(versions=[("第一条 现行。", date(2024, 1, 1))])
    login(make_user("admin"))
    with app.app_context():
        db.engine.dispose()  # connections opened later see the file as it is now
    _make_immutable(path)
    try:
        _read_only_works(client, code)
        response = _post_new_rule(client)
        assert response.status_code == 503
        assert "read-only at the moment, so nothing was saved" in response.get_data(as_text=True)
        _read_only_works(client, code)
    finally:
        _make_writable(path)
    with app.app_context():
        assert db.session.scalar(select(Rule).where(Rule.code == "RO-1")) is None  # nothing saved


def _read_only_url(url: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20")


def test_a_read_only_database_refuses_writes_with_503(app, client, login, make_user, make_rule, make_app,
                                                      database_url):
    # SQLite opened read-only, or a PostgreSQL session in read-only mode (as on a hot standby).
    code = make_rule(versions=[("第一条 现行。", date(2024, 1, 1))])
    login(make_user("admin"))
    read_only = make_app(DATABASE_URL=_read_only_url(database_url)).test_client()
    read_only.set_cookie("session", client.get_cookie("session").value)
    _read_only_works(read_only, code)
    response = _post_new_rule(read_only)
    assert response.status_code == 503
    assert "read-only at the moment, so nothing was saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Rule).where(Rule.code == "RO-1")) is None


def _with_application_name(url: str, name: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}application_name={name}"


@needs_postgres
@pytest.mark.parametrize("ping_idle_seconds", [10, 0], ids=["socket-polled", "pinged"])
def test_a_restarted_backend_does_not_fail_the_next_request(app_settings, make_app, make_user, make_rule,
                                                            ping_idle_seconds):
    """A connection used moments ago has its socket polled at checkout, an idle one is pinged (db.check_connections)."""
    name = f"faults_{uuid.uuid4().hex[:8]}"
    app = make_app(DATABASE_URL=_with_application_name(app_settings["DATABASE_URL"], name), LOGIN_REQUIRED=False,
                   DATABASE_PING_IDLE_SECONDS=ping_idle_seconds)
    code = make_rule(versions=[("第一条 现行。", date(2024, 1, 1))])
    client = app.test_client()
    assert client.get(f"/rules/{code}").status_code == 200  # the pool now holds a connection
    admin = create_engine(TEST_DATABASE_URL)
    with admin.begin() as connection:
        killed = connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                         "WHERE application_name = :name"), {"name": name}).scalar()
    admin.dispose()
    assert killed >= 1
    assert client.get(f"/rules/{code}").status_code == 200  # the dead connection was replaced at checkout


@needs_postgres
def test_the_app_recovers_when_the_database_comes_back(app_settings, make_app, make_rule):
    """PostgreSQL behind a proxy that we stop and start: 503 while it is down, 200 again after."""
    url = make_url(app_settings["DATABASE_URL"])
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        app = make_app(DATABASE_URL=proxied, LOGIN_REQUIRED=False)
        code = make_rule(versions=[("第一条 现行。", date(2024, 1, 1))])
        client = app.test_client()
        assert client.get(f"/rules/{code}").status_code == 200
        proxy.stop()  # refuses new connections and cuts the pooled one
        assert client.get(f"/rules/{code}").status_code == 503
        assert client.get("/health").status_code == 503
        proxy.start()
        assert client.get("/health").status_code == 200
        assert client.get(f"/rules/{code}").status_code == 200
