"""Full-text search over rule versions and their articles (Whoosh behind registry.search.engine.WhooshIndex)."""

from __future__ import annotations

import threading
import time

from flask import Flask

from registry.lru import Lru
from registry.search.contract import IndexUnavailable, SearchIndex

# Highlighted articles kept per process, by version, row version and searched texts (each ~1 kB).
HIGHLIGHTS_KEPT = 4_000
# Results pages' content as HTML kept per process, in characters (a page's is ~15 k: a few hundred pages).
RESULTS_HTML_KEPT = 3_000_000


class SearchState:
    """Per-process search state of one app: its index, whether the outbox was applied, labels kept a while,
    highlighted articles and whole result pages (search/queries.py), and those pages' HTML (search/views.py)."""

    def __init__(self, app: Flask):
        from registry.search.engine import WhooshIndex

        self.app = app
        self.index: SearchIndex = WhooshIndex(app.config["INDEX_DIR"])
        self.highlights = Lru(HIGHLIGHTS_KEPT)  # entries count 1 each
        pages = app.config["SEARCH_PAGES_KEPT"]
        self.pages: Lru | None = Lru(pages) if pages > 0 else None
        self.results_html: Lru | None = Lru(RESULTS_HTML_KEPT) if pages > 0 else None
        self._synced_at = 0.0
        self._applied_up_to = 0  # the newest outbox row this process knows the index has applied
        self._lock = threading.Lock()
        self._synonyms: tuple[float, list[list[str]]] | None = None
        self._departments: tuple[float, dict[int, str]] | None = None
        self._category_paths: tuple[str, dict[bool, dict[int, str]]] | None = None

    def synonym_groups(self) -> list[list[str]]:
        """Return the synonym groups, read from the database at most every few seconds.

        Every search needs them and they seldom change: a change made in this process is seen at
        once (`forget_synonyms`), one made on another node within SEARCH_SYNC_INTERVAL_SECONDS, like
        its index changes.
        """
        from registry.search.services import synonym_groups

        interval = self.app.config["SEARCH_SYNC_INTERVAL_SECONDS"]
        if self._synonyms is None or time.monotonic() - self._synonyms[0] >= interval:
            self._synonyms = (time.monotonic(), synonym_groups())
        return self._synonyms[1]

    def forget_synonyms(self) -> None:
        self._synonyms = None

    def department_names(self) -> dict[int, tuple[str, str]]:
        """Return the departments' names by id for the facet labels, read at most every few seconds.

        A renamed department shows its new name in the facets within SEARCH_SYNC_INTERVAL_SECONDS; every
        search page saves the query (category paths are kept per index generation, see category_paths).
        """
        from registry.search.services import department_names

        interval = self.app.config["SEARCH_SYNC_INTERVAL_SECONDS"]
        if self._departments is None or time.monotonic() - self._departments[0] >= interval:
            self._departments = (time.monotonic(), department_names())
        return self._departments[1]

    def category_paths(self, generation: str, english: bool) -> dict[int, str]:
        """Return the categories' paths by id for the facet labels, in the interface language, read once per
        index generation and language.

        A renamed or moved category re-indexes its rules (outbox.py), so a new generation comes with
        any change that could show here.
        """
        from registry.rules.queries import category_path_names

        if self._category_paths is None or self._category_paths[0] != generation:
            self._category_paths = (generation, {})
        paths = self._category_paths[1]
        if english not in paths:
            paths[english] = category_path_names()  # reads the language of the request, as `english` says
        return paths[english]

    def ensure_synced(self) -> None:
        """Apply leftover outbox rows on the first search of a process, every few seconds, and before the
        searches of a browser that has just saved a change.

        Other nodes' changes (and changes a crash left behind) reach this node's index within
        SEARCH_SYNC_INTERVAL_SECONDS this way; changes written by another process of this node show at once
        (the searcher is refreshed before each use). A browser that saved a change in the last minute
        (outbox.changed_recently) asks the database for the newest outbox row (one indexed query) on each
        search: when it is newer than what this process saw applied, the search waits for the index rather
        than miss the editor's own change. No other search waits for the write lock: if another process is
        writing, search on.
        """
        from registry.search.outbox import changed_recently
        from registry.search.services import newest_outbox_id

        interval = self.app.config["SEARCH_SYNC_INTERVAL_SECONDS"]
        due = not self._synced_at or time.monotonic() - self._synced_at >= interval
        own = changed_recently()
        if not due and not own:
            return
        newest = newest_outbox_id()
        if newest <= self._applied_up_to and not due:
            return
        with self._lock:
            from registry.search.services import sync

            # The editor's own change, which its worker may still be indexing after its response (or which
            # was saved on another node): wait for the index. The first search of a process waits too.
            wait = not self._synced_at or (own and newest > self._applied_up_to)
            try:
                sync(wait=wait)
                self._applied_up_to = max(self._applied_up_to, newest)
            except IndexUnavailable:
                if wait:
                    raise
            self._synced_at = time.monotonic()


def init_app(app: Flask) -> None:
    """Attach the outbox listeners to the app's sessions and keep the per-process search state."""
    from registry.extensions import db
    from registry.search.outbox import after_response, apply_deferred, install

    app.extensions["registry_search"] = SearchState(app)
    app.teardown_appcontext(apply_deferred)
    app.after_request(after_response)
    with app.app_context():
        install(db.sessionmaker)
