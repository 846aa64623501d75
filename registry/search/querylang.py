"""Read what a user typed into a small query tree, forgivingly: no input is ever an error.

Grammar: clauses separated by spaces are ANDed; `OR` (or `|`) separates alternatives; `AND`/`&&` is
accepted and redundant; `NOT`, `-` or `!` negates the next clause; `"…"` (or 「…」 “…”) is a phrase;
`title:`, `code:`, `body:`, `tag:` restrict a clause to a field. Parentheses are ignored. Oddities
(unbalanced quotes, lone operators, control characters, very long pastes) are repaired and reported
in `notes`, so the page can say what was done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

MAX_LENGTH = 500
MAX_CLAUSES = 32
FIELDS = {"title": "title", "code": "code", "body": "body", "tag": "tags", "tags": "tags",
          "标题": "title", "编号": "code", "正文": "body", "标签": "tags"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"', "『": '"', "』": '"'})
_TOKEN = re.compile(r'(?P<neg>[-!])?(?:(?P<field>[^\s:"：]+)[:：])?(?:"(?P<phrase>[^"]*)("|$)|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Clause:
    """One searched thing: a word, a code or a phrase, maybe field-restricted, negated or widened."""

    text: str
    field: str | None = None
    phrase: bool = False
    negated: bool = False
    alternatives: tuple[str, ...] = ()  # synonyms, searched as phrases


@dataclass
class ParsedQuery:
    """Alternatives (OR) of clause groups (AND)."""

    groups: list[list[Clause]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(c for g in self.groups for c in g if not c.negated)

    def positive_texts(self) -> list[str]:
        """Return every searched text, synonyms included, for highlighting and suggestions."""
        out: list[str] = []
        for group in self.groups:
            for clause in group:
                if not clause.negated:
                    out.extend((clause.text, *clause.alternatives))
        return list(dict.fromkeys(out))

    def canonical(self) -> str:
        """Return the query re-written in the grammar, e.g. for logging and 'did you mean'."""
        def show(c: Clause) -> str:
            text = f'"{c.text}"' if c.phrase else c.text
            prefix = next((k for k, v in FIELDS.items() if v == c.field), None) if c.field else None
            return ("-" if c.negated else "") + (f"{prefix}:" if prefix else "") + text
        return " OR ".join(" ".join(show(c) for c in g) for g in self.groups)


def clean(raw: str, notes: list[str]) -> str:
    """Drop control characters and cut very long input."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw or "")
    if len(text) > MAX_LENGTH:
        notes.append("long")
        text = text[:MAX_LENGTH]
    return text.translate(_QUOTES).replace("(", " ").replace(")", " ").replace("（", " ").replace("）", " ")


def parse(raw: str) -> ParsedQuery:
    """Parse user input into OR-groups of AND-clauses, repairing what does not parse."""
    result = ParsedQuery()
    text = clean(raw, result.notes)
    if text.count('"') % 2:
        result.notes.append("quote")
    group: list[Clause] = []
    negate_next = False
    for m in _TOKEN.finditer(text):
        word = m["word"]
        if m["phrase"] is None and not m["field"] and word in {"OR", "|", "||"}:
            if group:
                result.groups.append(group)
            group, negate_next = [], False
            continue
        if m["phrase"] is None and not m["field"] and word in {"AND", "&&", "&", "+"}:
            continue
        if m["phrase"] is None and not m["field"] and word in {"NOT", "!", "-"}:
            negate_next = True
            continue
        clause = _clause(m, negate_next, result.notes)
        negate_next = False
        if clause is not None and len(group) < MAX_CLAUSES:
            group.append(clause)
    if group:
        result.groups.append(group)
    result.groups = [g for g in result.groups if any(not c.negated for c in g)]
    if negate_next or (text.strip() and not result.groups):
        result.notes.append("operators")
    return result


def _clause(m: re.Match[str], negate: bool, notes: list[str]) -> Clause | None:
    field_name = m["field"]
    target = FIELDS.get(field_name.lower()) if field_name else None
    phrase = m["phrase"] is not None
    text = (m["phrase"] if phrase else m["word"]).strip()
    if field_name and target is None:  # "http://…" or "时间:2024": not a field, keep the text
        text = f"{field_name}:{text}" if not phrase else text
    text = text.strip("+&|!")
    if not text:
        return None
    return Clause(text=text, field=target, phrase=phrase, negated=negate or bool(m["neg"]))


def expand_synonyms(query: ParsedQuery, groups: list[list[str]]) -> ParsedQuery:
    """Widen every clause (or run of clauses) equal to a synonym with the other terms of its group."""
    index: dict[str, list[str]] = {}
    for terms in groups:
        for term in terms:
            index.setdefault(term.casefold(), []).extend(t for t in terms if t.casefold() != term.casefold())
    if not index:
        return query
    new_groups = []
    for group in query.groups:
        out: list[Clause] = []
        i = 0
        while i < len(group):
            matched = False
            for n in (4, 3, 2):  # "annual leave" typed as two words
                run = group[i:i + n]
                if len(run) == n and all(not c.negated and not c.field and not c.phrase for c in run):
                    key = " ".join(c.text for c in run).casefold()
                    if key in index:
                        out.append(Clause(" ".join(c.text for c in run), phrase=True,
                                          alternatives=tuple(index[key])))
                        i, matched = i + n, True
                        break
            if not matched:
                clause = group[i]
                extra = index.get(clause.text.casefold()) if not clause.negated else None
                out.append(replace(clause, alternatives=tuple(extra)) if extra else clause)
                i += 1
        new_groups.append(out)
    return ParsedQuery(new_groups, query.notes)
