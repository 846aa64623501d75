"""The structural lines of a body, as the scanners find them and the article parser nests them."""

from __future__ import annotations

from typing import NamedTuple

# A head closes every open head of the same or a deeper rank. Numbered headings (一、, 1.1) take ranks
# between these, so that 壹、 > 一、 > （一） nest the way the document wrote them.
RANKS = {"part": 1.0, "subpart": 2.0, "chapter": 3.0, "section": 4.0, "article": 5.0}
KEY_PREFIX = {"part": "part", "subpart": "subpart", "chapter": "ch", "section": "sec", "article": "art"}


class Head(NamedTuple):  # a tuple, not a dataclass: a long law has thousands and speed matters
    start: int
    kind: str  # a RANKS key; "subpart" (分编) becomes a Segment of kind "part"
    label: str  # as written: "第一章", "Article 3", "一、", "（二）", "1.1"
    title: str
    number: int
    key: str  # the anchor before parent prefixes and de-duplication, e.g. "ch-2", "art-10-1"
    rank: float
    nested: bool  # the anchor takes the enclosing heading's as a prefix ("ch-2-sec-1", "ch-2-art-1")
