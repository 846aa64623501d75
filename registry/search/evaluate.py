"""Evaluate a compiled query a set at a time: whole posting lists in, a {document: score} dict out.

Whoosh walks its matcher tree one document at a time (`is_active`, `skip_to`, `score` per document and
per term), about 25 µs per hit in pure Python: a common Chinese word (人民政府: the AND of three bigrams
in three fields) visits thousands of documents, and that walk was most of a query's time. Here each
term's posting list is read block by block (kept per segment, searcher.SegmentCache), scored with
Whoosh's BM25F formula in one comprehension (kept per searcher), and combined with dict and set
operations that run in C: AND intersects, OR adds, NOT subtracts — the same documents and the same
scores (up to the order of floating-point additions) as Whoosh's matchers. A phrase of words is looked
up by its biwords (see analysis.py) and scored by them. Phrases with Chinese, which need positions,
and prefixes are handed to Whoosh (`to_whoosh`) and their results merged in.
"""

from __future__ import annotations

from whoosh import query as wq

from registry.search.analysis import biwords
from registry.search.contract import And, AndNot, Nothing, Or, Phrase, Prefix, Query, Term
from registry.search.searcher import SearcherState
from registry.search.whoosh_internals import LazyOr, bm25_parameters


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


def evaluate(state: SearcherState, query: Query) -> dict[int, float]:
    """Return every matching document number (live or deleted) with its score."""
    if isinstance(query, Nothing):
        return {}
    if isinstance(query, Term):
        found = term_scores(state, query.field, query.text)
        if query.boost != 1.0:
            found = {doc: score * query.boost for doc, score in found.items()}
        return found
    if isinstance(query, AndNot):
        found = evaluate(state, query.positive)
        if found:
            excluded = evaluate(state, query.negative)
            found = {doc: score for doc, score in found.items() if doc not in excluded}
        return found
    if isinstance(query, And):
        return _intersect([evaluate(state, q) for q in query.parts])
    if isinstance(query, Or):
        return _union([evaluate(state, q) for q in query.parts])
    if isinstance(query, Phrase) and state.biwords and (pairs := biwords(list(query.words))):
        return state.scores.setdefault(query, lambda: _phrase(state, query, pairs))
    # phrases with Chinese, prefixes: Whoosh's own matchers
    return state.scores.setdefault(query, lambda: {
        docnum: score for score, docnum in state.searcher.search(to_whoosh(query), limit=None).top_n})


def _phrase(state: SearcherState, query: Phrase, pairs: list[str]) -> dict[int, float]:
    """A phrase of words: the documents holding all its biwords, scored by them.

    Two words are one biword: exact. Longer phrases are confirmed on those candidates only, by Whoosh's
    own phrase matcher skipping from candidate to candidate (neighbouring pairs can occur apart).
    """
    found = _intersect([term_scores(state, query.field, pair) for pair in pairs])
    if len(pairs) == 1 or not found:
        return found
    confirmed: dict[int, float] = {}
    candidates = sorted(found)
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


def term_scores(state: SearcherState, fieldname: str, text: str) -> dict[int, float]:
    """Return {document number: BM25F score} of one term, kept for this searcher."""
    return state.scores.setdefault((fieldname, text), lambda: _score_postings(state, fieldname, text))


def _score_postings(state: SearcherState, fieldname: str, text: str) -> dict[int, float]:
    searcher = state.searcher
    scorable = searcher.schema[fieldname].scorable  # Whoosh scores an unscorable field (ID) by weight
    idf = searcher.idf(fieldname, text)
    avgfl = searcher.avg_field_length(fieldname) or 1
    b, k1 = bm25_parameters(searcher.weighting, fieldname)
    scores: dict[int, float] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if (fieldname, text) not in reader:
            continue
        ids, weights = state.segments.term_postings(reader, fieldname, text)
        if not scorable:
            scores.update({offset + doc: w for doc, w in zip(ids, weights, strict=True)})
            continue
        lengths = state.segments.field_lengths(reader, fieldname)
        # Whoosh's scoring.bm25(), inlined: a function call per posting would double the cost.
        scores.update({offset + doc: idf * (w * (k1 + 1)) / (w + k1 * ((1 - b) + b * lengths[doc] / avgfl))
                       for doc, w in zip(ids, weights, strict=True)})
    return scores
