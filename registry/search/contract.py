"""What the search area asks of an index, in terms any engine can answer (Whoosh today: engine.py).

A backend implements `SearchIndex`: it replaces the documents of given rules (one atomic change that
also records which outbox rows it applied), answers a compiled query with the total, one page of hits
and the facets, and lists the words of the texts everyone may read. Queries arrive as a small tree of
terms (`Term`, `Prefix`, `Phrase`, `And`, `Or`, `AndNot`) over the tokens of analysis.py, so a second
backend — PostgreSQL full-text search over the same tokens, say — needs no Whoosh at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

FOREVER = 99991231


def day(value: date | None) -> int:
    """Return a date as the yyyymmdd integer stored in the index (0 for none)."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def status_of(kind: str, effective: int, until: int, repealed: int, on: int, lapses: int = FOREVER) -> str:
    """Return a version's status on `on` (yyyymmdd) from its indexed columns: a text of a rule whose validity
    period ended is lapsed (失效), not superseded."""
    if kind != "approved":
        return "draft"
    if repealed <= on:
        return "repealed"
    if effective > on:
        return "not_yet_in_force"
    if lapses <= on:
        return "lapsed"
    if until <= on:
        return "superseded"
    return "in_force"


@dataclass
class Scope:
    """Which versions a search may return: in force on `on`, plus what the options add."""

    on: date
    drafts: bool = False  # drafts and versions not yet in force
    draft_departments: list[int] | None = None  # None: every department; [0] means "no department"
    history: bool = False  # versions superseded by a later one (and the texts of lapsed rules)
    repealed: bool = False  # the last text of repealed rules (and of lapsed ones)
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
            self.repealed and status == "repealed") or ((self.history or self.repealed) and status == "lapsed") or (
            self.drafts and status == "not_yet_in_force") or (
            self.drafts and status == "draft" and visible_draft)
        if not allowed or (self.status and status != self.status):
            return False
        if self.category_ids and category not in self.category_ids:
            return False
        if self.department_id is not None and department != self.department_id:
            return False
        return not self.year or effective // 10000 == self.year


# --- compiled queries: tokens of analysis.py in fields of Document ---------------------------------

@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Every term of the field that begins with `text` (a single Chinese character)."""

    field: str
    text: str


@dataclass(frozen=True)
class Phrase:
    """The words one after the other (positions one apart)."""

    field: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    """Documents every part matches; their scores add up."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Or:
    """Documents any part matches; the scores of the parts that match add up."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class AndNot:
    """Documents `positive` matches and `negative` does not, scored by `positive`."""

    positive: Query
    negative: Query


@dataclass(frozen=True)
class Nothing:
    """Matches no document (an empty query)."""


Query = Term | Prefix | Phrase | And | Or | AndNot | Nothing
NOTHING = Nothing()


# --- documents in, results out --------------------------------------------------------------------

@dataclass
class Document:
    """One version of a rule as the index holds it (documents.py); the text fields are analysed."""

    doc_id: str
    rule_id: str
    version_id: int
    number: int
    code_key: str  # the whole code, lower-cased
    code: str
    title: str
    tags: str
    body: str
    words: str  # the English words of title and body, unstemmed (the spelling vocabulary)
    segments: list[tuple[int, int, str, str]]  # (start, end, anchor, label) of every unit of the text
    category: int
    department: int
    kind: str  # approved | draft
    effective: int  # yyyymmdd, 0 for drafts
    until: int  # when the next approved version takes over (FOREVER)
    repealed: int  # FOREVER while not repealed
    lapses: int = FOREVER  # the rule's validity period ends (rules.valid_until); FOREVER without one
    category_path: str = ""  # the ids of the category and its ancestors
    fingerprint: str = ""


@dataclass
class Hit:
    rule_id: int
    version_id: int
    number: int
    segments: Sequence[tuple[int, int, str, str]]  # search/searcher.ArticleOffsets from the Whoosh backend
    score: float
    status: str
    effective: int
    fingerprint: str = ""  # of the document as indexed (documents.fingerprint): the same one, the same text shown


@dataclass
class Facets:
    """Counts of matching versions in scope, by facet key."""

    category: Counter = field(default_factory=Counter)
    department: Counter = field(default_factory=Counter)
    status: Counter = field(default_factory=Counter)
    year: Counter = field(default_factory=Counter)


@dataclass
class Result:
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: Facets = field(default_factory=Facets)
    generation: str = ""  # changes whenever the index's content does (for caches derived from it)


@dataclass
class OutboxState:
    """Which outbox rows an index has applied: every id up to `low`, and these above it."""

    low: int = 0
    applied: list[int] = field(default_factory=list)


class IndexUnavailable(RuntimeError):
    """The index cannot be written or read (busy for too long, or damaged)."""


class NoIndex(IndexUnavailable):
    """There is no index yet (before the first build)."""


class Vocabulary(Protocol):
    def knows(self, word: str) -> bool: ...

    def suggest(self, word: str) -> str | None: ...

    def suggest_chinese(self, word: str) -> str | None: ...


class Batch(Protocol):
    """One change of an index: documents replaced rule by rule, and the outbox state it reaches."""

    state: OutboxState

    def replace(self, rule_ids: list[int], documents: list[Document]) -> int: ...


class SearchIndex(Protocol):
    """The contract of a search backend; only services.py (outbox, rebuild, verify) and queries.py call it."""

    def update(self, *, wait: bool = True) -> AbstractContextManager[Batch]:
        """Change the live index in one commit; wait=False gives up at once when another writer works."""

    def rebuild(self, fill: Callable[[Batch], None], catch_up: Callable[[Batch], None]) -> None:
        """Fill a new index beside the live one, then, holding the write lock, catch up and switch to it."""

    def query(self, compiled: Query, scope: Scope, *, page: int, per_page: int,
              sort: str = "relevance") -> Result:
        """Return the matching versions in scope: total, facets, and one page by relevance or date."""

    def matching_rule_ids(self, compiled: Query, scope: Scope) -> set[int]:
        """Return the id of every rule with a matching version in scope (the benchmark's recall)."""

    def vocabulary(self) -> Vocabulary:
        """Return the English words of approved versions, which suggestions may name."""

    def generation(self) -> str:
        """Return the token of what the index holds now: the `Result.generation` its next query would carry."""

    def state(self) -> OutboxState | None:
        """Return the outbox state of the live index (None when there is none)."""

    def outdated(self) -> bool:
        """Tell whether the live index was built in an older format (rebuild it)."""

    def fingerprints(self) -> Iterator[tuple[str, str]]:
        """Yield (doc_id, fingerprint) of every live document (for verification)."""

    def close(self) -> None: ...
