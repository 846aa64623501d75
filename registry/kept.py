"""Answers a process keeps for a few seconds and forgets as soon as it writes something that could change them.

The layout's count of procedure steps waiting and the rule titles that references link to are asked on
almost every page and change seldom. A value is kept per app and key for KEPT_SECONDS; any flush of this
process, except the bookkeeping of sign-ins and of searches that found nothing, forgets every kept value,
so a change made here shows on the next page, and one made by another process or node within
KEPT_SECONDS (as the bell's count, notifications/services.unread_badge).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

KEPT_SECONDS = 10.0
_MAX_ENTRIES = 10_000


class _Store:
    """One app's kept values: {(name, key): (when, value)}."""

    def __init__(self) -> None:
        self.values: dict[tuple, tuple[float, Any]] = {}


_stores: weakref.WeakSet[_Store] = weakref.WeakSet()  # every app's, so that a write forgets them all
_lock = threading.Lock()


def kept(name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
    """Return compute(), or what it gave for (name, key) in this app less than KEPT_SECONDS ago."""
    store = current_app.extensions.get("registry_kept")
    if store is None:
        with _lock:
            store = current_app.extensions.setdefault("registry_kept", _Store())
            _stores.add(store)
    now = time.monotonic()
    hit = store.values.get((name, key))
    if hit and now - hit[0] < KEPT_SECONDS:
        return hit[1]
    value = compute()
    with _lock:
        if len(store.values) > _MAX_ENTRIES:
            store.values.clear()
        store.values[(name, key)] = (now, value)
    return value


def forget_all() -> None:
    """Forget every value kept in this process."""
    with _lock:
        for store in list(_stores):
            store.values.clear()


@event.listens_for(Session, "after_flush")
def _forget_on_write(session: Session, _context) -> None:
    from registry.auth.models import SignIn
    from registry.search.models import SearchMiss

    if any(not isinstance(thing, SignIn | SearchMiss) for thing in (*session.new, *session.dirty, *session.deleted)):
        forget_all()
