"""Write an outbox row in the same transaction as every change that affects search, then apply it.

SQLAlchemy session events watch rules, versions, categories and tags, so the catalogue's services need
not know about search. After the commit the pending rows are applied to this node's index — by a command
at once, by a request once its response is sent; if that fails or the process dies first, the rows stay
and the next `search sync` (or search) applies them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

from flask import current_app, g, has_app_context, has_request_context, session
from sqlalchemy import event, insert, select

from registry.db import utcnow
from registry.rules.models import Category, Rule, RuleVersion, Tag, rule_tags
from registry.search.models import SearchOutbox

log = logging.getLogger(__name__)
_WRITTEN = "search_outbox_rule_ids"
_PENDING = "search_outbox_pending"
_HELD = "search_outbox_held"
OWN_CHANGE_KEY = "search_changed_at"  # in the browser's session: when it last saved something search shows
OWN_CHANGE_SECONDS = 60  # how long its searches wait for the index to show its own changes


def install(sessionmaker) -> None:
    """Attach the outbox listeners to the application's sessions."""
    event.listen(sessionmaker, "after_flush", _after_flush)
    event.listen(sessionmaker, "after_commit", _after_commit)
    event.listen(sessionmaker, "after_soft_rollback", _after_soft_rollback)


@contextmanager
def held(session) -> Iterator[None]:
    """Leave the outbox rows of this session's commits for the caller to apply once, at the end.

    A bulk import commits every 100 files; applying the outbox after each commit would re-merge a
    growing index every time. The hold belongs to the one session, so other requests and commands
    (and the SEARCH_SYNC_ON_COMMIT setting) are untouched.
    """
    session.info[_HELD] = True
    try:
        yield
    finally:
        session.info.pop(_HELD, None)


def _touched_rule_ids(session) -> set[int]:
    ids: set[int] = set()
    categories, tags = [], []
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Rule):
            ids.add(obj.id)
        elif isinstance(obj, RuleVersion):
            ids.add(obj.rule_id if obj.rule_id is not None else getattr(obj.rule, "id", None))
        elif isinstance(obj, Category) and obj not in session.new:
            categories.append(obj.id)
        elif isinstance(obj, Tag) and obj not in session.new:
            tags.append(obj.id)
    connection = session.connection()
    if categories:
        tree = connection.execute(select(Category.id, Category.parent_id)).all()
        wanted, todo = set(categories), list(categories)
        while todo:
            parent = todo.pop()
            for cid, pid in tree:
                if pid == parent and cid not in wanted:
                    wanted.add(cid)
                    todo.append(cid)
        ids.update(connection.scalars(select(Rule.id).where(Rule.category_id.in_(wanted))))
    if tags:
        ids.update(connection.scalars(select(rule_tags.c.rule_id).where(rule_tags.c.tag_id.in_(tags))))
    ids.discard(None)
    return ids


def _after_flush(session, _context) -> None:
    ids = _touched_rule_ids(session)
    written = session.info.setdefault(_WRITTEN, set())
    new = ids - written
    if not new:
        return
    now = utcnow()
    session.connection().execute(insert(SearchOutbox), [{"rule_id": i, "created_at": now} for i in sorted(new)])
    written.update(new)
    session.info[_PENDING] = True


def _after_soft_rollback(session, _previous) -> None:
    session.info.pop(_WRITTEN, None)  # a rolled-back savepoint took its rows with it: write them again


def _after_commit(session) -> None:
    if session.in_nested_transaction():  # a savepoint was released; the outer transaction goes on
        return
    touched = len(session.info.pop(_WRITTEN, ()))
    if not session.info.pop(_PENDING, False) or not has_app_context():
        return
    if has_request_context():
        g.search_changed = True  # see after_response: this browser's next searches wait for the index
    if session.info.get(_HELD) or not current_app.config["SEARCH_SYNC_ON_COMMIT"]:
        return
    if touched > current_app.config["SEARCH_SYNC_BATCH"]:
        # A bulk change (an import commits every 100 files): apply it all at once when the request or
        # command ends, in one index write, instead of one write (and segment merge) per commit.
        g.search_sync_deferred = True
        return
    if has_request_context():
        g.search_sync_after_response = True  # see after_response: the editor is not kept waiting
        return
    apply_now()


def after_response(response):
    """After a request that changed what search shows, apply the outbox once its response is sent.

    The editor gets the page first; the worker then re-indexes (only the documents that changed) before
    it takes its next request. The browser's session notes the moment (changed_recently): for a while its
    searches, in any process or on any node, apply the outbox themselves first when the index lags behind it
    (SearchState.ensure_synced), so the editor's next search sees the change; other readers' searches never
    wait for an index writer, and see the change once it is written.
    """
    if g.pop("search_changed", False):
        session[OWN_CHANGE_KEY] = int(time.time())
    if g.pop("search_sync_after_response", False):
        app = current_app._get_current_object()

        def apply() -> None:
            with app.app_context():
                apply_now()

        response.call_on_close(apply)
    return response


def changed_recently() -> bool:
    """Tell whether this request's browser saved a change that search shows in the last OWN_CHANGE_SECONDS."""
    if not has_request_context():
        return False
    at = session.get(OWN_CHANGE_KEY)
    return isinstance(at, int) and 0 <= time.time() - at < OWN_CHANGE_SECONDS


def apply_deferred(_error=None) -> None:
    """Apply bulk changes left for the end of the app context (teardown handler)."""
    if g.pop("search_sync_deferred", False):
        apply_now()


def apply_now() -> None:
    from registry.search.services import sync

    try:
        sync()
    except Exception:  # the rows stay in the outbox; the next sync applies them
        log.exception("Could not apply the search outbox after commit")
