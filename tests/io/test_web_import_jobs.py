"""The confirmed web import runs in the background: progress, failure, permissions, expiry, double clicks."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registry.db import db
from registry.io import importer
from registry.rules.models import Rule, RuleVersion
from registry.search.models import SearchOutbox
from tests.conftest import PASSWORD
from tests.io.samples import zip_bytes
from tests.io.webimport import GOOD, follow, preview_token, upload

THREE = {
    "a/甲办法.md": GOOD.replace("印章管理办法", "甲办法").replace("办发〔2024〕7号", "").encode(),
    "b/乙办法.md": "# 乙办法\n\n第一条 乙。\n".encode(),
    "c/丙办法.md": "# 丙办法\n\n第一条 丙。\n".encode(),
}


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count(model.id))) for model in (Rule, RuleVersion, SearchOutbox))


def _job_folder(app, token) -> Path:
    return Path(app.instance_path) / "imports" / token


@pytest.fixture
def gate(monkeypatch):
    """Hold the import before its second rule until the test opens the gate (installed after the preview)."""
    opened = threading.Event()
    real = importer.import_group
    seen = []

    def install():
        def held(group, report, **options):
            seen.append(group.key)
            if len(seen) == 2:
                assert opened.wait(30)
            return real(group, report, **options)

        monkeypatch.setattr(importer, "import_group", held)

    yield install, opened
    opened.set()


def test_progress_is_reported_while_the_import_runs(app, client, login, make_user, gate):
    install, opened = gate
    login(make_user("approver"))
    token = preview_token(client, zip_bytes(THREE), "三项.zip")
    install()
    assert client.post(f"/io/import/{token}").status_code == 302
    status = follow(client, token, until=lambda s: s["done"] == 1 and s["current"] == "b/乙办法.md")
    assert status["state"] == "running" and status["total"] == 3 and status["percent"] == 33
    assert status["counts"] == {"created": 1, "new_versions": 0, "unchanged": 0, "failed": 0}
    assert status["message"] == "Importing the files…" and status["started_at"] and status["heartbeat_at"]
    page = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert 'value="33"' in page and "1 of 3 files" in page and "b/乙办法.md" in page and "import_progress.js" in page
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>: works without JavaScript
    assert _counts(app) == (0, 0, 0)  # one transaction: nothing visible before the commit
    opened.set()
    status = follow(client, token)
    assert status["state"] == "done" and status["percent"] == 100 and status["finished_at"]
    assert status["counts"]["created"] == 3 and _counts(app)[:2] == (3, 3)
    page = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert "3 rules created, 0 new versions" in page and "丙办法" in page and "import_progress.js" not in page


@pytest.mark.parametrize("sync_batch", [50, 1])  # applied at the commit, or deferred to the context's end
def test_the_search_index_follows_the_import(make_app, make_user, sync_batch):
    app = make_app(SEARCH_SYNC_BATCH=sync_batch)
    client = app.test_client()
    editor = make_user("approver")
    client.post("/auth/login", data={"email": editor.email, "password": PASSWORD})
    token = preview_token(client, zip_bytes(THREE), "三项.zip")
    client.post(f"/io/import/{token}")
    assert follow(client, token)["state"] == "done"
    verify = app.test_cli_runner().invoke(args=["search", "verify"])
    assert verify.exit_code == 0 and "outbox rows not yet applied: 0" in verify.output, verify.output
    assert "乙办法" in client.get("/search?q=乙办法").get_data(as_text=True)


def test_a_failing_import_writes_nothing_and_says_so(app, client, login, make_user, make_rule, runner, monkeypatch):
    make_rule(code="GL-001", title="已有办法", versions=[("第一条 已有。", date(2020, 1, 1))])
    before = _counts(app)
    login(make_user("approver"))
    token = preview_token(client, zip_bytes(THREE), "三项.zip")
    real = importer.import_group

    def breaks_on_the_third(group, report, **options):
        if group.key == "c/丙办法.md":
            raise RuntimeError("disk on fire")
        return real(group, report, **options)

    monkeypatch.setattr(importer, "import_group", breaks_on_the_third)
    client.post(f"/io/import/{token}")
    status = follow(client, token)
    assert status["state"] == "failed" and not status["saved"]
    assert "unexpected error and nothing was saved" in status["message"] and "disk on fire" not in status["message"]
    assert _counts(app) == before  # the two rules before the failure were rolled back, outbox rows too
    verify = runner.invoke(args=["search", "verify"])  # and the index still matches the database
    assert verify.exit_code == 0 and "outbox rows not yet applied: 0" in verify.output, verify.output
    page = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert "Import failed" in page and "nothing was saved" in page and "Upload again" in page


def test_only_the_uploader_and_admins_follow_a_job(app, client, login, make_user):
    editor, other, admin, reader = (make_user("approver"), make_user("approver"), make_user("admin"),
                                    make_user("reader"))
    login(editor)
    token = preview_token(client, GOOD.encode(), "印章管理办法.md")
    client.post(f"/io/import/{token}")
    follow(client, token)
    for intruder in (other, reader):
        client.post("/auth/logout")
        login(intruder)
        denied = client.get(f"/io/import/{token}/status.json")
        assert denied.status_code == 403 and denied.get_json()["error"]["status"] == 403
        assert client.get(f"/io/import/{token}").status_code == 403
    client.post("/auth/logout")
    assert client.get(f"/io/import/{token}/status.json").status_code in (302, 401)  # anonymous: sign in
    login(admin)
    assert client.get(f"/io/import/{token}/status.json").get_json()["state"] == "done"
    assert "印章管理办法" in client.get(f"/io/import/{token}").get_data(as_text=True)


def test_unknown_and_expired_tokens_get_a_clear_answer(app, client, login, make_user):
    login(make_user("approver"))
    for token in ("0" * 32, "not-a-token", "A" * 32):
        answer = client.get(f"/io/import/{token}/status.json")
        assert answer.status_code == 404 and "Upload the file again" in answer.get_json()["error"]["message"]
    assert client.get("/io/import/../../etc/status.json").status_code == 404
    page = client.get(f"/io/import/{'0' * 32}", follow_redirects=True)
    assert page.status_code == 200 and "unknown or has expired" in page.get_data(as_text=True)
    token = preview_token(client, GOOD.encode(), "印章管理办法.md")
    client.post(f"/io/import/{token}")
    follow(client, token)
    two_days_ago = time.time() - 2 * 86400
    os.utime(_job_folder(app, token), (two_days_ago, two_days_ago))
    upload(client, GOOD.encode(), "again.md")  # staging a new upload clears those older than a day
    assert client.get(f"/io/import/{token}/status.json").status_code == 404
    assert client.post(f"/io/import/{token}").status_code == 302 and _counts(app)[:2] == (1, 1)


def test_confirming_twice_imports_once(app, client, login, make_user, gate):
    install, opened = gate
    login(make_user("approver"))
    token = preview_token(client, zip_bytes(THREE), "三项.zip")
    install()
    first = client.post(f"/io/import/{token}")
    second = client.post(f"/io/import/{token}")  # while the first is still running
    assert first.headers["Location"] == second.headers["Location"]
    opened.set()
    assert follow(client, token)["counts"]["created"] == 3
    assert client.post(f"/io/import/{token}").status_code == 302  # and once it is done
    time.sleep(0.3)
    assert _counts(app)[:2] == (3, 3)


def test_a_job_whose_process_died_says_so(app, client, login, make_user):
    login(make_user("approver"))
    token = preview_token(client, GOOD.encode(), "印章管理办法.md")
    job = _job_folder(app, token) / "job"  # what a worker killed in the middle of the import leaves behind
    job.mkdir()
    ten_minutes_ago = time.time() - 600
    (job / "status.json").write_text(json.dumps({"state": "running", "total": 1, "done": 0, "current": "x.md",
                                                 "started_at": ten_minutes_ago, "heartbeat_at": ten_minutes_ago}))
    status = client.get(f"/io/import/{token}/status.json").get_json()
    assert status["state"] == "interrupted" and status["finished"] and not status["saved"]
    assert "nothing was imported" in status["message"]
    page = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert "Import interrupted" in page and "Upload the file again" in page and "refresh" not in page
    assert client.post(f"/io/import/{token}").status_code == 302 and _counts(app)[:2] == (0, 0)


def test_the_job_speaks_the_uploaders_language(app, client, login, make_user):
    login(make_user("approver", locale="zh_CN"))
    token = preview_token(client, zip_bytes({"备忘.md": "# 备忘\n\n没有条文。\n".encode()}), "备忘.zip")
    client.post(f"/io/import/{token}")
    status = follow(client, token)
    assert status["message"] == "导入完成" and "1 个文件" in status["progress_text"]
    page = client.get(f"/io/import/{token}").get_data(as_text=True)
    assert "导入完成" in page and "未识别出编号条文" in page
