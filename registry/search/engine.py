"""The Whoosh index behind a small interface; nothing else in the application imports whoosh.

Layout of INDEX_DIR: `CURRENT` names the live generation directory (`gen-…`), which holds the Whoosh
files and `outbox_state.json` (the outbox rows this index has applied). A rebuild fills a new generation
and switches `CURRENT` atomically, so searches never see a half-built index. Every write takes the
`write.lock` file lock (fcntl) first, so several processes never race Whoosh's own lock (LockError);
readers take no lock. Indexes are opened with `supports_mmap=False`: opening a searcher stays cheap.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.filedb.filestore import FileStorage

from registry.search.analysis import BigramTokenizer, text_field
from registry.search.ranking import CachedBM25F

LOCK_TIMEOUT = 120.0
# What the index's documents hold; a generation of an older format is rebuilt by `search sync`.
# 2: English biwords (analysis.raw_tokens). 3: traditional characters folded to simplified
# (analysis.fold). A generation without a FORMAT file is format 1.
FORMAT = 3


class _PerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, answering field lengths from memory.

    Writing a segment's postings looks up the field length of every posting, one byte read from disk
    each (no mmap): an eighth of a full build. Here each field's lengths are read once.
    """

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._memo: dict[tuple, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        key = (fieldname, default)
        if key not in self._memo:
            read = super().doc_field_length
            self._memo[key] = [read(d, fieldname, default) for d in range(self._doccount)]
        return self._memo[key][docnum]


class _Codec(W3Codec):
    """The W3 codec, writing posting blocks uncompressed and reading lengths from memory while writing.

    zlib cost ~25% of a commit and, when reading, most of a short query's time (the index grows ~20%).
    Each block records its own compression, so older segments still read. Searchers use the plain W3
    codec (a segment does not remember which codec object wrote it).
    """

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)


_CODEC = _Codec(compression=0)
_WEIGHTING = CachedBM25F()


class IndexUnavailable(RuntimeError):
    """The index cannot be written or read (busy for too long, or damaged)."""


def make_schema() -> fields.Schema:
    """Return the schema: one document per rule version; the text is not stored (the database has it)."""
    return fields.Schema(
        doc_id=fields.ID(stored=True, unique=True),
        rule_id=fields.ID(stored=True),
        version_id=fields.NUMERIC(int, bits=64, stored=True, sortable=True),
        number=fields.STORED,
        code_key=fields.ID(field_boost=8.0),
        code=text_field(field_boost=4.0),
        title=text_field(field_boost=4.0),
        tags=text_field(field_boost=2.0),
        body=text_field(),
        words=fields.TEXT(analyzer=BigramTokenizer(spelling=True), phrase=False),
        segments=fields.STORED,  # [(start, end, anchor, label)] of the preamble and every article
        category=fields.NUMERIC(int, sortable=True),
        category_path=fields.KEYWORD,
        department=fields.NUMERIC(int, sortable=True),
        kind=fields.ID(sortable=True),
        effective=fields.NUMERIC(int, sortable=True),
        until=fields.NUMERIC(int, sortable=True),
        repealed=fields.NUMERIC(int, sortable=True),
        fingerprint=fields.STORED,
    )


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


def read_state(path: Path) -> dict:
    """Return which outbox rows this generation applied: {"low": id, "applied": [ids above low]}."""
    try:
        return json.loads((path / "outbox_state.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"low": 0, "applied": []}


def _write_state(path: Path, state: dict) -> None:
    tmp = path / "outbox_state.json.tmp"
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path / "outbox_state.json")


# --- writing --------------------------------------------------------------------------------------

class Writer:
    """Replaces all documents of given rules in one Whoosh commit, and records the outbox state."""

    def __init__(self, path: Path, *, bulk: bool = False):
        self.path = path
        self.state = read_state(path)
        self._saved_state = dict(self.state)
        self._ix = None
        self._bulk = bulk
        self._writer = None

    def _w(self):
        if self._writer is None:
            self._ix = _open(self.path)
            self._writer = self._ix.writer(timeout=LOCK_TIMEOUT, limitmb=4096 if self._bulk else 128,
                                           codec=_CODEC)
        return self._writer

    def replace_rules(self, rule_ids: Iterable[int], documents: Iterable[dict]) -> int:
        """Delete the documents of these rules and add the new ones; return how many were added."""
        writer = self._w()
        if not self._bulk:
            for rule_id in rule_ids:
                writer.delete_by_term("rule_id", str(rule_id))
        added = 0
        for document in documents:
            writer.add_document(**document)
            added += 1
        return added

    def fingerprints(self, rule_ids: Iterable[int]) -> dict[str, str]:
        """Return the fingerprint of each document of these rules in the index, by doc_id (outbox.py)."""
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
            self._writer.commit()
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

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._name: str | None = None
        self._ix = None
        self._searcher = None
        self._lock = threading.RLock()
        self.memo: dict = {}  # facts derived from the current searcher (see lookup.VersionTable)
        self._facts: dict = {}

    @contextmanager
    def searcher(self):
        """Yield an up-to-date searcher, or None when no index exists yet."""
        with self._lock:
            name = current_name(self.root)
            if name is None:
                yield None
                return
            if name != self._name or self._searcher is None:
                self.close()
                self._ix = _open(self.root / name)
                self._searcher, self._name = self._ix.searcher(weighting=_WEIGHTING), name
                # The searcher's memo starts with what the generation's format allows.
                self._facts = {"biwords": (generation_format(self.root) or 0) >= 2}
                self.memo = dict(self._facts)
                self._finalizer = weakref.finalize(self, self._searcher.close)
            elif not self._searcher.up_to_date():
                # Searcher.refresh() would reuse readers but leak the files of merged-away segments.
                self._searcher.close()
                self._searcher = self._ix.searcher(weighting=_WEIGHTING)
                self.memo = dict(self._facts)
                self._finalizer.detach()
                self._finalizer = weakref.finalize(self, self._searcher.close)
            yield self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._finalizer.detach()
            self._searcher.close()
        self._searcher = self._ix = self._name = None


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
