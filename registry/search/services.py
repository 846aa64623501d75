"""Keep the index equal to the database: apply the outbox, rebuild, verify; synonyms and missed queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from registry.auth.models import Department
from registry.db import db, utcnow
from registry.errors import UserFacingError
from registry.rules.models import Rule
from registry.search.contract import Batch, OutboxState, SearchIndex
from registry.search.documents import rule_documents
from registry.search.models import SearchMiss, SearchOutbox, Synonym

CHUNK = 100


class SearchAdminError(UserFacingError):
    """A synonym change the search area refuses."""


def index() -> SearchIndex:
    """Return this app's search index (the one object that reads and writes it)."""
    return current_app.extensions["registry_search"].index


def _overlap() -> timedelta:
    return timedelta(seconds=current_app.config["SEARCH_OUTBOX_OVERLAP_SECONDS"])


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _load_rules(session: Session, ids: list[int]) -> list[Rule]:
    return list(session.scalars(select(Rule).where(Rule.id.in_(ids)).options(
        selectinload(Rule.versions), selectinload(Rule.tags), selectinload(Rule.category))))


def _apply_outbox(batch: Batch, session: Session) -> int:
    """Re-index every rule named by outbox rows this index has not applied; return how many rules.

    When the rows above `low` are the ones applied (the same count, highest id and sum of ids: one aggregate
    instead of every row of the overlap window, which holds thousands after an import, every few seconds in
    every process), nothing is read; the window then settles at the next sync that has work to do.
    """
    state = batch.state
    above = session.execute(select(func.count(SearchOutbox.id), func.max(SearchOutbox.id), func.sum(SearchOutbox.id))
                            .where(SearchOutbox.id > state.low)).one()
    if tuple(above) == (len(state.applied), max(state.applied, default=None),
                        sum(state.applied) if state.applied else None):
        return 0
    rows = session.execute(select(SearchOutbox.id, SearchOutbox.rule_id, SearchOutbox.created_at)
                           .where(SearchOutbox.id > state.low).order_by(SearchOutbox.id)).all()
    applied = set(state.applied)
    todo = [row for row in rows if row.id not in applied]
    rule_ids = sorted({row.rule_id for row in todo})
    for chunk in _chunks(rule_ids, CHUNK):
        documents = [d for rule in _load_rules(session, chunk) for d in rule_documents(rule)]
        batch.replace(chunk, documents)
        session.expunge_all()
    applied.update(row.id for row in todo)
    # Rows older than the overlap window are settled: no transaction can still commit below them.
    cutoff = utcnow() - _overlap()
    low = max((row.id for row in rows if row.created_at < cutoff), default=state.low)
    batch.state = OutboxState(low, sorted(i for i in applied if i > low))
    return len(rule_ids)


def newest_outbox_id() -> int:
    """Return the id of the newest outbox row (0 when there is none)."""
    return db.session.scalar(select(func.max(SearchOutbox.id))) or 0


def department_names() -> dict[int, tuple[str, str]]:
    """Return every department's Chinese and English names by id (the search facets' labels)."""
    return {i: (name, name_en) for i, name, name_en in
            db.session.execute(select(Department.id, Department.name, Department.name_en))}


def index_outdated() -> bool:
    """Tell whether the live index was built in an older format (after an upgrade): rebuild it."""
    return index().outdated()


def sync(*, prune: bool = False, wait: bool = True) -> int:
    """Apply the outbox rows this node's index has not seen yet; return the number of rules re-indexed.

    With wait=False, give up at once (IndexUnavailable) when another process holds the write lock.
    """
    with Session(db.engine) as session, index().update(wait=wait) as batch:
        count = _apply_outbox(batch, session)
    if prune:
        retention = timedelta(days=current_app.config["SEARCH_OUTBOX_RETENTION_DAYS"])
        with Session(db.engine) as session:
            session.execute(delete(SearchOutbox).where(SearchOutbox.created_at < utcnow() - retention))
            session.commit()
    return count


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh index beside the live one, catch up with the outbox, then switch; return documents."""
    with Session(db.engine) as session:
        cutoff = utcnow() - _overlap()
        low = session.scalar(select(func.max(SearchOutbox.id)).where(SearchOutbox.created_at < cutoff)) or 0
        # Outbox rows already committed are reflected in the rules read below (each row commits with its
        # change): the build covers them, so the catch-up under the lock re-indexes only later rows.
        seen = list(session.scalars(select(SearchOutbox.id).where(SearchOutbox.id > low)))
        rule_ids = list(session.scalars(select(Rule.id).order_by(Rule.id)))
        total = 0

        def fill(builder: Batch) -> None:
            nonlocal total
            builder.state = OutboxState(low, sorted(seen))
            for chunk in _chunks(rule_ids, CHUNK):
                total += builder.replace([], [d for r in _load_rules(session, chunk) for d in rule_documents(r)])
                session.expunge_all()
                if progress:
                    progress(len(chunk))

        index().rebuild(fill, lambda writer: _apply_outbox(writer, session))
    return total


@dataclass
class VerifyReport:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    pending: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.error)


def verify(progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Compare the index with the documents the database implies: missing, stale or extra entries."""
    report = VerifyReport()
    expected: dict[str, str] = {}
    with Session(db.engine) as session:
        rule_ids = list(session.scalars(select(Rule.id).order_by(Rule.id)))
        for chunk in _chunks(rule_ids, CHUNK):
            for rule in _load_rules(session, chunk):
                expected.update((d.doc_id, d.fingerprint) for d in rule_documents(rule))
            session.expunge_all()
            if progress:
                progress(len(chunk))
        state = index().state()
        low, applied = (state.low, state.applied) if state else (0, [])
        report.pending = session.scalar(select(func.count()).select_from(SearchOutbox)
                                        .where(SearchOutbox.id > low)
                                        .where(SearchOutbox.id.not_in(applied or [0]))) or 0
    try:
        actual = dict(index().fingerprints())
    except Exception as error:  # a damaged index can fail in many ways; report, never crash
        report.error = f"{type(error).__name__}: {error}"
        return report
    if state is None:
        report.error = "there is no index yet; run `flask search rebuild`"
    elif index_outdated():
        report.error = "the index has an older format; run `flask search rebuild`"
    report.missing = sorted(set(expected) - set(actual))
    report.extra = sorted(set(actual) - set(expected))
    report.stale = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    return report


# --- synonyms and missed queries ------------------------------------------------------------------

def synonym_rows() -> list[Synonym]:
    return list(db.session.scalars(select(Synonym).order_by(Synonym.id)))


def synonym_groups() -> list[list[str]]:
    """Return every synonym group as a list of terms."""
    return [s.term_list for s in synonym_rows()]


def save_synonym(actor, synonym: Synonym | None, terms: str) -> Synonym:
    """Create or change a synonym group; it needs at least two different terms."""
    from registry.audit.services import record

    candidate = Synonym(terms=terms.strip())
    if len(candidate.term_list) < 2:
        raise SearchAdminError(_("A synonym group needs at least two different terms, separated by commas."))
    if synonym is None:
        synonym = candidate
        db.session.add(synonym)
    synonym.terms = ", ".join(candidate.term_list)
    db.session.flush()
    record(actor, "search.synonym_save", synonym, synonym.terms)
    current_app.extensions["registry_search"].forget_synonyms()
    return synonym


def delete_synonym(actor, synonym: Synonym) -> None:
    """Remove a synonym group."""
    from registry.audit.services import record

    record(actor, "search.synonym_delete", synonym, synonym.terms)
    db.session.delete(synonym)
    db.session.flush()
    current_app.extensions["registry_search"].forget_synonyms()


def record_miss(query: str) -> None:
    """Count a query that found nothing (normalised, cut to 200 characters)."""
    from registry.search.querylang import clean

    text = " ".join(clean(query, []).split())[:200].lower()
    if not text:
        return
    miss = db.session.scalar(select(SearchMiss).where(SearchMiss.query == text))
    if miss is None:
        db.session.add(SearchMiss(query=text))
    else:
        miss.count += 1
        miss.last_at = utcnow()
    db.session.flush()


def frequent_misses(limit: int = 100) -> list[SearchMiss]:
    """Return the queries that found nothing, most frequent first."""
    return list(db.session.scalars(select(SearchMiss).order_by(SearchMiss.count.desc(), SearchMiss.last_at.desc())
                                   .limit(limit)))
