"""Run a compiled query on a searcher: scope, facets, ranking, one page of hits; the public vocabulary.

Which versions are in scope (in force on a date, drafts, history …) is decided in Python from the
index's columns, once per searcher and scope, as a set of document numbers intersected with the
matches (evaluate.py): range queries over dates cost tens of milliseconds per search, a cached set
costs nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from registry.search.contract import FOREVER, Facets, Hit, Query, Result, Scope, day, status_of
from registry.search.evaluate import evaluate, scored
from registry.search.searcher import ArticleOffsets, SearcherState
from registry.search.spelling import DeletionTable, Vocabulary
from registry.search.suggest_zh import ChineseSpeller, PairTable, pairs
from registry.search.whoosh_internals import column_values

_META = ("kind", "effective", "until", "repealed", "category", "department", "lapses")
_STATUSES = ("in_force", "not_yet_in_force", "draft", "superseded", "lapsed", "repealed")


class VersionTable:
    """Per searcher: the version of every live document and each version's properties."""

    def __init__(self, state: SearcherState):
        self.doc_version: dict[int, int] = {}
        self.meta: dict[int, tuple] = {}
        self._scopes: dict[tuple, tuple[set[int], dict[int, str]]] = {}
        self._masks: dict[tuple, np.ndarray] = {}
        searcher = state.searcher
        count = searcher.reader().doc_count_all()
        # By document number (deleted ones 0): what the facets count and the date sort orders by.
        self.category = np.zeros(count, np.int64)
        self.department = np.zeros(count, np.int64)
        self.effective = np.zeros(count, np.int64)
        self.version = np.zeros(count, np.int64)
        if searcher.reader().doc_count() == 0:  # an empty index has no columns at all
            return
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            rows = state.segments.memo(reader, "versions", _segment_rows)
            for docnum in reader.all_doc_ids():
                version_id, *meta = rows[docnum]
                self.doc_version[offset + docnum] = version_id
                self.meta[version_id] = tuple(meta)
        docs = np.fromiter(self.doc_version, np.int64, len(self.doc_version))
        versions = np.fromiter(self.doc_version.values(), np.int64, len(docs))
        self.version[docs] = versions
        for name, column in (("effective", 1), ("category", 4), ("department", 5)):
            getattr(self, name)[docs] = [self.meta[v][column] for v in versions.tolist()]

    def in_scope(self, scope: Scope) -> tuple[set[int], dict[int, str]]:
        """Return the document numbers in scope and the status of each version in scope."""
        key = scope.key()
        if key not in self._scopes:
            on = day(scope.on)
            statuses = {}
            for vid, (kind, effective, until, repealed, category, department, lapses) in self.meta.items():
                status = status_of(kind, effective, until, repealed, on, lapses)
                if scope.allows(status, category, department, effective):
                    statuses[vid] = status
            docs = {d for d, v in self.doc_version.items() if v in statuses}
            if len(self._scopes) > 64:
                self._scopes.clear()
            self._scopes[key] = (docs, statuses)
        return self._scopes[key]

    def scope_codes(self, scope: Scope) -> np.ndarray:
        """Return, by document number, 1 + the index in _STATUSES of its status in scope (0: out of scope)."""
        key = scope.key()
        if key not in self._masks:
            docs, statuses = self.in_scope(scope)
            codes = np.zeros(len(self.version), np.int8)
            if docs:
                picked = np.fromiter(docs, np.int64, len(docs))
                codes[picked] = [_STATUSES.index(statuses[v]) + 1 for v in self.version[picked].tolist()]
            if len(self._masks) > 64:
                self._masks.clear()
            self._masks[key] = codes
        return self._masks[key]


def _segment_rows(reader) -> list[tuple]:
    """Return (version id, *_META) of every document of a segment, deleted ones included."""
    if reader.doc_count_all() == 0:
        return []
    count = reader.doc_count_all()  # a generation of format 3 has no `lapses` column: nothing lapses there
    return list(zip(*(column_values(reader, name) if name in reader.schema else [FOREVER] * count
                      for name in ("version_id", *_META)), strict=True))


def version_table(state: SearcherState) -> VersionTable:
    if state.versions is None:
        state.versions = VersionTable(state)
    return state.versions


def run(state: SearcherState, query: Query, scope: Scope, *, page: int, per_page: int,
        sort: str = "relevance") -> Result:
    """Search the versions in scope, count facets over all of them and cut one page.

    Matches, facets and the order are worked out on arrays (numpy): a common word at 16 copies of the
    corpus matches 20,000 versions, and a Python step per match was most of the query.
    """
    table = version_table(state)
    codes = table.scope_codes(scope)
    facets = Facets()
    if not table.in_scope(scope)[0]:
        return Result(0, [], facets, state.generation)
    docs, scores = scored(state, query)
    picked = codes[docs] > 0
    docs, scores = docs[picked], scores[picked]
    if not len(docs):
        return Result(0, [], facets, state.generation)
    status = codes[docs]
    facets.category = _counts(table.category[docs])
    facets.department = _counts(table.department[docs])
    facets.status = Counter({_STATUSES[code - 1]: n for code, n in _counts(status).items()})
    effective = table.effective[docs]
    facets.year = _counts(effective[effective > 0] // 10000)
    start = (max(1, page) - 1) * per_page
    wanted = start + per_page
    if sort == "date":
        order = np.lexsort((docs, -scores, -effective))[start:wanted]
    else:
        if len(docs) > wanted * 4:  # only the candidates at or above the page's last score need sorting
            threshold = np.partition(scores, len(docs) - wanted)[len(docs) - wanted]
            candidates = np.flatnonzero(scores >= threshold)
        else:
            candidates = np.arange(len(docs))
        order = candidates[np.lexsort((docs[candidates], -scores[candidates]))][start:wanted]
    hits = []
    for docnum, score, code, eff in zip(docs[order].tolist(), scores[order].tolist(), status[order].tolist(),
                                        effective[order].tolist(), strict=True):
        rule_id, number, segments, fingerprint = stored_fields(state, docnum)
        hits.append(Hit(rule_id, table.doc_version[docnum], number, segments, round(float(score), 4),
                        _STATUSES[code - 1], eff, fingerprint))
    return Result(len(docs), hits, facets, state.generation)


def _counts(values: np.ndarray) -> Counter:
    keys, counts = np.unique(values, return_counts=True)
    return Counter(dict(zip(keys.tolist(), counts.tolist(), strict=True)))


def stored_fields(state: SearcherState, docnum: int) -> tuple[int, int, ArticleOffsets, str]:
    """Return what a hit needs of a document's stored fields (rule id, number, article offsets, fingerprint),
    kept per segment (which never changes).

    Unpickling a version's article offsets costs about a quarter of a millisecond; a page of twenty
    hits of a common word spent most of its lookup time there, for the same documents every time. Kept
    by segment rather than by searcher, they outlive the commit of an edit, which opens a new searcher
    over the same segments and one small new one.
    """
    def read() -> tuple[int, int, ArticleOffsets, str]:
        stored = state.searcher.stored_fields(docnum)
        return (int(stored["rule_id"]), stored["number"], ArticleOffsets(stored["segments"]),
                stored.get("fingerprint") or "")

    return state.segments.stored.setdefault(state.leaf_of(docnum), read, lambda _found: 0)


def matching_rule_ids(state: SearcherState, query: Query, scope: Scope) -> set[int]:
    """Return the id of every rule with a matching version in scope (the benchmark's recall measure)."""
    docs, _ = version_table(state).in_scope(scope)
    return {int(state.searcher.stored_fields(docnum)["rule_id"]) for docnum in evaluate(state, query).keys() & docs}


def public_vocabulary(state: SearcherState) -> Vocabulary:
    """Return the English words of approved versions, the texts every reader may read, once per searcher.

    Suggestions come only from these, so "did you mean" never names a word that only a draft
    contains. The speller's tables hold every word of each segment and are kept per segment (a
    commit adds a small segment and deletes documents, it does not change the others); whether a
    word is in an approved version is asked only of the words a query names or a suggestion ranks.
    Building the tables of the public words for every new searcher took each worker a third of its
    time under the load benchmark, whose edits change the index every few seconds.
    """
    if state.vocabulary is None:
        reader = state.searcher.reader()
        public = _public_check(state, "words")
        state.vocabulary = Vocabulary(lambda: _segment_tables(state, "words", DeletionTable),
                                      lambda word: reader.doc_frequency("words", word), public,
                                      chinese=lambda: _chinese_suggester(state))
    return state.vocabulary


def _segment_tables(state: SearcherState, field: str, build: Callable) -> list:
    """Return build(terms of the field) for every segment of the searcher, kept while the segment is live."""
    if state.searcher.reader().doc_count() == 0:
        return []
    leaves = [sub.reader() for sub, _offset in state.searcher.leaf_searchers()]
    return state.segments.current(leaves, f"terms:{field}", lambda reader: build(
        t.decode("utf-8") for t in reader.lexicon(field)))


def _public_check(state: SearcherState, field: str) -> Callable[[str], bool]:
    """Return a test of whether a term of the field occurs in an approved, live version of this searcher.

    A term found in more documents than there are drafts and deleted documents must be in an approved
    one; only the rarer terms have their postings looked at.
    """
    known: dict[str, bool] = {}
    approved: set[int] | None = None
    unsure = 0

    def public(term: str) -> bool:
        nonlocal approved, unsure
        if term not in known:
            if approved is None:
                table = version_table(state)
                reader = state.searcher.reader()
                approved = {d for d, v in table.doc_version.items() if table.meta[v][0] == "approved"}
                unsure = len(table.doc_version) - len(approved) + reader.doc_count_all() - reader.doc_count()
            reader = state.searcher.reader()
            known[term] = reader.doc_count() > 0 and (
                reader.doc_frequency(field, term) > unsure or _in_any(state.searcher, term, approved, field))
        return known[term]

    return public


def _chinese_suggester(state: SearcherState) -> Callable[[str], str | None]:
    """Build the Chinese "did you mean" over the body's character pairs of this searcher.

    A candidate must have every pair in an approved text, so no suggestion names a word only a draft holds.
    """
    reader = state.searcher.reader()
    speller = ChineseSpeller((), lambda pair: reader.doc_frequency("body", pair),
                             tables=_segment_tables(state, "body", PairTable))
    public = _public_check(state, "body")
    return lambda word: speller.suggest(word, lambda candidate: all(public(pair) for pair in pairs(candidate)))


def _in_any(searcher, word: str, docs: set[int], field: str = "words") -> bool:
    """Say whether a term of the field (`words` unless named) occurs in one of these (global) document numbers."""
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if (field, word) in reader and any(offset + d in docs for d in reader.postings(field, word).all_ids()):
            return True
    return False
