"""Spelling suggestions for English words that the index does not know ("did you mean").

Whoosh's corrector walks the whole vocabulary with an edit-distance automaton: 200-460 ms per word on
the shared corpus's 10,700 English words. Here every indexed word is filed under itself and each of
its one-letter deletions (the "symmetric delete" idea); a misspelt word's own deletions then find, by
dictionary lookups, every word within one insertion, deletion, substitution or transposition, and
most within two. Building the table costs about as much as one corrector call and is done once per
index generation, on the first search that needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


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


class Speller:
    """Suggests the nearest known word; among equally near ones, the one in most documents."""

    def __init__(self, vocabulary: Iterable[str], frequency: Callable[[str], int], *, min_length: int = 3):
        self._frequency = frequency
        self._min_length = min_length
        self._table: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= min_length:
                for key in _deletions(word) | {word}:
                    self._table.setdefault(key, []).append(word)

    def suggest(self, word: str, max_distance: int = 2) -> str | None:
        word = word.lower()
        if len(word) < self._min_length:
            return None
        candidates = {c for key in _deletions(word) | {word} for c in self._table.get(key, ())}
        candidates.discard(word)
        ranked = sorted((d, -self._frequency(c), c) for c in candidates if (d := distance(word, c)) <= max_distance)
        return ranked[0][2] if ranked else None


class Vocabulary:
    """The words suggestions may name, with the number of documents holding each (contract.Vocabulary).

    The speller's table is built on the first misspelt word, once per vocabulary.
    """

    def __init__(self, frequencies: dict[str, int],
                 chinese: Callable[[], Callable[[str], str | None]] | None = None):
        self.frequencies = frequencies
        self._speller: Speller | None = None
        self._chinese_factory = chinese  # builds the Chinese suggester on the first unknown Chinese word
        self._chinese: Callable[[str], str | None] | None = None

    def knows(self, word: str) -> bool:
        return word.lower() in self.frequencies

    def suggest(self, word: str) -> str | None:
        """Return the closest known English word to a misspelt one, if any."""
        if not word.isascii() or not word.isalpha() or len(word) < 3:
            return None
        if self._speller is None:
            self._speller = Speller(self.frequencies, lambda w: self.frequencies.get(w, 0))
        return self._speller.suggest(word)

    def suggest_chinese(self, word: str) -> str | None:
        """Return the closest Chinese word of the readable texts to one with a character pair no text has."""
        if self._chinese_factory is None:
            return None
        if self._chinese is None:
            self._chinese = self._chinese_factory()
        return self._chinese(word)
