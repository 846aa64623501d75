"""The Whoosh index behind a small interface; nothing else in the application imports whoosh.

Layout of INDEX_DIR: `CURRENT` names the live generation directory (`gen-…`), which holds the Whoosh
files and `outbox_state.json` (the outbox rows this index has applied). A rebuild fills a new generation
and switches `CURRENT` atomically, so searches never see a half-built index. Every write takes the
`write.lock` file lock (fcntl) first, so several processes never race Whoosh's own lock (LockError);
readers take no lock. Indexes are opened with `supports_mmap=False`: opening a searcher stays cheap.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from registry.search import lookup
from registry.search.contract import Batch, Document, IndexUnavailable, NoIndex, OutboxState, Query, Result, Scope
from registry.search.searcher import SearcherState, SegmentCache
from registry.search.spelling import Vocabulary
from registry.search.whoosh_fields import make_schema
from registry.search.whoosh_internals import CODEC, LengthsBM25F, use_term_pool

__all__ = ["IndexUnavailable", "WhooshIndex"]
LOCK_TIMEOUT = 120.0
# A full build gathers postings in memory up to this many bytes, then writes a sorted run beside the index
# (whoosh_internals.TermPool): the build's memory stays flat as the registry grows.
BUILD_POOL_BYTES = 384 * 1024 * 1024
# What the index's documents hold; a generation of an older format is rebuilt by `search sync`.
# 2: English biwords (analysis.raw_tokens). 3: traditional characters folded to simplified
# (analysis.fold). 4: the day a rule lapses (`lapses`), so its texts are labelled lapsed, not superseded.
# A generation without a FORMAT file is format 1.
FORMAT = 4
# Whoosh pickles each segment's codec by class name: segments written before whoosh_internals.py existed
# name registry.search.engine._Codec (and their schemas registry.search.analysis.Bigram*), so both stay.
_Codec = type(CODEC)


# --- layout ---------------------------------------------------------------------------------------

def current_name(root: str | Path) -> str | None:
    """Return the name of the live generation, or None before the first build."""
    try:
        return (Path(root) / "CURRENT").read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _switch(root: Path, name: str) -> None:
    tmp = root / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(name, encoding="utf-8")
    os.replace(tmp, root / "CURRENT")


def _new_generation(root: Path) -> Path:
    path = root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    path.mkdir(parents=True)
    FileStorage(str(path), supports_mmap=False).create_index(make_schema())
    (path / "FORMAT").write_text(str(FORMAT), encoding="utf-8")
    return path


def generation_format(root: str | Path) -> int | None:
    """Return the format of the live generation (None before the first build)."""
    name = current_name(root)
    if name is None:
        return None
    try:
        return int((Path(root) / name / "FORMAT").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return 1


def _open(path: Path):
    return FileStorage(str(path), supports_mmap=False).open_index()


@contextmanager
def write_lock(root: str | Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the index's file lock: one writer at a time across processes, waiting rather than failing."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "write.lock", "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexUnavailable("the search index is busy") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_state(path: Path) -> OutboxState:
    """Return which outbox rows this generation applied (outbox_state.json: {"low": id, "applied": [ids]})."""
    try:
        data = json.loads((path / "outbox_state.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return OutboxState()
    return OutboxState(data["low"], data["applied"])


def _write_state(path: Path, state: OutboxState) -> None:
    tmp = path / "outbox_state.json.tmp"
    tmp.write_text(json.dumps({"low": state.low, "applied": state.applied}), encoding="utf-8")
    os.replace(tmp, path / "outbox_state.json")


# --- writing --------------------------------------------------------------------------------------

# Segments of one size tier (1–4 documents, 5–24, 25–124, …) are merged once the tier holds this many.
MERGE_FACTOR = 5


def _tier(documents: int) -> int:
    tier = 0
    while documents >= MERGE_FACTOR:
        documents //= MERGE_FACTOR
        tier += 1
    return tier


def merge_tiers(writer, segments: list) -> list:
    """Whoosh merge policy of incremental commits: merge a size tier's segments once it holds MERGE_FACTOR.

    Whoosh's default (MERGE_SMALL) merges the five smallest segments whenever there are five, so under a
    steady trickle of edits nearly every commit rewrote the growing small segment once more — two thirds
    of an edit's indexing — and every worker then read the merged segment's postings afresh. By tiers each
    document is rewritten about log5(n) times, and most commits write only their own small segment, which
    leaves every other segment (and what each worker keeps of it, searcher.SegmentCache) as it was.
    Segments whose every document was replaced are dropped without being read.
    """
    from whoosh.reading import SegmentReader

    live = [seg for seg in segments if seg.doc_count() > 0]
    tiers: dict[int, list] = {}
    for seg in live:
        tiers.setdefault(_tier(seg.doc_count_all()), []).append(seg)
    full = next((tiers[t] for t in sorted(tiers) if len(tiers[t]) >= MERGE_FACTOR), [])
    for seg in full:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in live if seg not in full]


class Writer:
    """Replaces all documents of given rules in one Whoosh commit, and records the outbox state."""

    def __init__(self, path: Path, *, bulk: bool = False):
        self.path = path
        self.state = read_state(path)
        self._saved_state = OutboxState(self.state.low, list(self.state.applied))
        self._ix = None
        self._bulk = bulk
        self._writer = None

    def _w(self):
        if self._writer is None:
            self._ix = _open(self.path)
            self._writer = self._ix.writer(timeout=LOCK_TIMEOUT, limitmb=128, codec=CODEC)
            if self._bulk:
                use_term_pool(self._writer, self.path, BUILD_POOL_BYTES)
        return self._writer

    def replace(self, rule_ids: Iterable[int], documents: Iterable[Document]) -> int:
        """Make the documents of these rules the given ones; return how many were written.

        Outside a bulk build only documents whose fingerprint differs from the index's are written, and
        those no longer given are deleted: saving a draft of 刑法 touches one of its dozens of versions,
        and re-analysing every version took half a second and grew the index by a segment of them all.
        With nothing to write the writer still commits, so the new generation renews every worker's
        searcher and what is kept beside it (category paths).
        """
        writer = self._w()
        documents = list(documents)
        if self._bulk:
            changed = documents
        else:
            have = self.fingerprints(rule_ids)
            changed = [d for d in documents if have.get(d.doc_id) != d.fingerprint]
            gone = set(have) - {d.doc_id for d in documents}
            for doc_id in sorted(gone | {d.doc_id for d in changed if d.doc_id in have}):
                writer.delete_by_term("doc_id", doc_id)
        for document in changed:
            writer.add_document(**vars(document))
        return len(changed)

    def fingerprints(self, rule_ids: Iterable[int]) -> dict[str, str]:
        """Return the fingerprint of each document of these rules in the index, by doc_id."""
        found: dict[str, str] = {}
        ix = self._ix if self._writer is not None else _open(self.path)  # no writer (and no commit) yet
        try:
            with (self._writer.searcher() if self._writer is not None else ix.searcher()) as searcher:
                for rule_id in rule_ids:
                    for stored in searcher.documents(rule_id=str(rule_id)):
                        found[stored["doc_id"]] = stored.get("fingerprint", "")
        finally:
            if self._writer is None:
                ix.close()
        return found

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        writer = self._w()
        for doc_id in doc_ids:
            writer.delete_by_term("doc_id", doc_id)

    def commit(self) -> None:
        """Commit the documents (if any changed), then record the outbox state (if it changed)."""
        if self._writer is not None:
            self._writer.commit(mergetype=None if self._bulk else merge_tiers)
            self._ix.close()
        if self.state != self._saved_state or not (self.path / "outbox_state.json").exists():
            _write_state(self.path, self.state)

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._ix.close()


@contextmanager
def writing(root: str | Path, *, timeout: float | None = None) -> Iterator[Writer]:
    """Open the live generation for writing under the lock (creating the index if there is none)."""
    root = Path(root)
    with write_lock(root, LOCK_TIMEOUT if timeout is None else timeout):
        name = current_name(root)
        if name is None or not (root / name).is_dir():
            name = _new_generation(root).name
            _switch(root, name)
        writer = Writer(root / name)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


@contextmanager
def building(root: str | Path) -> Iterator[Writer]:
    """Fill a new generation without the lock; the caller then calls activate() under the lock."""
    path = _new_generation(Path(root))
    writer = Writer(path, bulk=True)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        shutil.rmtree(path, ignore_errors=True)
        raise
    writer.commit()


def activate(root: str | Path, path: Path) -> None:
    """Make a built generation live (caller holds the lock) and remove all but the previous one."""
    root = Path(root)
    previous = current_name(root)
    _switch(root, path.name)
    for old in root.glob("gen-*"):
        if old.name not in {path.name, previous}:
            shutil.rmtree(old, ignore_errors=True)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- reading --------------------------------------------------------------------------------------

class SearcherCache:
    """One long-lived searcher per process, refreshed (cheaply) before each use, reopened on a switch."""

    def __init__(self, root: str | Path, segments: SegmentCache | None = None):
        self.root = Path(root)
        self.segments = segments or SegmentCache()
        self._weighting = LengthsBM25F(self.segments.field_lengths)
        self._name: str | None = None
        self._ix = None
        self._state: SearcherState | None = None
        self._biwords = False
        self._count = itertools.count(1)
        self._lock = threading.RLock()

    def _open(self) -> SearcherState:
        searcher = self._ix.searcher(weighting=self._weighting)
        self._finalizer = weakref.finalize(self, searcher.close)
        return SearcherState(searcher, self.segments, self._biwords, f"{self._name}:{next(self._count)}")

    @contextmanager
    def searcher(self) -> Iterator[SearcherState | None]:
        """Yield the state of an up-to-date searcher, or None when no index exists yet."""
        with self._lock:
            name = current_name(self.root)
            if name is None:
                yield None
                return
            if name != self._name or self._state is None:
                self.close()
                self._ix, self._name = _open(self.root / name), name
                self._biwords = (generation_format(self.root) or 0) >= 2
                self._state = self._open()
            elif not self._state.searcher.up_to_date():
                # Searcher.refresh() would reuse readers but leak the files of merged-away segments.
                self._finalizer.detach()
                self._state.searcher.close()
                self._state = self._open()
            yield self._state

    def close(self) -> None:
        if self._state is not None:
            self._finalizer.detach()
            self._state.searcher.close()
        self._state = self._ix = self._name = None


def stored_documents(root: str | Path) -> Iterator[dict]:
    """Yield the stored fields of every live document (for verification)."""
    name = current_name(root)
    if name is None:
        return
    ix = _open(Path(root) / name)
    try:
        with ix.searcher() as searcher:
            yield from searcher.reader().all_stored_fields()
    finally:
        ix.close()


class WhooshIndex:
    """This node's Whoosh index in INDEX_DIR: the Whoosh backend of contract.SearchIndex."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.cache = SearcherCache(root)

    def update(self, *, wait: bool = True):
        return writing(self.root, timeout=None if wait else 0)

    def rebuild(self, fill: Callable[[Batch], None], catch_up: Callable[[Batch], None]) -> None:
        with building(self.root) as builder:
            fill(builder)
        try:
            with write_lock(self.root):
                writer = Writer(builder.path)
                catch_up(writer)
                writer.commit()
                activate(self.root, builder.path)
        except BaseException:
            discard(builder.path)
            raise

    @contextmanager
    def _searcher(self) -> Iterator[SearcherState]:
        with self.cache.searcher() as state:
            if state is None:
                raise NoIndex("there is no search index yet")
            yield state

    def query(self, compiled: Query, scope: Scope, *, page: int, per_page: int,
              sort: str = "relevance") -> Result:
        with self._searcher() as state:
            return lookup.run(state, compiled, scope, page=page, per_page=per_page, sort=sort)

    def matching_rule_ids(self, compiled: Query, scope: Scope) -> set[int]:
        with self._searcher() as state:
            return lookup.matching_rule_ids(state, compiled, scope)

    def vocabulary(self) -> Vocabulary:
        with self._searcher() as state:
            return lookup.public_vocabulary(state)

    def generation(self) -> str:
        with self._searcher() as state:
            return state.generation

    def state(self) -> OutboxState | None:
        name = current_name(self.root)
        return None if name is None else read_state(self.root / name)

    def outdated(self) -> bool:
        return (generation_format(self.root) or FORMAT) < FORMAT

    def fingerprints(self) -> Iterator[tuple[str, str]]:
        return ((d["doc_id"], d.get("fingerprint")) for d in stored_documents(self.root))

    def close(self) -> None:
        self.cache.close()
