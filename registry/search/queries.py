"""Search as the pages and the API see it: a request in, a page of rule hits with facets out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from registry.auth.permissions import draft_departments
from registry.datefields import parse_day
from registry.db import db, today
from registry.labels import in_english
from registry.rules.models import Rule, RuleVersion
from registry.rules.queries import descendant_ids
from registry.rules.texts import version_bodies
from registry.search.analysis import fold, is_cjk_word
from registry.search.compile import compile_query
from registry.search.contract import Facets, NoIndex, Result, Scope, Vocabulary
from registry.search.highlight import contains, highlight_hit
from registry.search.querylang import ParsedQuery, expand_synonyms, parse

log = logging.getLogger(__name__)
SORTS = ("relevance", "date")
STATUSES = ("in_force", "not_yet_in_force", "draft", "superseded", "lapsed", "repealed")
_TRUE = {"1", "on", "true", "yes"}


@dataclass
class SearchRequest:
    """What the user asked for, read forgivingly from a query string."""

    q: str = ""
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    on: date | None = None
    drafts: bool = False
    history: bool = False
    repealed: bool = False
    category_id: int | None = None
    department_id: int | None = None
    status: str | None = None
    year: int | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args, per_page: int) -> SearchRequest:
        """Build a request from query-string arguments; values that do not parse are reported, not fatal."""
        problems: list[str] = []

        def as_int(name: str, low: int = 0, high: int = 10**9) -> int | None:
            raw = (args.get(name) or "").strip()
            if not raw:
                return None
            try:
                return min(high, max(low, int(raw)))
            except ValueError:
                problems.append(name)
                return None

        on = None
        if (raw_on := (args.get("on") or "").strip()):
            try:
                on = parse_day(raw_on)
            except ValueError:
                problems.append("on")
        status = args.get("status") or None
        return cls(
            q=args.get("q", ""), page=as_int("page", 1, 500) or 1, per_page=per_page,
            sort=args.get("sort") if args.get("sort") in SORTS else "relevance", on=on,
            drafts=args.get("drafts", "") in _TRUE, history=args.get("history", "") in _TRUE,
            repealed=args.get("repealed", "") in _TRUE, category_id=as_int("category"),
            department_id=as_int("department"), status=status if status in STATUSES else None,
            year=as_int("year", 1, 9999), problems=problems,
        )

    @property
    def has_filters(self) -> bool:
        return any((self.category_id, self.department_id, self.status, self.year))


@dataclass(frozen=True)
class HitRule:
    """What a hit shows of its rule: a results page reads these two columns, not whole rules."""

    code: str
    title: str


@dataclass(frozen=True)
class HitVersion:
    """What a hit shows of its version (and what its highlight and text are kept under)."""

    id: int
    row_version: int
    number: int
    effective_on: date | None


@dataclass
class SearchHit:
    rule: HitRule
    version: HitVersion
    status: str
    label: str
    anchor: str
    snippet: Markup
    score: float


@dataclass
class Facet:
    key: int | str
    label: str
    count: int


@dataclass
class SearchPage:
    request: SearchRequest
    parsed: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    did_you_mean: str = ""
    unavailable: bool = False

    @property
    def page(self) -> int:
        return self.request.page

    @property
    def per_page(self) -> int:
        return self.request.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def scope_for(req: SearchRequest, user) -> Scope:
    """Turn the request into the set of versions this user may find."""
    departments = draft_departments(user)
    drafts = req.drafts and departments != []
    return Scope(
        on=req.on or today(), drafts=drafts, draft_departments=departments, history=req.history,
        repealed=req.repealed, category_ids=descendant_ids(req.category_id) if req.category_id else None,
        department_id=req.department_id, status=req.status, year=req.year,
    )


def search(req: SearchRequest, user) -> SearchPage:
    """Run a search for this user; an index problem gives an empty page marked unavailable, never an error."""
    state = current_app.extensions["registry_search"]
    parsed = expand_synonyms(parse(req.q), state.synonym_groups())
    result = SearchPage(req, parsed)
    if parsed.is_empty:
        return result
    try:
        state.ensure_synced()
        shown = _shown(state, parsed, scope_for(req, user), req)
    except NoIndex:
        result.unavailable = True
        return result
    except Exception:
        log.exception("Search failed for %r", req.q[:200])
        result.unavailable = True
        return result
    result.total, result.hits, result.did_you_mean = shown.total, list(shown.hits), shown.did_you_mean
    english = in_english()
    result.facets = _facet_labels(shown.facets, state.category_paths(shown.generation, english),
                                  state.department_names(), english)
    return result


@dataclass(frozen=True)
class ShownPage:
    """What one page of a search shows, the same for everyone with the same scope (permissions and date
    included), without the facets' names (departments are renamed without a new generation).

    `found` is what the engine found for it: each hit's version, document fingerprint and status, in order;
    `dropped` how many of those a quoted phrase ruled out.
    """

    generation: str
    total: int
    hits: tuple[SearchHit, ...]
    facets: Facets
    did_you_mean: str
    found: tuple[tuple[int, str, str], ...] = ()
    dropped: int = 0


def _shown(state, parsed: ParsedQuery, scope: Scope, req: SearchRequest) -> ShownPage:
    """Return the page this search shows, its hits worked out once for as long as they stay the same.

    The same words are searched again and again (a rule's name, this month's topic). A page kept from the
    current index generation is shown without the engine, the database or the highlighter. After a change
    of the index (an edit of any rule makes a new generation) the engine runs again; when it finds the same
    versions in the same order, with the same fingerprints (documents.fingerprint: title, code, text, tags …)
    and statuses, the hits cannot show anything else, so the kept hits are shown with the new scores, total
    and facets, and only a page whose hits changed reads the database and highlights again. Pages are kept
    under the compiled query, the scope, the page and the sort, the newest generation's only.
    """
    compiled = compile_query(parsed)
    needles, exact = parsed.positive_texts(), _phrases_to_confirm(parsed)
    asked = (compiled, scope.key(), req.page, req.per_page, req.sort, tuple(needles), tuple(exact))
    kept = state.pages.get(asked) if state.pages is not None else None
    if kept is not None and kept.generation == state.index.generation():
        return kept
    raw = state.index.query(compiled, scope, page=req.page, per_page=req.per_page, sort=req.sort)
    found = tuple((hit.version_id, hit.fingerprint, hit.status) for hit in raw.hits)
    if kept is not None and raw.total and found == kept.found:
        scores = {hit.version_id: hit.score for hit in raw.hits}
        hits = tuple(replace(hit, score=scores[hit.version.id]) for hit in kept.hits)
        shown = replace(kept, generation=raw.generation, total=raw.total - kept.dropped, hits=hits,
                        facets=raw.facets)
    else:
        did_you_mean = _spelling(state.index.vocabulary(), parsed) if raw.total == 0 else ""
        listed, dropped = _hits(state, raw, needles, exact)
        shown = ShownPage(raw.generation, raw.total - dropped, tuple(listed), raw.facets, did_you_mean, found,
                          dropped)
    if state.pages is not None:
        state.pages.put(asked, shown, 0)
    return shown


def _hits(state, raw: Result, needles: list[str], exact: list[str]) -> tuple[list[SearchHit], int]:
    """Return the hits of a page with their rules' columns and highlighted articles, and how many of the
    engine's hits were dropped (quoted Chinese phrases whose bigrams occur, but not side by side)."""
    found = _hit_rows([h.version_id for h in raw.hits])
    bodies = version_bodies(version for version, _rule in found.values())  # kept per process: rules/texts.py
    hits, dropped = [], 0
    for hit in raw.hits:
        if hit.version_id not in found:  # removed since the index saw it; the outbox will catch up
            continue
        version, rule = found[hit.version_id]
        body = bodies[version.id]
        if exact and not all(contains(body, p) or contains(rule.title, p) for p in exact):
            dropped += 1
            continue
        anchor, label, marked = _highlighted(state, version, body, hit.segments, needles)
        hits.append(SearchHit(rule, version, hit.status, label, anchor, marked, hit.score))
    return hits, dropped


def _hit_rows(version_ids: list[int]) -> dict[int, tuple[HitVersion, HitRule]]:
    """Return the shown columns of these versions and their rules, by version id, in one narrow query.

    Whole ORM rows of 20 versions and their rules cost a search page more than its search did (building
    the objects and the driver's description of 40 columns); the page shows six of them.
    """
    rows = db.session.execute(
        select(RuleVersion.id, RuleVersion.row_version, RuleVersion.number, RuleVersion.effective_on,
               Rule.code, Rule.title).join(Rule, Rule.id == RuleVersion.rule_id)
        .where(RuleVersion.id.in_(version_ids))) if version_ids else ()
    return {row.id: (HitVersion(row.id, row.row_version, row.number, row.effective_on), HitRule(row.code, row.title))
            for row in rows}


def _highlighted(state, version: HitVersion, body: str, segments: list,
                 needles: list[str]) -> tuple[str, str, Markup]:
    """Return highlight_hit's (anchor, label, snippet) of a hit, computed once per version text and query.

    Picking the article with the most matches reads the whole text, and the same words find the same
    versions on many pages (other filters, dates, page numbers). A row version changes with every change
    of the row, so an edited draft is highlighted afresh.
    """
    return state.highlights.setdefault((version.id, version.row_version, tuple(needles)),
                                       lambda: highlight_hit(body, segments, needles), lambda _found: 0)


def _phrases_to_confirm(parsed: ParsedQuery) -> list[str]:
    """Return the quoted Chinese runs every hit must contain (matched as bigrams without positions)."""
    if len(parsed.groups) != 1:
        return []
    return [c.text for c in parsed.groups[0] if c.phrase and not c.negated and not c.alternatives
            and c.field in (None, "body", "title") and is_cjk_word(c.text.strip())]


def _spelling(vocabulary: Vocabulary, parsed: ParsedQuery) -> str:
    """Return the query with unknown English words replaced by the closest indexed ones, or ""."""
    changed, groups = False, []
    for group in parsed.groups:
        words = []
        for clause in group:
            text = clause.text
            if not clause.negated and not clause.phrase and text.isascii() and text.isalpha() \
                    and not vocabulary.knows(text) and (better := vocabulary.suggest(text)):
                text, changed = better, True
            elif not clause.negated and not clause.phrase and is_cjk_word(text) \
                    and (better := vocabulary.suggest_chinese(fold(text))):
                text, changed = better, True
            words.append(("-" if clause.negated else "") + text)
        groups.append(" ".join(words))
    return " OR ".join(groups) if changed else ""


def _facet_labels(facets: Facets, categories: dict[int, str], departments: dict[int, tuple[str, str]],
                  english: bool) -> dict[str, list[Facet]]:
    """Attach display names to facet keys, in the interface language, most frequent first."""
    out: dict[str, list[Facet]] = {}
    out["category"] = [Facet(k, categories.get(k) or _("Uncategorised"), n)
                       for k, n in facets.category.most_common()]
    out["department"] = [Facet(k, _department_name(departments.get(k), english), n)
                         for k, n in facets.department.most_common()]
    out["status"] = [Facet(k, k, n) for k, n in facets.status.most_common()]
    out["year"] = [Facet(k, str(k), n) for k, n in sorted(facets.year.items(), reverse=True)]
    return out


def _department_name(names: tuple[str, str] | None, english: bool) -> str:
    if names is None:
        return _("No department")
    return names[1] if english and names[1] else names[0]
