"""Find articles that say nearly the same thing: MinHash signatures of token sets, banded by LSH (datasketch).

Tokens are the search's (Chinese bigrams, stemmed English words), so 差旅费 and 差旅 overlap as a reader
expects. Short articles (施行日期, 解释权) and boilerplate shared by many rules are left out: they would
make every rule look like every other one. Pure functions over texts, for the pages and the bench alike.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from registry.rules.articles import parse_body
from registry.search.analysis import raw_tokens

if TYPE_CHECKING:  # datasketch (with scipy) costs each process ~70 MB: imported where used
    from datasketch import LeanMinHash

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"  # datasketch 2.0's default: MurmurHash3's finaliser, then a * h + b in 32-bit arithmetic
CHUNK = 100_000  # tokens hashed at once (a NUM_PERM-wide matrix of them: 25 MB)
BOILERPLATE_COPIES = 8  # an article with more near-copies than this (in other rules) is boilerplate


@dataclass(frozen=True)
class Article:
    key: str  # unique: "<rule key>#<anchor>"
    rule_key: str  # the rule's code (or, in the bench, its file)
    anchor: str
    label: str
    text: str


@dataclass(frozen=True)
class Overlap:
    a: Article
    b: Article
    similarity: float  # Jaccard similarity of the two token sets


def token_set(text: str) -> set[str]:
    return {token for token, *_rest in raw_tokens(text, for_query=True)}


def _hash(token: str) -> int:
    return zlib.crc32(token.encode())  # the tokens' 32-bit hash (datasketch's default is SHA-1's first 4 bytes)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(token_sets: list[set[str]]) -> list[LeanMinHash]:
    """Return the MinHash of each token set, computed for all sets at once with numpy.

    It equals `MinHash(hashfunc=crc32, scheme="affine32").update_batch(tokens)` (tests/overlaps checks it), but
    one set at a time datasketch's numpy overhead per call dominated: 1 ms per article, two minutes for the corpus.
    The permutations are datasketch's own (its seed); only `permutations` and `hashvalues` are used.
    """
    from datasketch import LeanMinHash, MinHash

    permutations = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # made once: each MinHash would redo it
    a, b = (np.asarray(p, dtype=np.uint32) for p in permutations)
    result, start = [], 0
    while start < len(token_sets):
        end, size = start, 0
        while end < len(token_sets) and (size < CHUNK or end == start):
            size += len(token_sets[end])
            end += 1
        batch = token_sets[start:end]
        values = np.fromiter(map(_hash, (t for tokens in batch for t in tokens)), dtype=np.uint32, count=size)
        with np.errstate(over="ignore"):  # uint32 wraps around: the modulo 2^32 of the scheme
            permuted = a[:, None] * _fmix32(values)[None, :] + b[:, None]  # one row per permutation
        offsets = np.cumsum([0] + [len(tokens) for tokens in batch[:-1]])
        for row in np.minimum.reduceat(permuted, offsets, axis=1).T:
            result.append(LeanMinHash(seed=SEED, hashvalues=row, scheme=SCHEME))
        start = end
    return result


def articles_of(rule_key: str, body: str, min_characters: int) -> list[Article]:
    """Return the articles of a body long enough to compare."""
    found = []
    for s in parse_body(body).segments:
        if s.kind == "article" and len(s.text.strip()) - len(s.label) >= min_characters:
            found.append(Article(f"{rule_key}#{s.anchor}", rule_key, s.anchor, s.label, s.text.strip()))
    return found


class OverlapIndex:
    """An LSH index of articles; ask it which indexed articles of other rules resemble a text."""

    def __init__(self, articles: Iterable[Article], threshold: float) -> None:
        self.threshold = threshold
        self.articles = {a.key: a for a in articles}
        self.tokens = {key: token_set(a.text) for key, a in self.articles.items()}
        self.by_rule: dict[str, list[str]] = {}
        for key, article in self.articles.items():
            self.by_rule.setdefault(article.rule_key, []).append(key)
        keys = [k for k, t in self.tokens.items() if t]
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        made = signatures([self.tokens[k] for k in keys])
        with self.lsh.insertion_session() as session:
            for key, signature in zip(keys, made, strict=True):
                session.insert(key, signature)
        self.signatures = dict(zip(keys, made, strict=True))

    def replace_rule(self, rule_key: str, articles: Iterable[Article]) -> None:
        """Put `articles` in place of the rule's indexed ones (none: the rule leaves the index), touching only them.

        An approval or a repeal changes one rule's articles: this costs milliseconds where a rebuild of the
        corpus costs tens of seconds, and answers exactly as a rebuild would (tests/overlaps).
        """
        for key in self.by_rule.pop(rule_key, ()):
            if key in self.signatures:
                self.lsh.remove(key)
                del self.signatures[key]
            del self.articles[key], self.tokens[key]
        fresh = [a for a in articles if a.rule_key == rule_key]
        if not fresh:
            return
        self.by_rule[rule_key] = [a.key for a in fresh]
        for article in fresh:
            self.articles[article.key], self.tokens[article.key] = article, token_set(article.text)
        keys = [a.key for a in fresh if self.tokens[a.key]]
        for key, signature in zip(keys, signatures([self.tokens[k] for k in keys]), strict=True):
            self.lsh.insert(key, signature)
            self.signatures[key] = signature

    def similar(self, text: str, exclude_rule: str | None = None, limit: int = 5) -> list[tuple[Article, float]]:
        """Return indexed articles of other rules whose token sets overlap `text`'s above the threshold."""
        tokens = token_set(text)
        if not tokens:
            return []
        (signature,) = signatures([tokens])
        return self._verified(tokens, self.lsh.query(signature), exclude_rule)[:limit]

    def _verified(self, tokens: set[str], candidates, exclude_rule: str | None) -> list[tuple[Article, float]]:
        found = []
        for key in candidates:
            article = self.articles[key]
            if article.rule_key == exclude_rule:
                continue
            other = self.tokens[key]
            similarity = len(tokens & other) / len(tokens | other)
            if similarity >= self.threshold:
                found.append((article, similarity))
        return sorted(found, key=lambda pair: (-pair[1], pair[0].key))

    def strongest(self, limit: int = 50) -> list[Overlap]:
        """Return the most similar pairs of articles of different rules, boilerplate left out."""
        pairs: dict[tuple[str, str], Overlap] = {}
        for key, signature in self.signatures.items():
            article = self.articles[key]
            matches = self._verified(self.tokens[key], self.lsh.query(signature), article.rule_key)
            if len(matches) > BOILERPLATE_COPIES:
                continue
            for other, similarity in matches:
                pair = tuple(sorted((key, other.key)))
                if pair not in pairs:
                    a, b = self.articles[pair[0]], self.articles[pair[1]]
                    pairs[pair] = Overlap(a, b, similarity)
        return sorted(pairs.values(), key=lambda o: (-o.similarity, o.a.key, o.b.key))[:limit]
