"""Turn a parsed query and the visibility scope into Whoosh queries (the only place that knows fields)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from whoosh import query as wq

from registry.search.analysis import CJK_RE, is_cjk_word, pieces
from registry.search.querylang import Clause, ParsedQuery

FOREVER = 99991231
TEXT_FIELDS = ("title", "code", "tags", "body")


def day(value: date | None) -> int:
    """Return a date as the yyyymmdd integer stored in the index (0 for none)."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


@dataclass
class Scope:
    """Which versions a search may return: in force on `on`, plus what the options add."""

    on: date
    drafts: bool = False  # drafts and versions not yet in force
    draft_departments: list[int] | None = None  # None: every department; [0] means "no department"
    history: bool = False  # versions superseded by a later one
    repealed: bool = False  # the last text of repealed rules
    category_ids: list[int] | None = None
    department_id: int | None = None
    status: str | None = None
    year: int | None = None


def status_queries(on: date) -> dict[str, wq.Query]:
    """Return, per status, the query of the versions having it on `on`."""
    d = day(on)
    approved = wq.Term("kind", "approved")
    not_repealed = wq.NumericRange("repealed", d + 1, None)
    return {
        "in_force": wq.And([approved, wq.NumericRange("effective", 1, d), wq.NumericRange("until", d + 1, None),
                            not_repealed]),
        "not_yet_in_force": wq.And([approved, wq.NumericRange("effective", d + 1, None), not_repealed]),
        "superseded": wq.And([approved, wq.NumericRange("until", None, d), not_repealed]),
        "repealed": wq.And([approved, wq.NumericRange("repealed", None, d), wq.Term("until", FOREVER)]),
        "draft": wq.Term("kind", "draft"),
    }


def scope_filter(scope: Scope) -> wq.Query:
    """Return the filter selecting the versions the scope allows."""
    by_status = status_queries(scope.on)
    allowed = [by_status["in_force"]]
    if scope.drafts:
        allowed.append(by_status["not_yet_in_force"])
        if scope.draft_departments is None:
            allowed.append(by_status["draft"])
        elif scope.draft_departments:
            allowed.append(wq.And([by_status["draft"], wq.Or([wq.Term("department", d)
                                                               for d in scope.draft_departments])]))
    if scope.history:
        allowed.append(by_status["superseded"])
    if scope.repealed:
        allowed.append(by_status["repealed"])
    parts: list[wq.Query] = [wq.Or(allowed)]
    if scope.status in by_status:
        parts.append(by_status[scope.status])
    if scope.category_ids:
        parts.append(wq.Or([wq.Term("category_path", str(c)) for c in scope.category_ids]))
    if scope.department_id is not None:
        parts.append(wq.Term("department", scope.department_id))
    if scope.year:
        parts.append(wq.NumericRange("effective", scope.year * 10000 + 101, scope.year * 10000 + 1231))
    return wq.And(parts) if len(parts) > 1 else parts[0]


def compile_query(parsed: ParsedQuery) -> wq.Query:
    """Return the Whoosh query for a parsed user query (nothing matches an empty one)."""
    groups = []
    for group in parsed.groups:
        positive = [q for c in group if not c.negated and (q := clause_query(c)) is not None]
        negative = [q for c in group if c.negated and (q := clause_query(c)) is not None]
        if not positive:
            continue
        q = wq.And(positive) if len(positive) > 1 else positive[0]
        if negative:
            q = wq.AndNot(q, wq.Or(negative))
        groups.append(q)
    if not groups:
        return wq.NullQuery
    return wq.Or(groups) if len(groups) > 1 else groups[0]


def clause_query(clause: Clause) -> wq.Query | None:
    """Return the query for one clause over its field (or all text fields), synonyms included."""
    texts = [(clause.text, clause.phrase)] + [(alt, True) for alt in clause.alternatives]
    fields = (clause.field,) if clause.field else TEXT_FIELDS
    options = []
    for text, phrase in texts:
        for name in fields:
            if (q := text_query(name, text, phrase)) is not None:
                options.append(q)
        if "code" in fields:
            options.append(wq.Term("code_key", text.strip().lower(), boost=2.0))
    if not options:
        return None
    return wq.Or(options) if len(options) > 1 else options[0]


def text_query(fieldname: str, text: str, phrase: bool) -> wq.Query | None:
    """A word: its stem; a Chinese word: all its bigrams; a code or quoted text: a phrase."""
    tokens = pieces(text, for_query=True)
    if not tokens:
        return None
    words = [t.text for t in tokens]
    if len(words) == 1:
        word = words[0]
        single_cjk = len(word) == 1 and CJK_RE.match(word)
        return wq.Prefix(fieldname, word) if single_cjk else wq.Term(fieldname, word)
    if not phrase and is_cjk_word(text.strip()):
        # One run of Chinese: every bigram must occur; confirming the exact string is left to ranking.
        return wq.And([wq.Term(fieldname, w) for w in words])
    return wq.Phrase(fieldname, words)
