"""Spelling suggestions for English words that the index does not know ("did you mean").

Whoosh's corrector walks the whole vocabulary with an edit-distance automaton: 200-460 ms per word on
the shared corpus's 10,700 English words. Here every indexed word is filed under itself and each of
its one-letter deletions (the "symmetric delete" idea); a misspelt word's own deletions then find, by
dictionary lookups, every word within one insertion, deletion, substitution or transposition, and
most within two. The table (DeletionTable) is built per index segment (segments never change), on the first search
that needs it, from every word of the segment: deleted and draft-only words included. Whether a
candidate may be named is asked of it when it is ranked (`allowed`), so a commit that deletes or adds
documents costs no rebuild: only a new segment gets a table of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Return the optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class DeletionTable:
    """Every word at least `min_length` long, filed under itself and each of its one-letter deletions.

    The keys are kept as their hashes in one sorted array beside the words' positions, not as a dict of
    strings to lists: the shared corpus's 10,700 words make 90,000 keys, 15 MiB per worker as a dict and
    about 1 MiB as arrays. Two keys with one hash only add a candidate, and candidates are ranked by
    their distance, so what is suggested is the same.
    """

    def __init__(self, vocabulary: Iterable[str], min_length: int = 3):
        words: list[str] = []
        hashes: list[int] = []
        owners: list[int] = []
        for word in vocabulary:
            if len(word) >= min_length:
                for key in _deletions(word) | {word}:
                    hashes.append(hash(key))
                    owners.append(len(words))
                words.append(word)
        keys = np.array(hashes, np.int64)
        order = np.argsort(keys, kind="stable")
        self._hashes = keys[order]
        self._owners = np.array(owners, np.int32)[order]
        self._words = words

    def get(self, key: str, default: Iterable[str] = ()) -> Iterable[str]:
        """Return the words filed under `key` (and, rarely, under another key of the same hash)."""
        h = hash(key)
        low, high = np.searchsorted(self._hashes, h, "left"), np.searchsorted(self._hashes, h, "right")
        return [self._words[i] for i in self._owners[low:high].tolist()] if high > low else default


class Speller:
    """Suggests the nearest known word; among equally near ones, the one in most documents.

    The known words are those of one or several deletion tables (one per index segment).
    """

    def __init__(self, vocabulary: Iterable[str], frequency: Callable[[str], int], *, min_length: int = 3,
                 tables: list[DeletionTable] | None = None):
        self._frequency = frequency
        self._min_length = min_length
        self._tables = tables if tables is not None else [DeletionTable(vocabulary, min_length)]

    def suggest(self, word: str, max_distance: int = 2, allowed: Callable[[str], bool] = lambda _w: True) -> str | None:
        """Return the nearest known word other than `word` that `allowed` admits, or None."""
        word = word.lower()
        if len(word) < self._min_length:
            return None
        keys = _deletions(word) | {word}
        candidates = {c for table in self._tables for key in keys for c in table.get(key, ())}
        candidates.discard(word)
        ranked = sorted((d, -self._frequency(c), c) for c in candidates if (d := distance(word, c)) <= max_distance)
        return next((c for _d, _f, c in ranked if allowed(c)), None)


class Vocabulary:
    """The words suggestions may name (contract.Vocabulary): an index's words, each checked when named.

    `tables` gives the deletion tables of every word of the index (readable or not), `frequency` the
    number of documents holding a word, `public` whether a word is in a text every reader may read. A
    suggestion is the nearest public word, so it is the one a table of the public words alone would give.
    """

    def __init__(self, tables: Callable[[], list[DeletionTable]], frequency: Callable[[str], int],
                 public: Callable[[str], bool], chinese: Callable[[], Callable[[str], str | None]] | None = None):
        self._tables = tables
        self._frequency = frequency
        self._public = public
        self._speller: Speller | None = None
        self._chinese_factory = chinese  # builds the Chinese suggester on the first unknown Chinese word
        self._chinese: Callable[[str], str | None] | None = None

    def knows(self, word: str) -> bool:
        return self._public(word.lower())

    def suggest(self, word: str) -> str | None:
        """Return the closest known English word to a misspelt one, if any."""
        if not word.isascii() or not word.isalpha() or len(word) < 3:
            return None
        if self._speller is None:
            self._speller = Speller((), self._frequency, tables=self._tables())
        return self._speller.suggest(word, allowed=self._public)

    def suggest_chinese(self, word: str) -> str | None:
        """Return the closest Chinese word of the readable texts to one with a character pair no text has."""
        if self._chinese_factory is None:
            return None
        if self._chinese is None:
            self._chinese = self._chinese_factory()
        return self._chinese(word)
