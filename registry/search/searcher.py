"""What the Whoosh backend keeps in memory: facts of segments for the process, facts of one searcher.

A segment never changes once written (deletions do not change its postings or lengths), so what is
read from it is kept by segment id for the life of the index object: after a commit only the new,
small segment is read. Scores depend on index-wide statistics, so scored lists, stored fields, the
version table and the vocabulary go with the searcher (SearcherState) when a commit opens a new one.
"""

from __future__ import annotations

import sys
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from registry.lru import Lru
from registry.search import whoosh_internals

if TYPE_CHECKING:
    from registry.search.lookup import VersionTable
    from registry.search.spelling import Vocabulary

# Raw postings (document numbers and weights) of each segment (12 bytes a posting: 2.5 million ≈ 30 MB).
SEGMENT_POSTINGS = 2_500_000
# Other facts of segments (field lengths, column rows), in entries.
SEGMENT_FACTS = 512
# How many documents of a segment hold a term, in (segment, field, term) entries (~150 bytes each).
SEGMENT_FREQUENCIES = 10_000
# Reading and decoding a posting list again costs ~1.5 µs a posting and scoring it ~0.35 µs; a results page
# reads a few lists of thousands of documents each. Scored posting lists of the current searcher, as arrays
# of documents and scores (16 bytes a posting: ≈ 24 MB).
SCORED_POSTINGS = 1_500_000
# Stored fields kept per process, in documents (a version's article offsets: ~10 kB on average).
STORED_CACHE = 1_000


class ArticleOffsets(Sequence):
    """A version's units as the index stores them, (start, end, anchor, label) each, in less memory.

    Offsets go in two arrays and anchors and labels are interned: 第一条 and its anchor are the same
    strings in every version, so the offsets of a thousand versions kept (STORED_CACHE) take a few
    megabytes, not the fifteen that as many lists of tuples took.
    """

    def __init__(self, units: Iterable[tuple[int, int, str, str]]):
        units = list(units)
        self._starts = array("i", (u[0] for u in units))
        self._ends = array("i", (u[1] for u in units))
        self._anchors = tuple(sys.intern(u[2]) for u in units)
        self._labels = tuple(sys.intern(u[3]) for u in units)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._starts[i], self._ends[i], self._anchors[i], self._labels[i]


class SegmentCache:
    """Facts of segments, by segment id (random 16-character names: unique across indexes)."""

    def __init__(self):
        self.postings = Lru(SEGMENT_POSTINGS)
        self.facts = Lru(SEGMENT_FACTS)
        self.stored = Lru(STORED_CACHE)  # by (segment id, document number in the segment)
        self.frequencies = Lru(SEGMENT_FREQUENCIES)
        self._current: dict[str, dict[str, Any]] = {}
        self._current_lock = threading.Lock()

    def memo(self, reader, name: str, compute: Callable[[Any], Any]):
        """Return compute(reader) for a segment reader, read once per segment."""
        return self.facts.setdefault((reader.segment().segment_id(), name), lambda: compute(reader),
                                     lambda _value: 0)

    def current(self, readers: list, name: str, compute: Callable[[Any], Any]) -> list:
        """Return compute(reader) for each of a searcher's segment readers, kept only while the segment is live.

        Unlike memo(), what other segments had is dropped: these values are large (a segment's every
        word), and a merge leaves the segments it merged away with no reader ever asking again.
        """
        with self._current_lock:
            kept = self._current.get(name, {})
            values = {}
            for reader in readers:
                key = reader.segment().segment_id()
                values[key] = kept[key] if key in kept else compute(reader)
            self._current[name] = values
            return [values[reader.segment().segment_id()] for reader in readers]

    def field_lengths(self, reader, fieldname: str) -> list[int]:
        """Return the length of `fieldname` in every document of a segment reader."""
        return self.memo(reader, f"length:{fieldname}", lambda r: [
            r.doc_field_length(docnum, fieldname, 1) or 1 for docnum in range(r.doc_count_all())])

    def length_array(self, reader, fieldname: str) -> np.ndarray:
        """Return field_lengths() as an array of floats (scored a posting list at a time)."""
        return self.memo(reader, f"lengths:{fieldname}",
                         lambda r: np.array(self.field_lengths(r, fieldname), np.float64))

    def doc_frequency(self, reader, fieldname: str, text: str) -> int:
        """Return how many documents of a segment hold a term, deleted documents included (0: not there)."""
        return self.frequencies.setdefault((reader.segment().segment_id(), fieldname, text),
                                           lambda: reader.doc_frequency(fieldname, text), lambda _n: 0)

    def term_postings(self, reader, fieldname: str, text: str) -> tuple[array, array]:
        """Return the document numbers and weights of a term in one segment, deleted documents included."""
        def compute():
            ids, weights = whoosh_internals.posting_list(reader, fieldname, text)
            return array("i", ids), array("d", weights)  # segment-local numbers fit in 32 bits

        return self.postings.setdefault((reader.segment().segment_id(), fieldname, text), compute,
                                        lambda found: len(found[0]))


@dataclass(eq=False)
class SearcherState:
    """One Whoosh searcher and everything derived from its index generation."""

    searcher: Any  # whoosh.searching.Searcher
    segments: SegmentCache
    biwords: bool  # the generation indexes biwords (format 2 and later)
    generation: str = ""
    scores: Lru = field(default_factory=lambda: Lru(SCORED_POSTINGS))
    versions: VersionTable | None = None
    vocabulary: Vocabulary | None = None
    _leaves: tuple[list[int], list[str]] | None = None

    def leaf_of(self, docnum: int) -> tuple[str, int]:
        """Return the segment id of a document of this searcher and its number within that segment."""
        if self._leaves is None:
            leaves = self.searcher.leaf_searchers()
            self._leaves = ([offset for _sub, offset in leaves],
                            [sub.reader().segment().segment_id() for sub, _offset in leaves])
        offsets, segment_ids = self._leaves
        at = bisect_right(offsets, docnum) - 1
        return segment_ids[at], docnum - offsets[at]
