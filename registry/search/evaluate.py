"""Evaluate a compiled query a set at a time: whole posting lists in, sorted arrays of documents and scores out.

Whoosh walks its matcher tree one document at a time (`is_active`, `skip_to`, `score` per document and
per term), about 25 µs per hit in pure Python: a common Chinese word (人民政府: the AND of three bigrams
in three fields) visits thousands of documents, and that walk was most of a query's time. Here each
term's posting list is read block by block (kept per segment, searcher.SegmentCache), scored with
Whoosh's BM25F formula over numpy arrays (kept per searcher), and combined with sorted-array
operations that run in C: AND intersects, OR adds, NOT subtracts — the same documents and the same
scores (up to the order of floating-point additions) as Whoosh's matchers. A common bigram at 16 copies
of the corpus holds 20,000 documents: per-document Python (a dict per list, a generator per sum) was
most of a query's time there, and grew with the registry. A phrase of words is looked
up by its biwords (see analysis.py) and scored by them. Phrases with Chinese, which need positions,
and prefixes are handed to Whoosh (`to_whoosh`) and their results merged in.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from registry.search.analysis import biwords
from registry.search.contract import And, AndNot, Nothing, Or, Phrase, Prefix, Query, Term
from registry.search.searcher import SearcherState
from registry.search.whoosh_internals import LazyOr, bm25_parameters, whoosh_idf


def to_whoosh(query: Query) -> wq.Query:
    """Return the Whoosh query of a compiled query (for Whoosh's own matchers)."""
    if isinstance(query, Term):
        return wq.Term(query.field, query.text, boost=query.boost)
    if isinstance(query, Prefix):
        return wq.Prefix(query.field, query.text)
    if isinstance(query, Phrase):
        return wq.Phrase(query.field, list(query.words))
    if isinstance(query, And):
        return wq.And([to_whoosh(q) for q in query.parts])
    if isinstance(query, Or):
        return LazyOr([to_whoosh(q) for q in query.parts])
    if isinstance(query, AndNot):
        return wq.AndNot(to_whoosh(query.positive), to_whoosh(query.negative))
    return wq.NullQuery


Scored = tuple[np.ndarray, np.ndarray]  # document numbers (int64, ascending, unique) and their scores
_EMPTY: Scored = (np.zeros(0, np.int64), np.zeros(0, np.float64))


def evaluate(state: SearcherState, query: Query) -> dict[int, float]:
    """Return every matching document number (live or deleted) with its score."""
    docs, scores = scored(state, query)
    return dict(zip(docs.tolist(), scores.tolist(), strict=True))


def scored(state: SearcherState, query: Query) -> Scored:
    """Return the matching document numbers (live or deleted, ascending) and their scores."""
    if isinstance(query, Nothing):
        return _EMPTY
    if isinstance(query, Term):
        docs, scores = term_scores(state, query.field, query.text)
        return (docs, scores * query.boost) if query.boost != 1.0 else (docs, scores)
    if isinstance(query, AndNot):
        docs, scores = scored(state, query.positive)
        if len(docs):
            excluded = scored(state, query.negative)[0]
            keep = ~np.isin(docs, excluded, assume_unique=True)
            docs, scores = docs[keep], scores[keep]
        return docs, scores
    if isinstance(query, And):
        return _intersect([scored(state, q) for q in query.parts])
    if isinstance(query, Or):
        return _union([scored(state, q) for q in query.parts])
    if isinstance(query, Phrase) and state.biwords and (pairs := biwords(list(query.words))):
        return state.scores.setdefault(query, lambda: _phrase(state, query, pairs), _length)
    # phrases with Chinese, prefixes: Whoosh's own matchers
    return state.scores.setdefault(query, lambda: _from_pairs(
        (docnum, score) for score, docnum in state.searcher.search(to_whoosh(query), limit=None).top_n), _length)


def _length(found: Scored) -> int:
    return len(found[0])


def _from_pairs(pairs) -> Scored:
    found = sorted(pairs)
    if not found:
        return _EMPTY
    docs, scores = zip(*found, strict=True)
    return np.array(docs, np.int64), np.array(scores, np.float64)


def _phrase(state: SearcherState, query: Phrase, pairs: list[str]) -> Scored:
    """A phrase of words: the documents holding all its biwords, scored by them.

    Two words are one biword: exact. Longer phrases are confirmed on those candidates only, by Whoosh's
    own phrase matcher skipping from candidate to candidate (neighbouring pairs can occur apart).
    """
    docs, scores = _intersect([term_scores(state, query.field, pair) for pair in pairs])
    if len(pairs) == 1 or not len(docs):
        return docs, scores
    confirmed = np.zeros(len(docs), bool)
    candidates = docs.tolist()
    phrase = to_whoosh(query)
    for subsearcher, offset in state.searcher.leaf_searchers():
        local = [doc - offset for doc in candidates if offset <= doc < offset + subsearcher.doc_count_all()]
        if not local:
            continue
        matcher = phrase.matcher(subsearcher)
        for doc in local:
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                confirmed[int(np.searchsorted(docs, offset + doc))] = True
    return docs[confirmed], scores[confirmed]


def _intersect(parts: list[Scored]) -> Scored:
    """Documents in every part; scores added smallest part first (as Python's sum over the parts did)."""
    parts.sort(key=_length)
    common = parts[0][0]
    for docs, _scores in parts[1:]:
        common = np.intersect1d(common, docs, assume_unique=True)
        if not len(common):
            return _EMPTY
    total = None
    for docs, scores in parts:
        picked = scores[np.searchsorted(docs, common)]
        total = picked if total is None else total + picked
    return common, total


def _union(parts: list[Scored]) -> Scored:
    """Documents in any part; scores added largest part first (as the dict of the largest part grew)."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    parts.sort(key=_length, reverse=True)
    docs, where = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    return docs, np.bincount(where, weights=np.concatenate([p[1] for p in parts]), minlength=len(docs))


def term_scores(state: SearcherState, fieldname: str, text: str) -> Scored:
    """Return the documents of one term and their BM25F scores, kept for this searcher."""
    return state.scores.setdefault((fieldname, text), lambda: _score_postings(state, fieldname, text), _length)


def _score_postings(state: SearcherState, fieldname: str, text: str) -> Scored:
    """Score a term's postings in every segment. What a segment says of the term (is it there, in how many
    documents) is kept per segment: asking Whoosh's hash files of every segment again after each commit
    was most of the scoring of the searches that followed an edit."""
    searcher = state.searcher
    leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
    frequencies = [state.segments.doc_frequency(reader, fieldname, text) for reader, _offset in leaves]
    if not any(frequencies):
        return _EMPTY
    scorable = searcher.schema[fieldname].scorable  # Whoosh scores an unscorable field (ID) by weight
    idf = whoosh_idf(searcher.doc_count_all(), sum(frequencies))
    avgfl = searcher.avg_field_length(fieldname) or 1
    b, k1 = bm25_parameters(searcher.weighting, fieldname)
    all_docs, all_scores = [], []
    for (reader, offset), frequency in zip(leaves, frequencies, strict=True):
        if not frequency:
            continue
        ids, weights = state.segments.term_postings(reader, fieldname, text)
        ids = np.frombuffer(ids, np.int32) if len(ids) else np.zeros(0, np.int32)
        w = np.frombuffer(weights, np.float64) if len(weights) else np.zeros(0, np.float64)
        all_docs.append(ids.astype(np.int64) + offset)
        if not scorable:
            all_scores.append(w.copy())
            continue
        lengths = state.segments.length_array(reader, fieldname)[ids]
        # Whoosh's scoring.bm25(), the same operations in the same order, over whole arrays.
        all_scores.append(idf * (w * (k1 + 1)) / (w + k1 * ((1 - b) + b * lengths / avgfl)))
    if not all_docs:
        return _EMPTY
    return np.concatenate(all_docs), np.concatenate(all_scores)
