"""A least-recently-used store bounded by the total length of what it holds."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Lru:
    """Least recently used values, bounded by their total length (each value counts its length + 1); the
    newest value stays even when it alone is over the budget.

    Shared by the threads of a process: the search segments' caches (search/searcher.py), version texts
    (rules/texts.py) and rule pages' texts as HTML (rules/body_html.py).
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[object, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key, value, length: int) -> None:
        with self._lock:
            if (old := self._items.pop(key, None)) is not None:
                self.size -= old[1] + 1
            self._items[key] = (value, length)
            self.size += length + 1
            while self.size > self.budget and len(self._items) > 1:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self.size -= dropped + 1

    def setdefault(self, key, compute: Callable[[], Any], length: Callable[[Any], int] = len):
        """Return the value of key, computing and keeping it if it is not there."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found, length(found))
        return found
