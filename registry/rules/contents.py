"""Find a table of contents (目录) at the start of a body, so its lines are not taken for the chapters.

A 目录 lists the headings that follow, perhaps with page numbers; it ends where its first entry is
written again as the real heading. Without a 目录 line, a leading run of bare headings (nothing but
page numbers between them) that the document writes again is a table of contents too: PDFs often lose
the word, and some published texts keep the list but lost the first real headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

Identity = Callable[[Any], Hashable]  # what a heading is: its kind and number, ("chapter", "ch-1")
IsArticle = Callable[[Any], bool]

_CONTENTS_LINE = re.compile(
    r"^[^\S\r\n]*(?:#{1,6}[^\S\r\n]*)?(?:\*\*|__)?[^\S\r\n]*"
    r"(?:目[^\S\r\n]*[录錄次]|(?i:table[^\S\r\n]+of[^\S\r\n]+contents|contents))"
    r"[^\S\r\n]*(?:\*\*|__)?[^\S\r\n]*[:：]?[^\S\r\n]*$",
    re.MULTILINE,
)
_SEARCH_WITHIN = 20_000  # characters: a table of contents is at the start
_PAGE_FILLER = re.compile(r"[\s0-9.．…·•\-—–_*|]*")  # what may stand between two entries


def contents_span(body: str, line: re.Match[str] | None, heads: Sequence[Any], identity: Identity,
                  is_article: IsArticle | None = None) -> tuple[int, int] | None:
    """Return (start, end) of the table of contents at the start of `body`, or None if it has none.

    `line` is the body's `contents_line`; `heads` are its structural lines in order (anything with a
    `start`). Given `is_article`, a table of contents without a 目录 line is looked for too, which only
    explicit headings (第一章) make safe.
    """
    if line is not None:
        after = [h for h in heads if h.start > line.start()]
        if after:
            first = identity(after[0])
            again = next((h for h in after[1:] if identity(h) == first), None)
            if again is not None:
                return line.start(), again.start
    return _bare_run(body, heads, identity, is_article) if is_article else None


def contents_line(body: str) -> re.Match[str] | None:
    """Return the 目录 / Contents line near the start of `body`, if there is one."""
    return _CONTENTS_LINE.search(body, 0, _SEARCH_WITHIN)


def _bare_run(body: str, heads: Sequence[Any], identity: Identity, is_article: IsArticle) -> tuple[int, int] | None:
    """Return the span of a leading run of empty headings that the document writes again later."""
    run = []
    for i, head in enumerate(heads):
        if is_article(head):
            break
        run.append(head)
        line_end = body.find("\n", head.start)
        following = heads[i + 1].start if i + 1 < len(heads) else len(body)
        if line_end < 0 or not _PAGE_FILLER.fullmatch(body, line_end, following):
            break
    if len(run) < 3:
        return None
    ids = [identity(h) for h in run]
    again = next((j for j in range(2, len(run)) if ids[j] == ids[0]), None)
    if again is not None:
        return run[0].start, run[again].start
    later = {identity(h) for h in heads[len(run):]}
    repeated = [j for j, i in enumerate(ids) if i in later]
    return (run[0].start, run[repeated[-1]].start + 1) if len(repeated) >= 2 else None
