"""Recognise references in a text: 《X办法》, 《X办法》第十二条, 本办法第五条, "Article 4 of the Y Policy".

Pure functions over text, so the rule page, the stored index of references and the bench use the same reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.rules.numerals import chinese_numeral_to_int

_NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
_ARTICLE = rf"第(?P<art>{_NUM})条(?:之(?P<sub>[一二三四五六七八九十]+))?"
# 《title》, an optional edition in brackets (（2024年修订）, (试行)), an optional article.
_BOOK = re.compile(rf"《(?P<title>[^《》\n]{{2,80}})》(?:[（(][^（）()\n]{{1,20}}[）)])?(?:{_ARTICLE})?")
_SELF_WORDS = ("实施细则", "办法", "规定", "细则", "条例", "制度", "规则", "准则", "守则", "章程", "决定", "规范",
               "方案", "意见", "通知", "法")
_SELF = re.compile(rf"本(?:{'|'.join(_SELF_WORDS)}){_ARTICLE}")
_EN_KINDS = (r"(?:Policy|Policies|Regulations?|Rules|Procedures?|Code|Standards?|Act|Guidelines|Handbook"
             r"|Charter|Statute|Terms|Agreement|Statement)")
_EN = re.compile(
    rf"\b(?:Article|Section)\s+(?P<art>\d+)(?:\.(?P<sub>\d+))?\s+of\s+(?:(?P<self>(?:this|these)\s+(?:[A-Z]\w*\s+)?"
    rf"{_EN_KINDS})|(?:the\s+)?"
    rf"(?P<title>(?:[A-Z][\w'’&-]*\s+){{0,8}}{_EN_KINDS}|[A-Z]{{2,10}}(?!\s+(?:template|document|form|page|file|section)\b)))\b")
# What a rule's or law's title ends with; other titles in 《》 name certificates, books or newspapers.
_RULE_ENDINGS = re.compile(r"(?:法|法典|条例|规定|办法|细则|规则|决定|解释|意见|通知|章程|规范|准则|守则"
                           r"|制度|标准|规程|纲要|方案|公约|协定|规划|批复|命令|令|指引|指南|要点|须知)$")
# 本条例第七条、第八条 / 《X法》第十条和第十二条: the further articles of the same rule.
_MORE = re.compile(rf"(?:、|，|,|和|及|以及|或者|至)第(?P<art>{_NUM})条(?:之(?P<sub>[一二三四五六七八九十]+))?")
_EDITION = re.compile(r"[（(](?:试行|暂行|草案|修订|修正|\d{4}年?[^（）()]*)[）)]$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    title: str | None  # None: the text's own rule (本办法第五条, "Article 4 of this Policy")
    article: int | None
    sub: int | None = None  # 之一 → 1

    def key(self) -> tuple:
        return (normal_title(self.title) if self.title else None, self.article, self.sub)


def normal_title(title: str) -> str:
    """Return a title as references are matched: spaces dropped, an edition in brackets at the end dropped."""
    title = _SPACES.sub("", title.strip().strip("《》"))
    while True:
        shorter = _EDITION.sub("", title)
        if shorter == title:
            return title.casefold()
        title = shorter


def _number(text: str | None) -> int | None:
    return chinese_numeral_to_int(text) if text else None


def find_references(text: str) -> list[Reference]:
    """Return the references in `text`, in order, without overlaps."""
    found: list[Reference] = []
    for m in _BOOK.finditer(text):
        if not _RULE_ENDINGS.search(normal_title(m["title"])):
            continue
        found.append(Reference(m.start(), m.end(), m["title"].strip(), _number(m["art"]), _number(m["sub"])))
    for m in _SELF.finditer(text):
        found.append(Reference(m.start(), m.end(), None, _number(m["art"]), _number(m["sub"])))
    for m in _EN.finditer(text):
        title = None if m["self"] else _SPACES.sub(" ", m["title"])
        found.append(Reference(m.start(), m.end(), title, int(m["art"]), int(m["sub"]) if m["sub"] else None))
    found += [more for ref in found if ref.article for more in _continuations(text, ref)]
    found.sort(key=lambda r: (r.start, -r.end))
    kept, end = [], -1
    for ref in found:
        if ref.start >= end:
            kept.append(ref)
            end = ref.end
    return kept


def _continuations(text: str, ref: Reference) -> list[Reference]:
    """Return the articles listed right after `ref` (、第八条、第九条), as references to the same rule."""
    more, at = [], ref.end
    while (m := _MORE.match(text, at)) is not None:
        more.append(Reference(m.start() + m.group(0).index("第"), m.end(), ref.title, _number(m["art"]),
                              _number(m["sub"])))
        at = m.end()
    return more


def article_anchor(article: int, sub: int | None = None) -> str:
    """Return the rule page's anchor of an article (the parser's art-12, art-10-1)."""
    return f"art-{article}" + (f"-{sub}" if sub else "")
