"""Comparisons computed once per pair of texts and kept in the process, within a bound on their size.

A 新旧对照 of the longest rule takes about half a second to align and diff, and the page, its .docx and its CSV
each asked for it again. Approved versions never change, and a draft or a proposal that changes gets another
text: keyed by the SHA-1 of both texts, a kept comparison is right for as long as it is kept, with nothing to
invalidate. Each worker keeps its own (no shared store to run or to serialise the rows into); the bound is on
the characters compared, COMPARE_CACHE_CHARACTERS, and the least recently used pair is dropped first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Flask, current_app

from registry.proposals.compare import Comparison, compare_texts


class ComparisonCache:
    """A least-recently-used store of comparisons, bounded by the total length of the texts compared."""

    def __init__(self, max_characters: int) -> None:
        self.max_characters = max_characters
        self._items: OrderedDict[tuple[bytes, bytes], tuple[int, Comparison]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def key(old_body: str, new_body: str) -> tuple[bytes, bytes]:
        return (hashlib.sha1(old_body.encode(), usedforsecurity=False).digest(),
                hashlib.sha1(new_body.encode(), usedforsecurity=False).digest())

    def compare(self, old_body: str, new_body: str) -> Comparison:
        """Return the comparison of the two texts, computing it only when it is not kept."""
        key = self.key(old_body, new_body)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key][1]
        comparison = compare_texts(old_body, new_body)
        weight = len(old_body) + len(new_body)
        with self._lock:
            self.misses += 1
            if weight <= self.max_characters and key not in self._items:
                self._items[key] = (weight, comparison)
                self._size += weight
                while self._size > self.max_characters:
                    _key, (dropped, _comparison) = self._items.popitem(last=False)
                    self._size -= dropped
        return comparison

    def __len__(self) -> int:
        return len(self._items)


def init_app(app: Flask) -> None:
    app.extensions["registry_comparisons"] = ComparisonCache(app.config["COMPARE_CACHE_CHARACTERS"])


def compared(old_body: str, new_body: str) -> Comparison:
    """Compare two texts article by article, once per process and pair of texts."""
    return current_app.extensions["registry_comparisons"].compare(old_body, new_body)
