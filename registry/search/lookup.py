"""Run a compiled query on a searcher: one hit per version (its best article), facets, sorting, paging."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from registry.search.compile import day


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
    """Return a version's status on `on` from its indexed columns (see compile.status_queries)."""
    if kind != "approved":
        return "draft"
    if repealed <= on:
        return "repealed"
    if effective > on:
        return "not_yet_in_force"
    if until <= on:
        return "superseded"
    return "in_force"


def run(searcher, query, flt, on: date, *, page: int, per_page: int, sort: str = "relevance") -> RawResult:
    """Search, keep each version's best-scoring document, count facets and cut one page."""
    results = searcher.search(query, filter=flt, limit=None)
    reader = searcher.reader()
    version_col = reader.column_reader("version_id")
    best: dict[int, tuple[float, int]] = {}
    for score, docnum in results.top_n:
        vid = version_col[docnum]
        if vid not in best:
            best[vid] = (score, docnum)
    columns = {name: reader.column_reader(name) for name in
               ("category", "department", "kind", "effective", "until", "repealed")}
    today_key = day(on)
    facets = {"category": Counter(), "department": Counter(), "status": Counter(), "year": Counter()}
    rows = []
    for vid, (score, docnum) in best.items():
        values = {name: col[docnum] for name, col in columns.items()}
        status = status_of(values["kind"], values["effective"], values["until"], values["repealed"], today_key)
        facets["category"][values["category"]] += 1
        facets["department"][values["department"]] += 1
        facets["status"][status] += 1
        if values["effective"]:
            facets["year"][values["effective"] // 10000] += 1
        rows.append((vid, score, docnum, status, values["effective"]))
    if sort == "date":
        rows.sort(key=lambda r: (-r[4], -r[1]))
    start = (max(1, page) - 1) * per_page
    hits = []
    for vid, score, docnum, status, effective in rows[start:start + per_page]:
        stored = searcher.stored_fields(docnum)
        hits.append(RawHit(int(stored["rule_id"]), vid, stored["number"], stored["anchor"], stored["label"],
                           stored["start"], stored["end"], round(float(score), 4), status, effective))
    return RawResult(len(rows), hits, facets)


def suggest_word(searcher, word: str) -> str | None:
    """Return the closest indexed English word to a misspelt one, if any."""
    if not word.isascii() or not word.isalpha() or len(word) < 3:
        return None
    found = searcher.corrector("words").suggest(word.lower(), limit=1, maxdist=2)
    return found[0] if found and found[0] != word.lower() else None


def known_word(searcher, word: str) -> bool:
    return searcher.reader().doc_frequency("words", word.lower()) > 0
