"""Turn a parsed user query into the engine-neutral query tree of contract.py."""

from __future__ import annotations

from registry.search.analysis import CJK_RE, is_cjk_word, pieces
from registry.search.contract import NOTHING, And, AndNot, Or, Phrase, Prefix, Query, Term
from registry.search.querylang import Clause, ParsedQuery

TEXT_FIELDS = ("title", "code", "tags", "body")


def _any(parts: list[Query]) -> Query:
    return Or(tuple(parts)) if len(parts) > 1 else parts[0]


def compile_query(parsed: ParsedQuery) -> Query:
    """Return the query for a parsed user query (nothing matches an empty one)."""
    groups: list[Query] = []
    for group in parsed.groups:
        positive = [q for c in group if not c.negated and (q := clause_query(c)) is not None]
        negative = [q for c in group if c.negated and (q := clause_query(c)) is not None]
        if not positive:
            continue
        q = And(tuple(positive)) if len(positive) > 1 else positive[0]
        if negative:
            q = AndNot(q, Or(tuple(negative)))
        groups.append(q)
    return _any(groups) if groups else NOTHING


def clause_query(clause: Clause) -> Query | None:
    """Return the query for one clause over its field (or all text fields), synonyms included."""
    texts = [(clause.text, clause.phrase)] + [(alt, True) for alt in clause.alternatives]
    fields = (clause.field,) if clause.field else TEXT_FIELDS
    if not clause.field and not any(ch.isdigit() or ch.isascii() and ch.isalpha() for ch in clause.text):
        fields = tuple(f for f in fields if f != "code")  # codes carry letters or digits
    options: list[Query] = []
    for text, phrase in texts:
        for name in fields:
            if (q := text_query(name, text, phrase)) is not None:
                options.append(q)
        if "code" in fields:
            options.append(Term("code_key", text.strip().lower(), boost=2.0))
    return _any(options) if options else None


def text_query(fieldname: str, text: str, phrase: bool) -> Query | None:
    """A word: its stem; a Chinese word: all its bigrams; a code or quoted text: a phrase."""
    tokens = pieces(text, for_query=True)
    if not tokens:
        return None
    words = [t.text for t in tokens]
    if len(words) == 1:
        word = words[0]
        single_cjk = len(word) == 1 and CJK_RE.match(word)
        return Prefix(fieldname, word) if single_cjk else Term(fieldname, word)
    if is_cjk_word(text.strip()):
        # One run of Chinese: every bigram must occur, in any order (no positions: 3-10x cheaper than a
        # phrase). A quoted run is confirmed on the results shown (queries.confirm_phrases).
        return And(tuple(Term(fieldname, w) for w in words))
    return Phrase(fieldname, tuple(words))
