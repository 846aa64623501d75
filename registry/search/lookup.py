"""Run a compiled query on a searcher: one hit per version (its best article), facets, sorting, paging.

Which versions are in scope (in force on a date, drafts, history …) is decided in Python from the
index's columns, once per searcher and scope, and handed to Whoosh as a set of document numbers:
range queries over dates cost tens of milliseconds per search, a cached set costs nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from registry.search.compile import Scope, day

_META = ("kind", "effective", "until", "repealed", "category", "department")


@dataclass
class RawHit:
    rule_id: int
    version_id: int
    number: int
    anchor: str
    label: str
    start: int
    end: int
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
        reader = searcher.reader()
        self.doc_version: dict[int, int] = {}
        self.meta: dict[int, tuple] = {}
        self._scopes: dict[tuple, tuple[set[int], dict[int, str]]] = {}
        if reader.doc_count() == 0:  # an empty index has no columns at all
            self.articles: list = []
            return
        versions = list(reader.column_reader("version_id"))
        columns = {name: reader.column_reader(name) for name in _META}
        self.articles = reader.column_reader("is_article")
        for docnum in reader.all_doc_ids():
            vid = versions[docnum]
            self.doc_version[docnum] = vid
            if vid not in self.meta:
                self.meta[vid] = tuple(columns[name][docnum] for name in _META)

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


def version_table(searcher, memo: dict) -> VersionTable:
    if "versions" not in memo:
        memo["versions"] = VersionTable(searcher)
    return memo["versions"]


def _best_per_version(results, table: VersionTable) -> dict[int, tuple[float, int]]:
    """Return each version's best score and the document to show: its best article, else its best part."""
    best: dict[int, tuple[float, int]] = {}
    shown_article: set[int] = set()
    for score, docnum in results.top_n:
        vid = table.doc_version[docnum]
        if vid not in best:
            best[vid] = (score, docnum)
        elif vid in shown_article or not table.articles[docnum]:
            continue
        else:
            best[vid] = (best[vid][0], docnum)
        if table.articles[docnum]:
            shown_article.add(vid)
    return best


def run(searcher, memo: dict, query, scope: Scope, *, page: int, per_page: int, sort: str = "relevance") -> RawResult:
    """Search, keep each version's best-scoring document, count facets and cut one page."""
    table = version_table(searcher, memo)
    docs, statuses = table.in_scope(scope)
    if not docs:
        return RawResult(0, [], {"category": Counter(), "department": Counter(), "status": Counter(),
                                 "year": Counter()})
    best = _best_per_version(searcher.search(query, filter=docs, limit=None), table)
    facets = {"category": Counter(), "department": Counter(), "status": Counter(), "year": Counter()}
    rows = []
    for vid, (score, docnum) in best.items():
        _kind, effective, _until, _repealed, category, department = table.meta[vid]
        facets["category"][category] += 1
        facets["department"][department] += 1
        facets["status"][statuses[vid]] += 1
        if effective:
            facets["year"][effective // 10000] += 1
        rows.append((vid, score, docnum, effective))
    if sort == "date":
        rows.sort(key=lambda r: (-r[3], -r[1]))
    start = (max(1, page) - 1) * per_page
    hits = []
    for vid, score, docnum, effective in rows[start:start + per_page]:
        stored = searcher.stored_fields(docnum)
        hits.append(RawHit(int(stored["rule_id"]), vid, stored["number"], stored["anchor"], stored["label"],
                           stored["start"], stored["end"], round(float(score), 4), statuses[vid], effective))
    return RawResult(len(rows), hits, facets)


def matching_rule_ids(searcher, memo: dict, query, scope: Scope) -> set[int]:
    """Return the id of every rule with a matching document in scope (the benchmark's recall measure)."""
    table = version_table(searcher, memo)
    docs, _ = table.in_scope(scope)
    best = _best_per_version(searcher.search(query, filter=docs, limit=None), table)
    return {int(searcher.stored_fields(docnum)["rule_id"]) for _, docnum in best.values()}


def suggest_word(searcher, word: str) -> str | None:
    """Return the closest indexed English word to a misspelt one, if any."""
    if not word.isascii() or not word.isalpha() or len(word) < 3:
        return None
    found = searcher.corrector("words").suggest(word.lower(), limit=1, maxdist=2)
    return found[0] if found and found[0] != word.lower() else None


def known_word(searcher, word: str) -> bool:
    return searcher.reader().doc_frequency("words", word.lower()) > 0
