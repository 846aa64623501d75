"""Find a table of contents (目录) at the start of a body, so its lines are not taken for the chapters.

A 目录 lists the headings that follow, perhaps with page numbers; it ends where its first entry is
written again as the real heading. Without a 目录 line, a leading run of bare headings (nothing but
page numbers between them) that the document writes again is a table of contents too: PDFs often lose
the word, and some published texts keep the list but lost the first real headings.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

Entry = tuple[int, Hashable, bool]  # where a structural line starts, what it is (its kind and number), is article

_CONTENTS_LINE = re.compile(
    r"^[^\S\r\n]*(?:#{1,6}[^\S\r\n]*)?(?:\*\*|__)?[^\S\r\n]*"
    r"(?:目[^\S\r\n]*[录錄次]|(?i:table[^\S\r\n]+of[^\S\r\n]+contents|contents))"
    r"[^\S\r\n]*(?:\*\*|__)?[^\S\r\n]*[:：]?[^\S\r\n]*$",
    re.MULTILINE,
)
_SEARCH_WITHIN = 20_000  # characters: a table of contents is at the start
_PAGE_FILLER = re.compile(r"[\s0-9.．…·•\-—–_*|]*")  # what may stand between two entries


def contents_span(body: str, entries: Sequence[Entry], *, bare: bool = True) -> tuple[int, int] | None:
    """Return (start, end) of the table of contents at the start of `body`, or None if it has none.

    `bare` also looks for one without a 目录 line, which only explicit headings (第一章) make safe.
    """
    line = _CONTENTS_LINE.search(body, 0, _SEARCH_WITHIN)
    if line is not None:
        after = [e for e in entries if e[0] > line.start()]
        if after:
            again = next((e for e in after[1:] if e[1] == after[0][1]), None)
            if again is not None:
                return line.start(), again[0]
    return _bare_run(body, entries) if bare else None


def _bare_run(body: str, entries: Sequence[Entry]) -> tuple[int, int] | None:
    """Return the span of a leading run of empty headings that the document writes again later."""
    run = []
    for i, (start, _identity, is_article) in enumerate(entries):
        if is_article:
            break
        run.append(entries[i])
        line_end = body.find("\n", start)
        following = entries[i + 1][0] if i + 1 < len(entries) else len(body)
        if line_end < 0 or not _PAGE_FILLER.fullmatch(body, line_end, following):
            break
    if len(run) < 3:
        return None
    again = next((j for j in range(2, len(run)) if run[j][1] == run[0][1]), None)
    if again is not None:
        return run[0][0], run[again][0]
    later = {identity for _, identity, _ in entries[len(run):]}
    repeated = [j for j, (_, identity, _) in enumerate(run) if identity in later]
    return (run[0][0], run[repeated[-1]][0] + 1) if len(repeated) >= 2 else None
