"""Cut the annexes (附件) at the end of a text off its body, so they become the version's attachments.

An annex starts at a line 附件 / 附件1 / 附件2：… after which no article (第…条) follows: the rule's
own text ends there. The body before it is kept byte for byte (only the blank lines before the first
annex go); each annex keeps its own text, and its title is the 附件 line with the title line after it
("附件1 采购申请表").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANNEX_LINE = re.compile(r"^\s*(?:#+\s*)?附\s*件\s*[\d一二三四五六七八九十]*\s*(?:[:：]|$|\s)", re.M)
ARTICLE_LINE = re.compile(r"^\s*(?:#+\s*)?第[一二三四五六七八九十百千零〇两\d]+条", re.M)


@dataclass(frozen=True)
class Annex:
    title: str
    text: str


def split_annexes(body: str) -> tuple[str, list[Annex]]:
    """Return the body without its trailing annexes, and the annexes in order (none: the body unchanged)."""
    starts = [m.start() for m in ANNEX_LINE.finditer(body)]
    last_article = max((m.start() for m in ARTICLE_LINE.finditer(body)), default=-1)
    starts = [s for s in starts if s > last_article]
    if not starts:
        return body, []
    annexes = []
    for start, end in zip(starts, starts[1:] + [len(body)], strict=True):
        text = body[start:end].strip("\n") + "\n"
        annexes.append(Annex(_title(text, len(annexes) + 1), text))
    kept = body[:starts[0]].rstrip("\n")
    if not kept.strip():
        return body, []  # a file that is only an annex is a text of its own
    return (kept + "\n" if kept else ""), annexes


def _title(text: str, position: int) -> str:
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()]
    head = lines[0] if lines else f"附件{position}"
    if re.fullmatch(r"附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?", head) and len(lines) > 1:
        head = head.rstrip(":：") + " " + lines[1]
    return head[:300]
