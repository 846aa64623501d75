"""Turn a parsed query into a Whoosh query; describe which versions a search may return (Scope)."""

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

    def key(self) -> tuple:
        return (day(self.on), self.drafts, tuple(self.draft_departments) if self.draft_departments is not None
                else None, self.history, self.repealed, tuple(self.category_ids or ()), self.department_id,
                self.status, self.year)

    def allows(self, status: str, category: int, department: int, effective: int) -> bool:
        """Tell whether a version with these properties (status as of `on`) is in scope."""
        visible_draft = self.draft_departments is None or department in self.draft_departments
        allowed = status == "in_force" or (self.history and status == "superseded") or (
            self.repealed and status == "repealed") or (self.drafts and status == "not_yet_in_force") or (
            self.drafts and status == "draft" and visible_draft)
        if not allowed or (self.status and status != self.status):
            return False
        if self.category_ids and category not in self.category_ids:
            return False
        if self.department_id is not None and department != self.department_id:
            return False
        return not self.year or effective // 10000 == self.year


class _Or(wq.Or):
    """An Or that always merges its parts lazily: Whoosh's default for indexes under 5,000 documents
    preloads every part into a 2,048-slot array per segment, which cost most of a short query's time."""

    matcher_type = wq.Or.DEFAULT_MATCHER


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
            q = wq.AndNot(q, _Or(negative))
        groups.append(q)
    if not groups:
        return wq.NullQuery
    return _Or(groups) if len(groups) > 1 else groups[0]


def clause_query(clause: Clause) -> wq.Query | None:
    """Return the query for one clause over its field (or all text fields), synonyms included."""
    texts = [(clause.text, clause.phrase)] + [(alt, True) for alt in clause.alternatives]
    fields = (clause.field,) if clause.field else TEXT_FIELDS
    if not clause.field and not any(ch.isdigit() or ch.isascii() and ch.isalpha() for ch in clause.text):
        fields = tuple(f for f in fields if f != "code")  # codes carry letters or digits
    options = []
    for text, phrase in texts:
        for name in fields:
            if (q := text_query(name, text, phrase)) is not None:
                options.append(q)
        if "code" in fields:
            options.append(wq.Term("code_key", text.strip().lower(), boost=2.0))
    if not options:
        return None
    return _Or(options) if len(options) > 1 else options[0]


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
    if is_cjk_word(text.strip()):
        # One run of Chinese: every bigram must occur, in any order (no positions: 3-10x cheaper than a
        # phrase). A quoted run is confirmed on the results shown (queries.confirm_phrases).
        return wq.And([wq.Term(fieldname, w) for w in words])
    return wq.Phrase(fieldname, words)
