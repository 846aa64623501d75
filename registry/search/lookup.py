"""Run a compiled query on a searcher: scope, facets, ranking, one page of hits.

Which versions are in scope (in force on a date, drafts, history …) is decided in Python from the
index's columns, once per searcher and scope, as a set of document numbers intersected with the
matches (evaluate.py): range queries over dates cost tens of milliseconds per search, a cached set
costs nothing.
"""

from __future__ import annotations

import heapq
import struct
from collections import Counter
from dataclasses import dataclass, field

from registry.search.compile import Scope, day
from registry.search.evaluate import Lru, evaluate
from registry.search.ranking import segment_memo
from registry.search.spelling import Speller
from registry.search.suggest_zh import ChineseSpeller, pairs

# Stored fields kept per searcher, in documents (a version's article offsets: ~10 kB on average).
STORED_CACHE = 1_000
_META = ("kind", "effective", "until", "repealed", "category", "department")


@dataclass
class RawHit:
    rule_id: int
    version_id: int
    number: int
    segments: list[tuple[int, int, str, str]]
    score: float
    status: str
    effective: int


@dataclass
class RawResult:
    total: int = 0
    hits: list[RawHit] = field(default_factory=list)
    facets: dict[str, Counter] = field(default_factory=dict)


def status_of(kind: str, effective: int, until: int, repealed: int, on: int) -> str:
    """Return a version's status on `on` (yyyymmdd) from its indexed columns."""
    if kind != "approved":
        return "draft"
    if repealed <= on:
        return "repealed"
    if effective > on:
        return "not_yet_in_force"
    if until <= on:
        return "superseded"
    return "in_force"


class VersionTable:
    """Per searcher: the version of every live document and each version's properties."""

    def __init__(self, searcher):
        self.doc_version: dict[int, int] = {}
        self.meta: dict[int, tuple] = {}
        self._scopes: dict[tuple, tuple[set[int], dict[int, str]]] = {}
        if searcher.reader().doc_count() == 0:  # an empty index has no columns at all
            return
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            rows = segment_memo(reader, "versions", _segment_rows)
            for docnum in reader.all_doc_ids():
                version_id, *meta = rows[docnum]
                self.doc_version[offset + docnum] = version_id
                self.meta[version_id] = tuple(meta)

    def in_scope(self, scope: Scope) -> tuple[set[int], dict[int, str]]:
        """Return the document numbers in scope and the status of each version in scope."""
        key = scope.key()
        if key not in self._scopes:
            on = day(scope.on)
            statuses = {}
            for vid, (kind, effective, until, repealed, category, department) in self.meta.items():
                status = status_of(kind, effective, until, repealed, on)
                if scope.allows(status, category, department, effective):
                    statuses[vid] = status
            docs = {d for d, v in self.doc_version.items() if v in statuses}
            if len(self._scopes) > 64:
                self._scopes.clear()
            self._scopes[key] = (docs, statuses)
        return self._scopes[key]


def _segment_rows(reader) -> list[tuple]:
    """Return (version id, *_META) of every document of a segment, deleted ones included."""
    if reader.doc_count_all() == 0:
        return []
    return list(zip(*(_column(reader, name) for name in ("version_id", *_META)), strict=True))


def _column(reader, name: str) -> list:
    """Return a column's value for every document of a segment.

    A numeric column is an array of fixed-width numbers: read in one piece (the W3 column reader's
    attributes), not one seek and read per document — a quarter of a second per 6,000 documents
    on the first search of a process.
    """
    raw = reader.column_reader(name, translate=False)
    count = reader.doc_count_all()
    try:
        data = raw._dbfile.get(raw._basepos, raw._count * raw._fixedlen)
        values = [v for (v,) in struct.iter_unpack("!" + raw._typecode, data)]
        values += [raw._default] * (count - len(values))
    except AttributeError:  # not a numeric column (the `kind` ID): one value at a time
        values = [raw[docnum] for docnum in range(count)]
    convert = reader.schema[name].from_column_value
    return [convert(value) for value in values]


def version_table(searcher, memo: dict) -> VersionTable:
    if "versions" not in memo:
        memo["versions"] = VersionTable(searcher)
    return memo["versions"]


def run(searcher, memo: dict, query, scope: Scope, *, page: int, per_page: int, sort: str = "relevance") -> RawResult:
    """Search the versions in scope, count facets over all of them and cut one page."""
    table = version_table(searcher, memo)
    docs, statuses = table.in_scope(scope)
    facets = {"category": Counter(), "department": Counter(), "status": Counter(), "year": Counter()}
    if not docs:
        return RawResult(0, [], facets)
    scores = evaluate(searcher, memo, query)
    matched = [(table.doc_version[docnum], docnum) for docnum in scores.keys() & docs]
    meta = table.meta
    facets["category"].update(meta[vid][4] for vid, _ in matched)
    facets["department"].update(meta[vid][5] for vid, _ in matched)
    facets["status"].update(statuses[vid] for vid, _ in matched)
    facets["year"].update(meta[vid][1] // 10000 for vid, _ in matched if meta[vid][1])
    if sort == "date":
        key = lambda row: (-meta[row[0]][1], -scores[row[1]], row[1])  # noqa: E731
    else:
        key = lambda row: (-scores[row[1]], row[1])  # noqa: E731
    start = (max(1, page) - 1) * per_page
    hits = []
    for vid, docnum in heapq.nsmallest(start + per_page, matched, key=key)[start:]:
        stored = stored_fields(searcher, memo, docnum)
        hits.append(RawHit(int(stored["rule_id"]), vid, stored["number"], stored["segments"],
                           round(float(scores[docnum]), 4), statuses[vid], meta[vid][1]))
    return RawResult(len(matched), hits, facets)


def stored_fields(searcher, memo: dict, docnum: int) -> dict:
    """Return a document's stored fields, kept for the life of the searcher.

    Unpickling a version's article offsets costs about a quarter of a millisecond; a page of twenty
    hits of a common word spent most of its lookup time there, for the same documents every time.
    """
    cache = memo.setdefault("stored", Lru(STORED_CACHE))
    found = cache.get(docnum)
    if found is None:
        found = searcher.stored_fields(docnum)
        cache.put(docnum, found, 0)  # counted one per document
    return found


def matching_rule_ids(searcher, memo: dict, query, scope: Scope) -> set[int]:
    """Return the id of every rule with a matching version in scope (the benchmark's recall measure)."""
    docs, _ = version_table(searcher, memo).in_scope(scope)
    return {int(searcher.stored_fields(docnum)["rule_id"]) for docnum in evaluate(searcher, memo, query).keys() & docs}


def suggest_word(searcher, memo: dict, word: str) -> str | None:
    """Return the closest English word of the readable texts to a misspelt one, if any."""
    if not word.isascii() or not word.isalpha() or len(word) < 3:
        return None
    if "speller" not in memo:
        reader = searcher.reader()
        memo["speller"] = Speller(public_vocabulary(searcher, memo), lambda w: reader.doc_frequency("words", w))
    return memo["speller"].suggest(word)


def suggest_chinese(searcher, memo: dict, word: str) -> str | None:
    """Return the closest Chinese word of the readable texts to one with a character pair no text has."""
    if "speller_zh" not in memo:
        reader = searcher.reader()
        terms = (t.decode("utf-8") for t in reader.lexicon("body")) if reader.doc_count() else ()
        memo["speller_zh"] = ChineseSpeller(terms, lambda pair: reader.doc_frequency("body", pair))
    table = version_table(searcher, memo)
    approved = {d for d, v in table.doc_version.items() if table.meta[v][0] == "approved"}
    reader = searcher.reader()
    unsure = len(table.doc_version) - len(approved) + reader.doc_count_all() - reader.doc_count()

    def public(candidate: str) -> bool:  # never suggest a word only a draft contains
        return all(reader.doc_frequency("body", pair) > unsure or _in_any(searcher, pair, approved, "body")
                   for pair in pairs(candidate))

    return memo["speller_zh"].suggest(word, public)


def known_word(searcher, memo: dict, word: str) -> bool:
    """Say whether the word occurs in a text everyone may read (a word known only from drafts is not)."""
    return word.lower() in public_vocabulary(searcher, memo)


def public_vocabulary(searcher, memo: dict) -> frozenset[str]:
    """Return the English words of approved versions, the texts every reader may read, once per searcher.

    Suggestions come only from these, so "did you mean" never names a word that only a draft
    contains. A word found in more documents than there are drafts and deleted documents must be
    in an approved one; only the rarer words have their postings looked at.
    """
    if "public_words" not in memo:
        table = version_table(searcher, memo)
        reader = searcher.reader()
        approved = {d for d, v in table.doc_version.items() if table.meta[v][0] == "approved"}
        unsure = len(table.doc_version) - len(approved) + reader.doc_count_all() - reader.doc_count()
        words = set()
        for term in reader.lexicon("words") if reader.doc_count() else ():
            word = term.decode("utf-8")
            if reader.doc_frequency("words", word) > unsure or _in_any(searcher, word, approved):
                words.add(word)
        memo["public_words"] = frozenset(words)
    return memo["public_words"]


def _in_any(searcher, word: str, docs: set[int], field: str = "words") -> bool:
    """Say whether a term of the field (`words` unless named) occurs in one of these (global) document numbers."""
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if (field, word) in reader and any(offset + d in docs for d in reader.postings(field, word).all_ids()):
            return True
    return False
