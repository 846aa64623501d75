"""The fence around Whoosh's private internals: every private class or attribute the search uses, here.

Each access makes search or indexing measurably faster (docs/architecture.md, "How it got there") and
was checked against `CHECKED_VERSION` of whoosh-reloaded, which requirements.txt pins.
tests/search/test_whoosh_internals.py fails, naming what changed, if another version or a changed
shape arrives; the fast paths also fall back to Whoosh's public interface where they can.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

import whoosh
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

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
        key = (fieldname, default)
        if key not in self._memo:
            read = super().doc_field_length
            self._memo[key] = [read(d, fieldname, default) for d in range(self._doccount)]
        return self._memo[key][docnum]


class _Codec(W3Codec):
    """The W3 codec, writing posting blocks uncompressed and reading lengths from memory while writing.

    zlib cost ~25% of a commit and, when reading, most of a short query's time (the index grows ~20%).
    Each block records its own compression, so older segments still read. Each segment pickles its
    codec by class name (engine.py keeps the name segments written before this module used).
    """

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)


CODEC = _Codec(compression=0)


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
    if not hasattr(wq.Or, "DEFAULT_MATCHER"):
        found.append("whoosh.query.Or has no DEFAULT_MATCHER (the lazy Or)")
    return found
