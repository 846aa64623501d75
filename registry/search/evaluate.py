"""Evaluate a compiled query a set at a time: whole posting lists in, a {document: score} dict out.

Whoosh walks its matcher tree one document at a time (`is_active`, `skip_to`, `score` per document and
per term), about 25 µs per hit in pure Python: a common Chinese word (人民政府: the AND of three bigrams
in three fields) visits thousands of documents, and that walk was most of a query's time. Here each
term's posting list is read block by block (kept per segment for the life of the process), scored
with Whoosh's BM25F formula in one comprehension (kept for the life of the searcher), and combined
with dict and set operations that run in C: AND intersects, OR adds, NOT subtracts — the same
documents and the same scores (up to the order of floating-point additions) as Whoosh's matchers. A
phrase of words is looked up by its biwords (see analysis.py) and scored by them. Query types this
module does not know (phrases with Chinese, which need positions; prefixes) are handed to Whoosh as a
whole and their results merged in.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from registry.search.analysis import biwords
from registry.search.ranking import field_lengths

# Raw postings (document numbers and weights) of each segment, kept for the life of the process: a
# segment never changes once written, so they stay valid when a commit opens a new searcher, and only
# the new, small segment is read again (12 bytes a posting: 2.5 million ≈ 30 MB).
SEGMENT_POSTINGS = 2_500_000
# Scored posting lists of the current searcher, as dicts ready to intersect (~100 bytes a posting:
# ≈ 20 MB). Scores depend on index-wide statistics, so they go with the searcher.
SCORED_POSTINGS = 200_000


class Lru:
    """Least recently used values, bounded by their total length (each value counts its length + 1).

    Reading and decoding a posting list again costs ~1.5 µs a posting and scoring it ~0.35 µs; a
    results page reads a few lists of thousands of documents each.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[object, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()  # the segment cache is shared by the threads of a process

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


_segment_postings = Lru(SEGMENT_POSTINGS)


def evaluate(searcher, memo: dict, query: wq.Query) -> dict[int, float]:
    """Return every matching document number (live or deleted) with its score."""
    if isinstance(query, type(wq.NullQuery)):
        return {}
    if isinstance(query, wq.Term):
        found = term_scores(searcher, memo, query.fieldname, query.text)
    elif isinstance(query, wq.AndNot):
        found = evaluate(searcher, memo, query.a)
        if found:
            excluded = evaluate(searcher, memo, query.b)
            found = {doc: score for doc, score in found.items() if doc not in excluded}
    elif type(query) is wq.And:  # not its subclasses (Ordered)
        found = _intersect([evaluate(searcher, memo, q) for q in query.subqueries])
    elif isinstance(query, wq.Or) and not query.minmatch and query.scale is None:
        found = _union([evaluate(searcher, memo, q) for q in query.subqueries])
    elif isinstance(query, wq.Phrase) and memo.get("biwords") and (pairs := biwords(query.words)) \
            and query.slop == 1:
        found = _cached(memo, query, lambda: _phrase(searcher, memo, query, pairs))
    else:  # phrases, prefixes …: Whoosh's own matchers, boost included
        return _cached(memo, query, lambda: {docnum: score for score, docnum
                                             in searcher.search(query, limit=None).top_n})
    if query.boost != 1.0:
        found = {doc: score * query.boost for doc, score in found.items()}
    return found


def _phrase(searcher, memo: dict, query: wq.Phrase, pairs: list[str]) -> dict[int, float]:
    """A phrase of words: the documents holding all its biwords, scored by them.

    Two words are one biword: exact. Longer phrases are confirmed on those candidates only, by Whoosh's
    own phrase matcher skipping from candidate to candidate (neighbouring pairs can occur apart).
    """
    found = _intersect([term_scores(searcher, memo, query.fieldname, pair) for pair in pairs])
    if len(pairs) == 1 or not found:
        return found
    confirmed: dict[int, float] = {}
    candidates = sorted(found)
    for subsearcher, offset in searcher.leaf_searchers():
        local = [doc - offset for doc in candidates if offset <= doc < offset + subsearcher.doc_count_all()]
        if not local:
            continue
        matcher = query.matcher(subsearcher)
        for doc in local:
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                confirmed[offset + doc] = found[offset + doc]
    return confirmed


def _intersect(parts: list[dict[int, float]]) -> dict[int, float]:
    parts.sort(key=len)
    common = parts[0].keys()
    for part in parts[1:]:
        common = common & part.keys()
        if not common:
            return {}
    return {doc: sum(part[doc] for part in parts) for doc in common}


def _union(parts: list[dict[int, float]]) -> dict[int, float]:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    total = dict(parts[0])
    for part in parts[1:]:
        for doc, score in part.items():
            total[doc] = total.get(doc, 0.0) + score
    return total


def term_scores(searcher, memo: dict, fieldname: str, text: str) -> dict[int, float]:
    """Return {document number: BM25F score} of one term, from the cache or the index."""
    return _cached(memo, (fieldname, text), lambda: _score_postings(searcher, fieldname, text))


def _cached(memo: dict, key, compute) -> dict[int, float]:
    """Return the scores of a term or a query node kept for this searcher, computing them if needed."""
    cache = memo.setdefault("term_scores", Lru(SCORED_POSTINGS))
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.put(key, found, len(found))
    return found


def _score_postings(searcher, fieldname: str, text: str) -> dict[int, float]:
    weighting = searcher.weighting
    scorable = searcher.schema[fieldname].scorable  # Whoosh scores an unscorable field (ID) by weight
    idf = searcher.idf(fieldname, text)
    avgfl = searcher.avg_field_length(fieldname) or 1
    b = weighting._field_B.get(fieldname, weighting.B)
    k1 = weighting.K1
    scores: dict[int, float] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if (fieldname, text) not in reader:
            continue
        ids, weights = segment_postings(reader, fieldname, text)
        if not scorable:
            scores.update({offset + doc: w for doc, w in zip(ids, weights, strict=True)})
            continue
        lengths = field_lengths(reader, fieldname)
        # Whoosh's scoring.bm25(), inlined: a function call per posting would double the cost.
        scores.update({offset + doc: idf * (w * (k1 + 1)) / (w + k1 * ((1 - b) + b * lengths[doc] / avgfl))
                       for doc, w in zip(ids, weights, strict=True)})
    return scores


def segment_postings(reader, fieldname: str, text: str) -> tuple[array, array]:
    """Return the document numbers and weights of a term in one segment, kept for the process."""
    key = (reader.segment().segment_id(), fieldname, text)  # random names: unique across indexes
    found = _segment_postings.get(key)
    if found is None:
        ids, weights = posting_list(reader, fieldname, text)
        found = (array("i", ids), array("d", weights))  # segment-local numbers fit in 32 bits
        _segment_postings.put(key, found, len(ids))
    return found


def posting_list(reader, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """Return the document numbers and weights of a term in one segment, deleted documents included.

    Reads whole blocks through the W3 codec's block attributes (whoosh-reloaded is pinned and frozen);
    any other matcher is read one posting at a time through the public interface.
    """
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(matcher, name) for name in ("_read_ids", "_read_weights", "_next_block", "_ids")):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights
