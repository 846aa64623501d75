"""Two writers at the same moment: the loser gets a clear answer, never a server error or a traceback.

Both writers really run at once (two threads, each with its own connection); a barrier holds each one
at its first flush of the contested row until both have read the state they will write from, so the
race is lost the same way on every run, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from registry.db import db
from registry.rules.models import Rule, RuleVersion

V1 = "第一条 为规范公务接待，制定本办法。\n"


@pytest.fixture
def meet_at_first_insert():
    """Return a function arming a barrier: each thread waits at its first flush that adds a `model` row."""
    armed = []

    def arm(model, parties: int = 2) -> threading.Barrier:
        barrier, passed = threading.Barrier(parties, timeout=20), set()

        def before_flush(session, _context, _instances):
            me = threading.get_ident()
            if me not in passed and any(isinstance(obj, model) for obj in session.new):
                passed.add(me)
                barrier.wait()

        event.listen(Session, "before_flush", before_flush)
        armed.append(before_flush)
        return barrier

    yield arm
    for listener in armed:
        event.remove(Session, "before_flush", listener)


def run_together(*functions):
    """Run the functions in threads at once; return their results in order, re-raising any error."""
    results: list = [None] * len(functions)

    def target(i, function):
        try:
            results[i] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            results[i] = error

    threads = [threading.Thread(target=target, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_two_new_version_posts_at_once(app, make_user, make_rule, meet_at_first_insert):
    from tests.conftest import PASSWORD

    code = make_rule(versions=[(V1, date(2024, 1, 1))])
    editor = make_user("admin")
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        assert client.post("/auth/login", data={"email": editor.email, "password": PASSWORD}).status_code == 302
    meet_at_first_insert(RuleVersion)

    def post(client, text):
        return lambda: client.post(f"/rules/{code}/versions/new", data={"body": V1 + text, "change_summary": ""})

    responses = run_together(post(clients[0], "第二条 甲稿。\n"), post(clients[1], "第二条 乙稿。\n"))
    assert sorted(r.status_code for r in responses) == [200, 302]
    loser = next(r for r in responses if r.status_code == 200).get_data(as_text=True)
    assert "changed by someone else" in loser
    assert ("甲稿" in loser) != ("乙稿" in loser)  # the loser's text is still in the form
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RuleVersion)) == 2


def test_two_imports_of_the_same_folder_at_once(app, runner, tmp_path, meet_at_first_insert, monkeypatch,
                                               importer_args):
    from registry.io import importer

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "公务接待管理办法.md").write_text("# 公务接待管理办法\n\n" + V1, encoding="utf-8")
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":
        # An import holds SQLite's one write lock from its first savepoint: the second waits for the first
        # to commit, then finds the rule. Both start together; neither may fail.
        barrier, scan = threading.Barrier(2, timeout=20), importer.scan
        monkeypatch.setattr(importer, "scan", lambda *args, **kwargs: (scan(*args, **kwargs), barrier.wait())[0])
    else:
        # PostgreSQL: both look the rule up, find none, and insert it; the second insert waits for the
        # first to commit and is refused as a duplicate; the loser's retry finds the rule.
        meet_at_first_insert(Rule)

    def import_in_thread():
        with app.app_context():
            return importer.import_path(folder).counts()

    cli, direct = run_together(lambda: runner.invoke(args=["rules", "import", str(folder), *importer_args]),
                               import_in_thread)
    assert cli.exit_code == 0, cli.output
    created = {"created": 1, "new_versions": 0, "unchanged": 0, "failed": 0}
    found = {"created": 0, "new_versions": 0, "unchanged": 1, "failed": 0}
    cli_created = "1 rules created, 0 new versions, 0 unchanged, 0 failed" in cli.output
    assert cli_created or "0 rules created, 0 new versions, 1 unchanged, 0 failed" in cli.output, cli.output
    assert direct == (found if cli_created else created)  # one created the rule, the other found it
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rule)) == 1
        assert db.session.scalar(select(func.count()).select_from(RuleVersion)) == 1
