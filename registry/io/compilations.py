"""Split a compilation (a handbook holding several rules) into its rules, where the article numbering
starts again at 1.

A rule of the compilation begins at the heading lines just before its first article (its title, and
a 第一章 under it); its title is the last of those lines that is not a chapter or section heading.
Text before the first rule's heading (the handbook's own title or preface) stays with the first rule,
so nothing of the file is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.rules.articles import parse_body

DIVISION = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[编章节篇]|^第[一二三四五六七八九十\d]+部分")
SENTENCE_END = tuple("。；;：:，,")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百\d]+条")


@dataclass(frozen=True)
class Part:
    title: str
    text: str


def split_compilation(body: str) -> list[Part]:
    """Return the rules of a compilation in order; a text holding one rule gives an empty list."""
    articles = [s for s in parse_body(body).segments
                if s.kind == "article" and s.number is not None and "之" not in s.label]
    restarts = [a for previous, a in zip(articles, articles[1:], strict=False)
                if a.number == 1 and previous.number and previous.number > 1]
    if not restarts or not articles:
        return []
    heads = [_head(body, a.start) for a in [articles[0], *restarts]]
    starts = [0] + [start for start, _title in heads[1:]]
    ends = starts[1:] + [len(body)]
    return [Part(title, body[start:end].strip("\n") + "\n")
            for (start, end), (_start, title) in zip(zip(starts, ends, strict=True), heads, strict=True)]


def _head(body: str, article_start: int) -> tuple[int, str]:
    """Return where the heading lines before an article begin, and the rule's title among them."""
    start, title = article_start, ""
    lines = body[:article_start].split("\n")[:-1]  # the lines before the article's line
    position = article_start - 1  # the newline ending the line before
    for line in reversed(lines):
        text = line.strip().lstrip("#").strip().strip("*").strip()
        line_start = position - len(line)
        if text:
            if not _heading_like(text):
                break
            start = line_start
            if not title and not DIVISION.match(text):
                title = text
        position = line_start - 1
    return start, title[:300]


def _heading_like(text: str) -> bool:
    return len(text) <= 60 and not text.endswith(SENTENCE_END) and not ARTICLE.match(text)
