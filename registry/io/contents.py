"""Recognise a document's table of contents (目录 / Contents) and keep it out of the body.

A 目录 lists the chapters before the text repeats them: left in, the parser takes the list for the
chapters, and the real 第一章 gets a second anchor. The list is dropped only when it is one: a
目录/Contents line followed by at least two entries (headings, or lines with dot leaders and page
numbers) that end where the body begins, i.e. where the first entry comes again or the first article
starts.
"""

from __future__ import annotations

import re

TOC_TITLE = re.compile(r"^(?:目录|目次|contents|tableofcontents)$", re.I)
LEADER_AND_PAGE = re.compile(r"(?:\.{2,}|…+|·{2,}|-{3,}|\s{2,})\s*\d{1,4}\s*$|\s+\d{1,4}$")
HEADING_ENTRY = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编章节部分篇]|附\s*则|附\s*件|[一二三四五六七八九十]+[、.．]"
    r"|(?:chapter|part|section|article)\s+[\dIVXLC]+|\d+(?:\.\d+)*\s)", re.I)
ARTICLE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条|article\s+1\b)", re.I)
SCAN_LINES = 400


def _key(line: str) -> str:
    line = LEADER_AND_PAGE.sub("", line.strip().lstrip("#").strip())
    return re.sub(r"[\s\u3000*_]+", "", line).casefold()


def _is_entry(line: str) -> bool:
    stripped = line.strip().lstrip("#").strip()
    return bool(HEADING_ENTRY.match(stripped) or LEADER_AND_PAGE.search(stripped)) and not ARTICLE.match(stripped)


def drop_toc(text: str) -> tuple[str, bool]:
    """Return the text without its tables of contents (a printed one and the law's own), and whether any."""
    found = False
    for _ in range(3):
        text, dropped = _drop_first_toc(text)
        if not dropped:
            break
        found = True
    return text, found


def _drop_first_toc(text: str) -> tuple[str, bool]:
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()][:SCAN_LINES]
    for position, index in enumerate(filled):
        if not TOC_TITLE.match(_key(lines[index])):
            continue
        entries = []
        for following in filled[position + 1:]:
            line = lines[following]
            if entries and (_key(line) == _key(lines[entries[0]]) or ARTICLE.match(line.strip().lstrip("#").strip())):
                if len(entries) >= 2:
                    kept = [line for i, line in enumerate(lines) if i != index and i not in set(entries)]
                    return "\n".join(kept), True
                break
            if not _is_entry(line):
                break
            entries.append(following)
        if len(entries) >= 2 and all(LEADER_AND_PAGE.search(lines[i].strip()) for i in entries):
            kept = [line for i, line in enumerate(lines) if i != index and i not in set(entries)]
            return "\n".join(kept), True  # a printed list with page numbers, wherever it ends
        return text, False
    return text, False
