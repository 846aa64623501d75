"""Full-text search over rule versions and their articles (Whoosh behind registry.search.engine)."""

from __future__ import annotations

import threading

from flask import Flask


class SearchState:
    """Per-process search state of one app: the long-lived searcher and whether the outbox was applied."""

    def __init__(self, app: Flask):
        from registry.search.engine import SearcherCache

        self.app = app
        self.cache = SearcherCache(app.config["INDEX_DIR"])
        self._synced = False
        self._lock = threading.Lock()

    def ensure_synced(self) -> None:
        """Apply leftover outbox rows once per process, on the first search (not at import or start-up)."""
        if self._synced:
            return
        with self._lock:
            if not self._synced:
                from registry.search.services import sync

                sync()
                self._synced = True


def init_app(app: Flask) -> None:
    """Attach the outbox listeners to the app's sessions and keep the per-process search state."""
    from registry.extensions import db
    from registry.search.outbox import install

    app.extensions["registry_search"] = SearchState(app)
    with app.app_context():
        install(db.sessionmaker)
