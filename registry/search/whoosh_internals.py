"""The fence around Whoosh's private internals: every private class or attribute the search uses, here.

Each access makes search or indexing measurably faster (docs/architecture.md, "How it got there") and
was checked against `CHECKED_VERSION` of whoosh-reloaded, which requirements.txt pins.
tests/search/test_whoosh_internals.py fails, naming what changed, if another version or a changed
shape arrives; the fast paths also fall back to Whoosh's public interface where they can.
"""

from __future__ import annotations

import heapq
import marshal
import struct
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import log
from pathlib import Path

import whoosh
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PerDocReader, W3PostingsWriter
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.writing import SegmentWriter

CHECKED_VERSION = (2, 7, 5)


@dataclass(frozen=True)
class Private:
    owner: str  # where it lives in Whoosh
    name: str
    use: str


PRIVATE = (
    Private("whoosh.codec.whoosh3.W3Codec", "per_document_reader", "subclassed: lengths from memory while writing"),
    Private("whoosh.codec.whoosh3.W3PerDocReader", "_doccount", "documents of the segment being written"),
    Private("whoosh.scoring.BM25FScorer", "dfl", "set after setup(): field lengths from memory"),
    Private("whoosh.scoring.BM25F", "_field_B", "per-field B of BM25F, to score posting lists in bulk"),
    *(Private("whoosh.codec.whoosh3.W3LeafMatcher", name, "posting lists read a block at a time")
      for name in ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights")),
    *(Private("whoosh.columns.NumericColumn.Reader", name, "a numeric column read in one piece")
      for name in ("_dbfile", "_basepos", "_count", "_fixedlen", "_typecode", "_default")),
    Private("whoosh.query.Or", "matcher_type", "set to DEFAULT_MATCHER: parts merged lazily"),
    Private("whoosh.writing.SegmentWriter", "pool", "replaced by TermPool in a full build: postings by term"),
    Private("whoosh.codec.whoosh3.W3Codec", "field_writer", "subclassed: a full build writes whole blocks"),
    Private("whoosh.codec.whoosh3.W3FieldWriter", "_postwriter", "the term's postings writer, fed a block at a time"),
    *(Private("whoosh.codec.whoosh3.W3PostingsWriter", name, "a block of postings set in one piece")
      for name in ("_write_block", "_blocklimit", "_ids", "_weights", "_values", "_maxweight", "_minlength",
                   "_maxlength")),
)
_BLOCK = ("_read_ids", "_read_weights", "_next_block", "_ids")


# --- writing ---------------------------------------------------------------------------------------

class _PerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, answering field lengths from memory.

    Writing a segment's postings looks up the field length of every posting, one byte read from disk
    each (no mmap): an eighth of a full build. Here each field's lengths are read once.
    """

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._memo: dict[tuple, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.field_lengths(fieldname, default)[docnum]

    def field_lengths(self, fieldname: str, default: int = 0) -> list[int]:
        """Return the length of the field in every document of the segment."""
        key = (fieldname, default)
        if key not in self._memo:
            read = super().doc_field_length
            self._memo[key] = [read(d, fieldname, default) for d in range(self._doccount)]
        return self._memo[key]


class _FieldWriter(W3FieldWriter):
    """Whoosh's field writer; the postings of a TermPool are written a block at a time.

    Whoosh adds each posting through three calls and seven checks, then pickles the block: per
    posting, most of a full build's commit. A block here is the term's arrays sliced, with the same
    statistics and the same bytes on disk.
    """

    def add_postings(self, schema, lengths, items):
        if not isinstance(items, _PoolPostings) or lengths is None:
            return super().add_postings(schema, lengths, items)
        lastfn = None
        for fieldname, btext, (ids, weights, sizes, values) in items.pool.terms():
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
                field_lengths = lengths.field_lengths(fieldname)
            self.start_term(btext)
            writer = self._postwriter
            limit = writer._blocklimit
            offsets = [0]
            for size in sizes:
                offsets.append(offsets[-1] + size)
            for start in range(0, len(ids), limit):
                if start:
                    writer._write_block()
                end = min(start + limit, len(ids))
                block_lengths = [field_lengths[d] for d in ids[start:end]]
                writer._ids = ids[start:end]
                writer._weights = weights[start:end]
                writer._values = [bytes(values[offsets[i]:offsets[i + 1]]) for i in range(start, end) if sizes[i]]
                writer._maxweight = max(0, max(writer._weights))
                writer._minlength = min((n for n in block_lengths if n), default=None)
                writer._maxlength = max(0, max(block_lengths))
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


class _Codec(W3Codec):
    """The W3 codec, writing posting blocks uncompressed and reading lengths from memory while writing.

    zlib cost ~25% of a commit and, when reading, most of a short query's time (the index grows ~20%).
    Each block records its own compression, so older segments still read. Each segment pickles its
    codec by class name (engine.py keeps the name segments written before this module used).
    """

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)


CODEC = _Codec(compression=0)


class TermPool:
    """The postings of a segment being built, gathered by term: a full build's replacement of Whoosh's pool.

    Whoosh's PostingPool keeps one tuple per posting (~200 bytes) and sorts them all at commit: at 16
    copies of the corpus (52 M postings) 7 GB and a seventh of the build. Documents arrive in order, so a
    term's postings arrive sorted: kept here as packed arrays (~20 bytes a posting), only the terms are
    sorted. Past `budget` bytes the terms are written, sorted, to a run file; at the end the runs are
    merged term by term (a term's postings in run order are still in document order).
    """

    def __init__(self, directory: Path, budget: int):
        self.directory = directory
        self.budget = budget
        self.fieldnames: set[str] = set()
        self._terms: dict[tuple[str, bytes], tuple[array, array, array, bytearray]] = {}
        self._size = 0
        self._runs: list = []

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        entry = self._terms.get((fieldname, btext))
        if entry is None:
            entry = self._terms[fieldname, btext] = (array("I"), array("f"), array("I"), bytearray())
            self.fieldnames.add(fieldname)
            self._size += 300 + len(btext)
        entry[0].append(docnum)
        entry[1].append(weight)
        if vbytes:
            entry[2].append(len(vbytes))
            entry[3].extend(vbytes)
            self._size += 12 + len(vbytes)
        else:
            entry[2].append(0)
            self._size += 12
        if self._size > self.budget:
            self._save()

    def _save(self) -> None:
        run = tempfile.TemporaryFile(dir=self.directory, suffix=".run")
        for (fieldname, btext), (ids, weights, lengths, values) in sorted(self._terms.items()):
            marshal.dump((fieldname, btext, ids.tobytes(), weights.tobytes(), lengths.tobytes(), bytes(values)),
                         run)
        run.seek(0)
        self._runs.append(run)
        self._terms, self._size = {}, 0

    def _read(self, number: int, run) -> Iterator[tuple]:
        while True:
            try:
                fieldname, btext, ids, weights, lengths, values = marshal.load(run)
            except EOFError:
                return
            entry = (array("I"), array("f"), array("I"), values)
            entry[0].frombytes(ids)
            entry[1].frombytes(weights)
            entry[2].frombytes(lengths)
            yield (fieldname, btext), number, entry

    def terms(self) -> Iterator[tuple[str, bytes, tuple[array, array, array, bytes]]]:
        """Yield (field, term, (document numbers, weights, value lengths, values)) in term order."""
        if not self._runs:
            for (fieldname, btext), entry in sorted(self._terms.items()):
                yield fieldname, btext, entry
            return
        if self._terms:
            self._save()
        merged = heapq.merge(*(self._read(i, run) for i, run in enumerate(self._runs)))
        key = entry = None
        for next_key, _number, part in merged:
            if next_key != key:
                if key is not None:
                    yield key[0], key[1], entry
                key, entry = next_key, (part[0], part[1], part[2], bytearray(part[3]))
                continue
            entry[0].extend(part[0])
            entry[1].extend(part[1])
            entry[2].extend(part[2])
            entry[3].extend(part[3])
        if key is not None:
            yield key[0], key[1], entry

    def iter_postings(self) -> _PoolPostings:
        """Return the postings in order: what Whoosh's field writer takes, and _FieldWriter a term at a time."""
        return _PoolPostings(self)

    def postings(self) -> Iterator[tuple]:
        """Yield (field, term, document number, weight, value) in order, one posting at a time."""
        for fieldname, btext, (ids, weights, lengths, values) in self.terms():
            start = 0
            view = memoryview(values)
            for docnum, weight, length in zip(ids, weights, lengths, strict=True):
                yield fieldname, btext, docnum, weight, bytes(view[start:start + length])
                start += length

    def cleanup(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self._terms = [], {}


@dataclass
class _PoolPostings:
    pool: TermPool

    def __iter__(self):
        return self.pool.postings()


def use_term_pool(writer, directory: Path, budget: int) -> None:
    """Make a fresh SegmentWriter gather its postings in a TermPool (a full build: documents only)."""
    writer.pool = TermPool(directory, budget)


# --- scoring ---------------------------------------------------------------------------------------

Lengths = Callable[[object, str], list[int]]  # (segment reader, field) -> length of every document


class LengthsBM25F(BM25F):
    """Whoosh's BM25F (same scores) for Whoosh's own matchers, reading field lengths from `lengths`.

    Whoosh reads a byte of the segment's length column on every call (a seek and a read without mmap):
    a quarter of the time of a query for a common word.
    """

    def __init__(self, lengths: Lengths):
        super().__init__()
        self.lengths = lengths

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        scorer = BM25FScorer(searcher, fieldname, text, bm25_parameters(self, fieldname)[0], self.K1, qf=qf)
        scorer.dfl = self.lengths(searcher.reader(), fieldname).__getitem__
        return scorer


def whoosh_idf(doc_count_all: int, doc_frequency: int) -> float:
    """Return a term's inverse document frequency as Whoosh's WeightingModel.idf() computes it from the whole
    index's document count (deleted ones included) and the term's document frequency (summed over segments)."""
    return log(doc_count_all / (doc_frequency + 1)) + 1


def bm25_parameters(weighting: BM25F, fieldname: str) -> tuple[float, float]:
    """Return (B, K1) of a field, as Whoosh's BM25F scores it."""
    return weighting._field_B.get(fieldname, weighting.B), weighting.K1


# --- reading ---------------------------------------------------------------------------------------

def posting_list(reader, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """Return the document numbers and weights of a term in one segment, deleted documents included.

    Reads whole blocks through the W3 matcher's block attributes; any other matcher is read one
    posting at a time through the public interface.
    """
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(matcher, name) for name in _BLOCK):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def column_values(reader, name: str) -> list:
    """Return a column's value for every document of a segment.

    A numeric column is an array of fixed-width numbers: read in one piece, not one seek and read per
    document — a quarter of a second per 6,000 documents on the first search of a process.
    """
    raw = reader.column_reader(name, translate=False)
    count = reader.doc_count_all()
    try:
        data = raw._dbfile.get(raw._basepos, raw._count * raw._fixedlen)
        values = [v for (v,) in struct.iter_unpack("!" + raw._typecode, data)]
        values += [raw._default] * (count - len(values))
    except AttributeError:  # not a numeric column (the `kind` ID): one value at a time
        values = [raw[docnum] for docnum in range(count)]
    convert = reader.schema[name].from_column_value
    return [convert(value) for value in values]


class LazyOr(wq.Or):
    """An Or that always merges its parts lazily: Whoosh's default for indexes under 5,000 documents
    preloads every part into a 2,048-slot array per segment, which cost most of a short query's time."""

    matcher_type = wq.Or.DEFAULT_MATCHER


# --- the check --------------------------------------------------------------------------------------

def problems(reader, numeric: str, fieldname: str, text: str) -> list[str]:
    """Say what no longer holds of PRIVATE, given a segment reader with a numeric column and a term."""
    found = []
    if whoosh.__version__ != CHECKED_VERSION:
        found.append(f"whoosh {whoosh.versionstring()} is installed; whoosh_internals was checked against "
                     f"{'.'.join(map(str, CHECKED_VERSION))}")
    matcher = reader.postings(fieldname, text)
    matcher = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    objects = {"whoosh.codec.whoosh3.W3LeafMatcher": matcher,
               "whoosh.columns.NumericColumn.Reader": reader.column_reader(numeric, translate=False),
               "whoosh.scoring.BM25F": BM25F(), "whoosh.codec.whoosh3.W3Codec": W3Codec,
               "whoosh.query.Or": wq.Or}  # instance attributes set in __init__/setup: by their code below
    for private in PRIVATE:
        owner = objects.get(private.owner)
        if owner is not None and not hasattr(owner, private.name):
            found.append(f"{private.owner} has no {private.name} ({private.use})")
    if not hasattr(W3PerDocReader, "doc_field_length") or "_doccount" not in W3PerDocReader.__init__.__code__.co_names:
        found.append("whoosh.codec.whoosh3.W3PerDocReader no longer sets _doccount (lengths from memory)")
    if "dfl" not in BM25FScorer.setup.__code__.co_names:
        found.append("whoosh.scoring.BM25FScorer.setup() no longer sets dfl (lengths from memory)")
    block = set(W3PostingsWriter._new_block.__code__.co_names) | set(W3PostingsWriter.__init__.__code__.co_names)
    for name in ("_ids", "_weights", "_values", "_maxweight", "_minlength", "_maxlength", "_blocklimit"):
        if name not in block:
            found.append(f"whoosh.codec.whoosh3.W3PostingsWriter no longer sets {name} (blocks written whole)")
    fed = W3FieldWriter.start_field.__code__.co_names
    if not hasattr(W3PostingsWriter, "_write_block") or "_postwriter" not in fed:
        found.append("whoosh.codec.whoosh3.W3FieldWriter/W3PostingsWriter changed (blocks written whole)")
    if "pool" not in SegmentWriter.__init__.__code__.co_names or \
            "iter_postings" not in SegmentWriter._flush_segment.__code__.co_names:
        found.append("whoosh.writing.SegmentWriter no longer keeps its postings in .pool (the full build's TermPool)")
    if not hasattr(wq.Or, "DEFAULT_MATCHER"):
        found.append("whoosh.query.Or has no DEFAULT_MATCHER (the lazy Or)")
    return found
