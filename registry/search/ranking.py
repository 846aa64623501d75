"""BM25F, as Whoosh computes it, with each segment's field lengths read once and kept in memory.

Scoring a document needs the length of the field it matched in. Whoosh reads that byte from the
segment's length column on every call (a seek and a read with `supports_mmap=False`): a quarter of the
time of a query for a common word, which visits hundreds of documents. A segment never changes once
written (deletions do not change lengths), so its lengths are cached by segment id for the life of
the process: after a commit only the new, small segment is read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

_MAX_ENTRIES = 512
_per_segment: OrderedDict[tuple, object] = OrderedDict()
_guard = threading.Lock()


def segment_memo(reader, name: str, compute):
    """Return compute(reader) for a segment reader, kept by segment id for the life of the process.

    For facts a segment fixes once written (field lengths, column values): after a commit only the
    new, small segment is read, not the whole index again.
    """
    key = (reader.segment().segment_id(), name)  # random 16-character names: unique across indexes
    with _guard:
        if key in _per_segment:
            _per_segment.move_to_end(key)
            return _per_segment[key]
    value = compute(reader)
    with _guard:
        _per_segment[key] = value
        while len(_per_segment) > _MAX_ENTRIES:
            _per_segment.popitem(last=False)
    return value


def field_lengths(reader, fieldname: str) -> list[int]:
    """Return the length of `fieldname` in every document of a segment reader (cached)."""
    return segment_memo(reader, f"length:{fieldname}", lambda r: [
        r.doc_field_length(docnum, fieldname, 1) or 1 for docnum in range(r.doc_count_all())])


class _Scorer(BM25FScorer):
    def setup(self, searcher, fieldname, text):
        super().setup(searcher, fieldname, text)
        self.dfl = field_lengths(searcher.reader(), fieldname).__getitem__


class CachedBM25F(BM25F):
    """Whoosh's BM25F (same scores), reading field lengths from memory."""

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _Scorer(searcher, fieldname, text, self._field_B.get(fieldname, self.B), self.K1, qf=qf)
